"""Forms of the two-factor sign-in step. The codes themselves are checked by fls.services."""
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


class TwoFactorCodeForm(forms.Form):
    """One code: from the authenticator app, or (where `backup_codes` allows) a printed backup code."""

    # A backup code is 8 characters; room for the spaces and dashes people type, and no more.
    code = forms.CharField(label=_("Code"), max_length=20, strip=True)

    def __init__(self, *args, backup_codes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.widget.attrs.update({
            "autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "off",
            # Phones offer a number pad for the app's code; a backup code has letters.
            "inputmode": "text" if backup_codes else "numeric",
        })
        field.help_text = (
            _("The 6-digit code from your authenticator app, or one of your printed backup codes.")
            if backup_codes else _("The 6-digit code your authenticator app shows now.")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
