"""National patient identifiers, validated by the rules of the site's country.

The NHS number rule (docs/clinical-rules.md#nhs-number-check-digit): multiply digits 1–9 by
weights 10 down to 2, sum; check = 11 − (sum mod 11); 11 means 0 and 10 means invalid.
"""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_GENERIC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{2,18}[A-Za-z0-9]$")


def normalise_hospital_number(value: str) -> str:
    """A hospital number as stored and compared: spaces (tabs, no-break spaces, runs of them) are not part of
    it, so " H1  23 " is "H1 23". Used before every duplicate check (forms, services, the import, case-finding):
    two numbers that differ only by spaces are one patient, refused as a duplicate, never a database error."""
    return " ".join((value or "").split())


def normalise_nhs_number(value: str) -> str:
    return re.sub(r"[\s\-]", "", value or "")


def nhs_number_is_valid(value: str) -> bool:
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def clean_national_number(value: str, country: str) -> str:
    """Return the stored form of a national number, or raise ValidationError with a clear reason."""
    value = (value or "").strip()
    if not value:
        return ""
    if country == "GB":
        digits = normalise_nhs_number(value)
        if not re.fullmatch(r"\d{10}", digits):
            raise ValidationError(_("An NHS number has exactly 10 digits."), code="nhs_format")
        if not nhs_number_is_valid(digits):
            raise ValidationError(_("This is not a valid NHS number: its check digit does not match."),
                                  code="nhs_check")
        return digits
    if not _GENERIC.match(value):
        raise ValidationError(
            _("A national number has 4–20 letters, digits, spaces or hyphens."), code="national_format"
        )
    return value.upper()


UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def clean_postcode(value: str, country: str) -> str:
    value = " ".join((value or "").upper().split())
    if not value:
        return ""
    if country == "GB":
        if not UK_POSTCODE.match(value):
            raise ValidationError(_("Enter a UK postcode such as SW1A 1AA."), code="postcode")
        if " " not in value:
            value = f"{value[:-3]} {value[-3:]}"
    elif len(value) > 12:
        raise ValidationError(_("A postcode has at most 12 characters."), code="postcode")
    return value
