from crispy_forms.helper import FormHelper
from django import forms

from .intake import COLUMNS, MAX_UPLOAD_BYTES, OPTIONAL_COLUMNS
from .models import DismissReason


class ReportUploadForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, empty_label=None)
    file = forms.FileField(
        label="Reports file",
        help_text=(
            f"A CSV with the columns {', '.join(COLUMNS)} ({', '.join(sorted(OPTIONAL_COLUMNS))} may be left out), "
            f"or a file of HL7 v2 ORU^R01 messages. At most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.hl7,.txt,text/csv"}),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        choices = list(sites)
        if len(choices) == 1:
            self.fields["site"].initial = choices[0]
            self.fields["site"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / (1024 * 1024):.1f} MB; the limit is {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
            )
        return upload


class DismissForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "Why is this not a case?")] + list(DismissReason.choices))
    note = forms.CharField(required=False, max_length=2000)
