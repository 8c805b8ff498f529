from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fls.uploads import SiteFileUploadForm

from .intake import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS
from .models import DismissReason


def _upload_help_text() -> str:
    return gettext(
        "A CSV with the columns %(columns)s (%(optional)s may be left out), or a file of HL7 v2 ORU^R01 messages. "
        "At most %(megabytes)s MB."
    ) % {"columns": ", ".join(COLUMNS), "optional": ", ".join(sorted(OPTIONAL_COLUMNS)),
         "megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)}


class ReportUploadForm(SiteFileUploadForm):
    max_bytes = MAX_UPLOAD_BYTES
    file = forms.FileField(
        label=_("Reports file"),
        # Built when shown, in the reader's language.
        help_text=lazy(_upload_help_text, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.hl7,.txt,text/csv"}),
    )


class DismissForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", _("Why is this not a case?"))] + list(DismissReason.choices))
    note = forms.CharField(required=False, max_length=2000)
