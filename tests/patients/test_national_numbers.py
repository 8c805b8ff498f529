"""NHS number check digit and national-number formats (docs/clinical-rules.md#nhs-number-check-digit); every scheme's
numbers in test_identifier_schemes.py."""
import pytest
from django.core.exceptions import ValidationError

from patients.identifiers import clean_national_number, clean_postcode, nhs_number_is_valid
from patients.models import IdentifierScheme


@pytest.mark.parametrize(
    "number, valid",
    [
        ("9434765919", True),     # NHS Digital's published example
        ("943 476 5919", True),   # spaces, as printed on letters
        ("943-476-5919", True),
        ("9434765918", False),    # wrong check digit
        ("9434765080", True),     # sum mod 11 is 0: check value 11 means check digit 0
        ("9434765081", False),
        ("9434765030", False),    # check value 10: no check digit can make it valid
        ("9434765031", False),
        ("943476591", False),     # nine digits
        ("94347659190", False),   # eleven digits
        ("94347659A9", False),
        ("", False),
    ],
)
def test_nhs_number_check_digit(number, valid):
    assert nhs_number_is_valid(number) is valid


@pytest.fixture
def nhs(db):
    return IdentifierScheme.objects.get(code="nhs")


def test_a_uk_national_number_is_stored_as_ten_digits(nhs):
    assert clean_national_number(" 943 476 5919 ", nhs) == "9434765919"


@pytest.mark.parametrize(
    "number, message",
    [
        ("943476591", "This is not a valid NHS number: it should look like 943 476 5919."),
        ("9434765918", "This is not a valid NHS number: its check digit does not match."),
    ],
)
def test_an_invalid_nhs_number_says_why(nhs, number, message):
    with pytest.raises(ValidationError) as exc:
        clean_national_number(number, nhs)
    assert exc.value.messages == [message]


def test_other_countries_accept_their_own_formats_but_not_junk(db):
    generic = IdentifierScheme.objects.get(code="national")
    assert clean_national_number("ab-1234", generic) == "AB1234"
    with pytest.raises(ValidationError):
        clean_national_number("=1+2", generic)


def test_an_empty_national_number_is_allowed(nhs):
    assert clean_national_number("", nhs) == ""


@pytest.mark.parametrize("raw, stored", [("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"), (" ls6  2qt ", "LS6 2QT")])
def test_uk_postcodes_are_normalised(raw, stored):
    assert clean_postcode(raw, "GB") == stored


def test_a_malformed_uk_postcode_is_refused():
    with pytest.raises(ValidationError, match="UK postcode"):
        clean_postcode("12345", "GB")
