"""The shared shape of an upload page: a file for one of the user's sites, its size checked before
it is read, so the error appears beside the field. Subclasses declare their `file` field (label,
help text, accepted types) and `max_bytes`."""
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SiteFileUploadForm(forms.Form):
    max_bytes: int = 20 * 1024 * 1024

    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=None, empty_label=None)

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
            self.add_error(None, _("You can only upload to a site you work at."))
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("This file is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.") % {
                    "size": upload.size / (1024 * 1024), "limit": self.max_bytes // (1024 * 1024)}
            )
        return upload


def _too_large_message(verb: str) -> str:
    """"Cannot import …" / "Cannot screen …": each verb's whole sentence, so it is translated as one."""
    sentences = {
        "import": _("Cannot import %(file)s: it is larger than %(limit)d MB."),
        "screen": _("Cannot screen %(file)s: it is larger than %(limit)d MB."),
    }
    # Any other verb (none yet) in English, as the caller gave it.
    return sentences.get(verb, f"Cannot {verb} %(file)s: it is larger than %(limit)d MB.")


def read_command_file(file: str, site_code: str, *, verb: str, max_bytes: int):
    """For the import-style management commands: the file's bytes and the active site with this code,
    or a CommandError saying plainly why not (`verb` as in "Cannot import …" / "Cannot screen …")."""
    from django.core.management.base import CommandError

    path, site = check_command_file(file, site_code, verb=verb, max_bytes=max_bytes)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": exc.strerror or exc}) from None
    return path, raw_bytes, site


def check_command_file(file: str, site_code: str, *, verb: str, max_bytes: int):
    """As read_command_file, without reading the file (a command that streams it opens it itself)."""
    from pathlib import Path

    from django.core.management.base import CommandError

    from .models import Site

    path = Path(file)
    try:
        if path.stat().st_size > max_bytes:
            raise CommandError(_too_large_message(verb) % {"file": file, "limit": max_bytes // (1024 * 1024)})
        if path.is_dir():
            raise IsADirectoryError(21, "Is a directory")
    except OSError as exc:
        raise CommandError(_("Cannot read %(file)s: %(reason)s.") % {"file": file, "reason": exc.strerror or exc}) from None
    site = Site.objects.filter(code=site_code, is_active=True).first()
    if site is None:
        raise CommandError(_("No active site has the code %(code)s.") % {"code": repr(site_code)})
    return path, site
