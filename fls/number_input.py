"""Numbers typed as people type them (issue 20): a text box, never the browser's number box. Chromium's
<input type=number> drops what it cannot read ("abc", or "-2,5" typed with a decimal comma) and sends nothing, so
the server saw an empty field and what was typed was lost without a word. Here the text box sends what was typed;
read_number() reads it (full-width digits and signs as a Japanese keyboard types them, a minus sign, a decimal
comma), and what it cannot read is refused beside the field, shown back as typed, with an example.

    class AssessmentPartForm(ClinicModelForm): ...   # every number field of the model gets a Clinic*Field
    dose_mg = ClinicDecimalField(label=_("Dose (mg)"), min_value=0)
"""
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext

from .csvread import shown_cell

# A sign (+, -, or the minus sign U+2212), perhaps a space after it, then digits: with commas between groups of
# three (1,234 or 1,234,567.5, as the UK, the US and Japan write them), or with one decimal dot, or one decimal
# comma; nothing else (no exponent, no space or dot between groups, no space inside the digits).
_NUMBER = re.compile(
    r"(?P<sign>[+\-\u2212]?)\s*"
    r"(?P<digits>[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?|[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)", re.ASCII)
# One comma then three digits, no point: a thousands separator (1,234 is 1234) or a decimal comma (1,234 is 1.234).
_EITHER = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}", re.ASCII)
# The longest text a number box takes: a laboratory's value with room for a sign and spaces.
MAX_LENGTH = 30


def _refused(text: str, example: str) -> ValidationError:
    return ValidationError(
        gettext("“%(value)s” is not a number. Type it like %(example)s.")
        % {"value": shown_cell(str(text).strip()), "example": example},
        code="invalid")


def read_number(text, example: str = "-2.5", *, whole: bool = False) -> Decimal:
    """The number `text` holds, as a Decimal: full-width digits and ．，＋－ read as their ASCII twins, spaces
    around it (a no-break space too) ignored, a leading + or - or − (perhaps with a space after it), a decimal dot
    (-2.5, .5, 2.) or a decimal comma when it is the only one and there is no dot (-2,5), commas between groups of
    three digits (1,234,567 and 1,234.5).

    "1,234" alone could be either: for a whole number (`whole`) it is 1234; otherwise it is refused, naming both
    readings, rather than guessed (a T-score, a dose or a laboratory value a thousand times off is worse than a
    question). "0,125" is only a decimal: no group of thousands starts with 0.

    Anything else (abc, 1.234,5, 1.2.3, 1,23,456, 2.5e3, NaN, --2, 1 234) is refused: ValidationError (code
    "invalid", or "ambiguous" for 1,234) with the message to show beside the field, naming the text as typed
    (shortened) and `example`."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    match = _NUMBER.fullmatch(cleaned)
    if match is None:
        raise _refused(text, example)
    digits = match["digits"]
    if _EITHER.fullmatch(digits):
        if not whole:
            grouped, point = digits.replace(",", ""), digits.replace(",", ".")
            raise ValidationError(
                gettext("“%(value)s” could be %(grouped)s or %(point)s. Type %(grouped)s without the comma, or "
                        "%(point)s with a point.")
                % {"value": shown_cell(str(text).strip()), "grouped": grouped, "point": point},
                code="ambiguous")
        digits = digits.replace(",", "")
    elif digits.count(",") > 1 or "," in digits and "." in digits:
        digits = digits.replace(",", "")  # groups of thousands
    else:
        digits = digits.replace(",", ".")  # a decimal comma, the only comma
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern lets only digits and one point through
        raise _refused(text, example) from None
    return -number if match["sign"] in ("-", "\u2212") else number


def plain(value) -> str:
    """A number as it is typed: never in exponent notation (Decimal("1E+1") is 10)."""
    if isinstance(value, float):
        value = Decimal(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else value
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return str(value)


class ClinicNumberInput(forms.TextInput):
    """A text box for a number: the phone's decimal pad (the number pad for a whole number), no autocomplete or
    spelling marks; a value refused is shown back exactly as typed, a number as it would be typed."""

    def __init__(self, attrs=None, whole: bool = False):
        super().__init__({"inputmode": "numeric" if whole else "decimal", "autocomplete": "off",
                          "spellcheck": "false", "maxlength": str(MAX_LENGTH), **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
            return plain(value)
        return super().format_value(value)


def validator_limits(validators, low=None, high=None) -> tuple:
    """The tightest lowest and highest values that `validators` (Min/MaxValueValidators with a fixed limit) and the
    given `low` and `high` allow; None where nothing limits."""
    for validator in validators:
        limit = getattr(validator, "limit_value", None)
        if limit is None or callable(limit):
            continue
        if isinstance(validator, MinValueValidator) and (low is None or limit > low):
            low = limit
        elif isinstance(validator, MaxValueValidator) and (high is None or limit < high):
            high = limit
    return low, high


def _bounds(field) -> tuple:
    """The lowest and highest number the field takes, where it says (its min_value, max_value or validators)."""
    return validator_limits(field.validators, field.min_value, field.max_value)


class _ClinicNumber:
    """What the three number fields share: the text box, read_number, and an example that fits the field."""

    whole = False

    def __init__(self, **kwargs):
        kwargs.pop("localize", None)  # read_number reads a decimal comma whatever the language
        kwargs.setdefault("widget", ClinicNumberInput(whole=self.whole))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Not Django's number fields' min, max and step: those belong to <input type=number>, not a text box.
        return forms.Field.widget_attrs(self, widget)

    def example(self) -> str:
        """How a number for this field looks: -2.5 where it may be negative, 2.5 where not, 12 for whole numbers;
        a number inside the field's range where it has one (a height of 100 to 230 cm: 100.5)."""
        low, high = _bounds(self)
        if self.whole:
            example = Decimal(12)
        elif getattr(self, "decimal_places", None) == 0:
            example = Decimal(-2) if low is None or low < 0 else Decimal(2)
        else:
            example = Decimal("-2.5") if low is None or low < 0 else Decimal("2.5")
        if low is not None and example < low or high is not None and example > high:
            example = Decimal(low if low is not None else high)
            if not self.whole and getattr(self, "decimal_places", None) != 0:
                fraction = Decimal("0.5")
                example = example + fraction if high is None or example + fraction <= high else example - fraction
        return plain(example)

    def read(self, value):
        """The Decimal typed, None when nothing was (spaces only is nothing)."""
        if value in self.empty_values:
            return None
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(repr(value))
        if not str(value).strip():
            return None
        return read_number(value, self.example(), whole=self.whole)


class ClinicDecimalField(_ClinicNumber, forms.DecimalField):
    """A decimal typed in a text box (read_number); Django's range and digit checks still apply."""

    def to_python(self, value):
        return self.read(value)


class ClinicIntegerField(_ClinicNumber, forms.IntegerField):
    """A whole number typed in a text box (read_number): 3.0 is 3, 2.5 is refused as not a whole number."""

    whole = True

    def to_python(self, value):
        number = self.read(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(
                gettext("“%(value)s” is not a whole number.") % {"value": shown_cell(str(value).strip())},
                code="invalid")
        return int(number)


class ClinicFloatField(_ClinicNumber, forms.FloatField):
    """A number typed in a text box (read_number), as a float."""

    def to_python(self, value):
        number = self.read(value)
        return None if number is None else float(number)
