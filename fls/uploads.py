"""The shared shape of an upload page: a file for one of the user's sites, its size checked before
it is read, so the error appears beside the field. Subclasses declare their `file` field (label,
help text, accepted types) and `max_bytes`."""
from crispy_forms.helper import FormHelper
from django import forms


class SiteFileUploadForm(forms.Form):
    max_bytes: int = 20 * 1024 * 1024

    site = forms.ModelChoiceField(queryset=None, empty_label=None)

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
            self.add_error(None, "You can only upload to a site you work at.")
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"This file is {upload.size / (1024 * 1024):.1f} MB; the limit is "
                f"{self.max_bytes // (1024 * 1024)} MB. Split it into smaller files."
            )
        return upload


def read_command_file(file: str, site_code: str, *, verb: str, max_bytes: int):
    """For the import-style management commands: the file's bytes and the active site with this code,
    or a CommandError saying plainly why not (`verb` as in "Cannot import …" / "Cannot screen …")."""
    from django.core.management.base import CommandError

    path, site = check_command_file(file, site_code, verb=verb, max_bytes=max_bytes)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None
    return path, raw_bytes, site


def check_command_file(file: str, site_code: str, *, verb: str, max_bytes: int):
    """As read_command_file, without reading the file (a command that streams it opens it itself)."""
    from pathlib import Path

    from django.core.management.base import CommandError

    from .models import Site

    path = Path(file)
    try:
        if path.stat().st_size > max_bytes:
            raise CommandError(f"Cannot {verb} {file}: it is larger than {max_bytes // (1024 * 1024)} MB.")
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
    except OSError as exc:
        raise CommandError(f"Cannot read {file}: {exc.strerror or exc}.") from None
    site = Site.objects.filter(code=site_code, is_active=True).first()
    if site is None:
        raise CommandError(f"No active site has the code {site_code!r}.")
    return path, site
