"""The upload form for a bulk import. The file's contents are checked by patients.importing; the
form checks what it can before reading it (size), so the error appears beside the field."""
from crispy_forms.helper import FormHelper
from django import forms

from .importing import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS


class ImportUploadForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, empty_label=None)
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"Columns: {', '.join(COLUMNS)}. {', '.join(sorted(OPTIONAL_COLUMNS))} may be left out. "
            f"Dates as YYYY-MM-DD or DD/MM/YYYY. At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        choices = list(sites)
        if len(choices) == 1:
            # One site: nothing to choose, so don't ask.
            self.fields["site"].initial = choices[0]
            self.fields["site"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        if "site" in self.errors and self.fields["site"].widget.is_hidden:
            # A hidden field's own error would not be shown: say it where the user can see it.
            self.add_error(None, "You can only import into a site you work at.")
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / (1024 * 1024):.1f} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            )
        return upload
