"""The upload form for a bulk import. The file's contents are checked by patients.importing; the
form checks what it can before reading it (size), so the error appears beside the field."""
from django import forms

from fls.uploads import SiteFileUploadForm

from .importing import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS


class ImportUploadForm(SiteFileUploadForm):
    max_bytes = MAX_UPLOAD_BYTES
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"Columns: {', '.join(COLUMNS)}. {', '.join(sorted(OPTIONAL_COLUMNS))} may be left out. "
            f"Dates as YYYY-MM-DD or DD/MM/YYYY. At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
