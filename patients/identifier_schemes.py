"""The identifier schemes FLS Tracker is shipped with (docs/clinical-rules.md#identifiers), seeded by migration
patients 0012 and editable in the admin afterwards (patients.models.IdentifierScheme).

The names and help texts are English, marked for the catalogue (gettext_noop) so the pages show them translated;
a scheme added in the admin shows its own words as typed. Japan has no scheme: a Japanese hospital identifies a
patient by its own patient ID (患者ID), and the My Number (個人番号) must never be collected for this.
"""
from django.utils.translation import gettext_noop

NHS = "nhs"

SCHEMES = [
    {
        "code": NHS, "name": gettext_noop("NHS number"), "pattern": r"\d{10}", "check_digit": "mod11_nhs",
        "birth_date_prefix": False, "normalisation": "strip", "display_grouping": "3-3-4", "example": "943 476 5919",
        "help_text": gettext_noop("10 digits, as on the patient's letters; optional."),
        "source": "NHS Data Dictionary, NHS NUMBER (10 numeric digits, the tenth a modulus 11 check digit; England "
                  "and Wales). Example: NHS Digital's published example number 943 476 5919.",
    },
    {
        "code": "chi", "name": gettext_noop("CHI number"), "pattern": r"\d{10}", "check_digit": "mod11_nhs_or_luhn",
        "birth_date_prefix": True, "normalisation": "strip", "display_grouping": "", "example": "0101011237",
        "help_text": gettext_noop("10 digits, starting with the date of birth (DDMMYY); optional."),
        "source": "NHS Data Dictionary, COMMUNITY HEALTH INDEX NUMBER (ten digits: birth date DDMMYY, two digits, a "
                  "ninth digit even for females and odd for males, a check digit; NHS Scotland). Modulus 11 as the NHS "
                  "number; from 2026 also a modulus 10 (Luhn) check digit where a birth date has no modulus 11 number "
                  "left (Public Health Scotland, phsmethods chi_check, from the CHI Management Board's decision of "
                  "May 2025). Example: phsmethods' documentation.",
    },
    {
        "code": "hc", "name": gettext_noop("Health and Care number"), "pattern": r"3[2-9]\d{8}",
        "check_digit": "mod11_nhs", "birth_date_prefix": False, "normalisation": "strip",
        "display_grouping": "3-3-4", "example": "320 000 0015",
        "help_text": gettext_noop("10 digits, starting 32 to 39; optional."),
        "source": "NHS Data Dictionary, HEALTH AND CARE NUMBER (Northern Ireland: ten digits in the NHS number's "
                  "3 3 4 format, modulus 11 check digit, from the range 320 000 001 to 399 999 999 plus check digit).",
    },
    {
        "code": "ihi", "name": gettext_noop("Individual Healthcare Identifier (IHI)"), "pattern": r"800360\d{10}",
        "check_digit": "luhn", "birth_date_prefix": False, "normalisation": "strip",
        "display_grouping": "4-4-4-4", "example": "8003 6081 6669 0503",
        "help_text": gettext_noop("16 digits, starting 800360; optional."),
        "source": "HL7 Australia, AU Base Implementation Guide 5.0.0, profile AU IHI (inv-ihi-value-0 to 2: exactly "
                  "16 digits, prefix 800360, Luhn check). Example made up to pass those rules, not a real IHI.",
    },
    {
        "code": "national", "name": gettext_noop("National number"), "pattern": r"[A-Z0-9]{4,20}",
        "check_digit": "none", "birth_date_prefix": False, "normalisation": "strip_upper",
        "display_grouping": "", "example": "",
        "help_text": gettext_noop("4 to 20 letters or digits; optional."),
        "source": "None: FLS Tracker's earlier generic rule for sites outside the UK and Japan, kept for the sites that "
                  "used it. Replace it with the country's own scheme.",
    },
]

# Which scheme a new site of a country gets when nobody chose one (the demo, the tests' sites, migration 0012's
# existing sites). Scotland and Northern Ireland are in GB too: an administrator chooses their scheme.
COUNTRY_DEFAULTS = {"GB": NHS, "JP": None}
OTHER_COUNTRIES_DEFAULT = "national"


def seed(IdentifierScheme) -> None:
    """Create the shipped schemes that are missing (by code); an edited one is left as it is."""
    for fields in SCHEMES:
        IdentifierScheme.objects.get_or_create(code=fields["code"], defaults={
            name: value for name, value in fields.items() if name != "code"})


def default_scheme(country: str):
    """The scheme a site of this country gets by default (None in Japan), seeding the shipped ones if missing."""
    from .models import IdentifierScheme

    code = COUNTRY_DEFAULTS.get(country, OTHER_COUNTRIES_DEFAULT)
    if code is None:
        return None
    scheme = IdentifierScheme.objects.filter(code=code).first()
    if scheme is None:
        seed(IdentifierScheme)
        scheme = IdentifierScheme.objects.get(code=code)
    return scheme
