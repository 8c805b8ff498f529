"""Patient identifiers: the hospital number every site asks, and the national number of the site's identifier
scheme (patients.models.IdentifierScheme, data: docs/clinical-rules.md#identifiers).

A site without a scheme (a Japanese hospital: the hospital's own patient ID is the identifier) records no
national number at all. The check-digit rules are here, named by IdentifierScheme.CheckDigit:

- mod11_nhs: multiply digits 1–9 by weights 10 down to 2, sum; check = 11 − (sum mod 11); 11 means 0 and 10 means
  invalid (NHS Data Dictionary, NHS NUMBER; CHI and Health and Care numbers use the same rule).
- luhn: the Luhn (ISO/IEC 7812) mod 10 check digit, the last digit (Australia's IHI).
- mod11_nhs_or_luhn: either of the two (CHI numbers: NHS Scotland issues mod 10 ones since 2026, where a birth
  date has run out of mod 11 numbers).
"""
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fls.dates import date_entry


def normalise_hospital_number(value: str) -> str:
    """A hospital number as stored and compared: spaces (tabs, no-break spaces, runs of them) are not part of
    it, so " H1  23 " is "H1 23". Used before every duplicate check (forms, services, the import, case-finding):
    two numbers that differ only by spaces are one patient, refused as a duplicate, never a database error."""
    return " ".join((value or "").split())


def normalise_nhs_number(value: str) -> str:
    """Spaces and hyphens taken out: how every national number is stored and searched."""
    return re.sub(r"[\s\-]", "", value or "")


def mod11_nhs_is_valid(digits: str) -> bool:
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def luhn_is_valid(digits: str) -> bool:
    if not re.fullmatch(r"\d{2,}", digits):
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def nhs_number_is_valid(value: str) -> bool:
    return mod11_nhs_is_valid(normalise_nhs_number(value))


CHECK_DIGIT_RULES = {
    "none": lambda digits: True,
    "mod11_nhs": mod11_nhs_is_valid,
    "luhn": luhn_is_valid,
    "mod11_nhs_or_luhn": lambda digits: mod11_nhs_is_valid(digits) or luhn_is_valid(digits),
}


def normalise_national_number(value: str, scheme) -> str:
    """The stored form of a national number under a scheme: spaces and hyphens out, upper case if it says so."""
    value = normalise_nhs_number(value)
    return value.upper() if scheme is not None and scheme.normalisation == "strip_upper" else value


def _birth_date_prefix_is_a_date(value: str) -> bool:
    """The first six digits are a date DDMMYY in one of the two centuries (29 February of a 00 year is a date)."""
    if not re.match(r"\d{6}", value):
        return False
    day, month, year = int(value[0:2]), int(value[2:4]), int(value[4:6])
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
            return True
        except ValueError:
            pass
    return False


def clean_national_number(value: str, scheme) -> str:
    """Return the stored form of a national number under the site's scheme, or raise ValidationError saying why.
    With no scheme (the site records no national number) only an empty value is accepted."""
    if not (value or "").strip():
        return ""
    if scheme is None:
        raise ValidationError(_("This site does not record a national number: leave it empty."),
                              code="national_not_recorded")
    label = scheme.label
    stored = normalise_national_number(value, scheme)
    if not re.fullmatch(scheme.pattern, stored):
        message = (_("This is not a valid %(scheme)s: it should look like %(example)s.")
                   % {"scheme": label, "example": scheme.example} if scheme.example
                   else _("This is not a valid %(scheme)s.") % {"scheme": label})
        raise ValidationError(message, code="national_format")
    if scheme.birth_date_prefix and not _birth_date_prefix_is_a_date(stored):
        raise ValidationError(
            _("This is not a valid %(scheme)s: its first six digits are the date of birth (DDMMYY).")
            % {"scheme": label}, code="national_birth_date")
    if not CHECK_DIGIT_RULES.get(scheme.check_digit, CHECK_DIGIT_RULES["none"])(stored):
        raise ValidationError(_("This is not a valid %(scheme)s: its check digit does not match.") % {"scheme": label},
                              code="national_check")
    return stored


def format_national_number(value: str, grouping: str) -> str:
    """A stored national number as people read it: grouping "3-3-4" shows 9434765919 as 943 476 5919. A value
    that does not fit the grouping is shown as stored."""
    if not value or not grouping:
        return value or ""
    sizes = [int(size) for size in grouping.split("-")]
    if sum(sizes) != len(value):
        return value
    parts, start = [], 0
    for size in sizes:
        parts.append(value[start:start + size])
        start += size
    return " ".join(parts)


def national_number_labels(sites) -> list[str]:
    """The names of the national numbers these sites record (NHS number, CHI number...), each once, in the sites'
    order; none for sites without a scheme. Reads site.identifier_scheme: give sites with it selected
    (fls.selectors.visible_sites does)."""
    labels = []
    for site in sites:
        scheme = site.identifier_scheme
        if scheme is not None and scheme.label not in labels:
            labels.append(scheme.label)
    return labels


def patient_search_hint(sites) -> str:
    """The patient search's placeholder: what can be typed, naming the sites' national numbers."""
    labels, pattern = national_number_labels(sites), date_entry().pattern  # the order dates are typed here
    if not labels:
        return _("Family name, given name, hospital number or date of birth (%(pattern)s)") % {"pattern": pattern}
    return _("Family name, given name, hospital number, %(numbers)s or date of birth (%(pattern)s)") % {
        "numbers": " / ".join(labels), "pattern": pattern}


def worklist_search_hint(sites) -> str:
    """The worklist search's placeholder, naming the sites' national numbers (the search matches them too)."""
    labels = national_number_labels(sites)
    if not labels:
        return _("Name or hospital number")
    return _("Name, hospital number or %(numbers)s") % {"numbers": " / ".join(labels)}


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
