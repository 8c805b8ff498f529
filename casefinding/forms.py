from django import forms

from fls.uploads import SiteFileUploadForm

from .intake import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS
from .models import DismissReason


class ReportUploadForm(SiteFileUploadForm):
    max_bytes = MAX_UPLOAD_BYTES
    file = forms.FileField(
        label="Reports file",
        help_text=(
            f"A CSV with the columns {', '.join(COLUMNS)} ({', '.join(sorted(OPTIONAL_COLUMNS))} may be left out), "
            f"or a file of HL7 v2 ORU^R01 messages. At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.hl7,.txt,text/csv"}),
    )


class DismissForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Why is this not a case?")] + list(DismissReason.choices))
    note = forms.CharField(required=False, max_length=2000)
