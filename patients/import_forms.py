"""The upload form for a bulk import. The file's contents are checked by patients.importing; the
form checks what it can before reading it (size), so the error appears beside the field."""
from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy as _

from fls.uploads import SiteFileUploadForm

from .importing import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS


def _file_help() -> str:
    # The column names are the file format's own (fixed, documented): only the sentence is translated.
    return gettext(
        "Columns: %(columns)s. %(optional)s may be left out. Dates as YYYY-MM-DD or DD/MM/YYYY. At most %(mb)s MB."
    ) % {
        "columns": ", ".join(COLUMNS), "optional": ", ".join(sorted(OPTIONAL_COLUMNS)),
        "mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    }


class ImportUploadForm(SiteFileUploadForm):
    max_bytes = MAX_UPLOAD_BYTES
    file = forms.FileField(
        label=_("CSV file"),
        help_text=lazy(_file_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
