"""Numbers are typed in a text box that keeps what was typed (issue 20): the browser's <input type=number> dropped
"abc" or "-2,5" and sent nothing, so the value was lost without a word. read_number reads what people type
(full-width digits, a minus sign, a decimal comma) and refuses the rest with a message beside the field."""
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from fls.number_input import (
    ClinicDecimalField, ClinicFloatField, ClinicIntegerField, ClinicNumberInput, read_number,
)
from tests.app_forms import app_form_fields


@pytest.mark.parametrize("typed, expected", [
    ("2.5", "2.5"), ("-2.5", "-2.5"), ("+2.5", "2.5"), (".5", "0.5"), ("2.", "2"), ("-.5", "-0.5"), ("12", "12"),
    ("0", "0"), ("-0", "0"), ("007", "7"), ("-2,5", "-2.5"), ("2,", "2"), (",5", "0.5"),
    ("  -2.5  ", "-2.5"), ("\u00a0-2.5\u00a0", "-2.5"), ("\t3\n", "3"), ("- 2.5", "-2.5"), ("+ 3", "3"),
    ("\u22122.5", "-2.5"), ("\u2212 2,5", "-2.5"),  # U+2212 MINUS SIGN, as a word processor writes it
    ("－２．５", "-2.5"), ("２，５", "2.5"), ("＋１２", "12"), ("１２３", "123"), ("\u3000４５\u3000", "45"),  # full width
    ("123456.789", "123456.789"),
    # Commas between groups of three, as the UK, the US and Japan write thousands; a comma before a point or a
    # second comma can only be that. A group never starts with 0, so 0,125 is a decimal comma.
    ("1,234,567", "1234567"), ("1,234.5", "1234.5"), ("-12,345.25", "-12345.25"), ("１，２３４．５", "1234.5"),
    ("0,125", "0.125"), ("1,2345", "1.2345"), ("12,34", "12.34"),
])
def test_what_people_type_is_read(typed, expected):
    assert read_number(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", [
    "", "   ", "-", "+", "- ", "\u2212", ".", ",", "-.", "abc", "2.5abc", "abc2.5", "1.234,5", "1,23,456", "1,234,56", "1,234,567,8", "1.2.3",
    "1,2,3", "2.5e3", "2E3", "1e-5", "NaN", "nan", "Infinity", "-Infinity", "inf", "--2", "+-2", "-+2", "2-",
    "1 234", "1 234.5", "12 .5", "0x1F", "½", "٣", "1_000", "(2.5)", "2.5%", "$2", "2.5 mg", "−−2",
])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        read_number(typed)
    assert refused.value.code == "invalid"


def test_the_message_shows_what_was_typed_and_an_example():
    with pytest.raises(ValidationError) as refused:
        read_number(" abc ")
    assert refused.value.messages == ["“abc” is not a number. Type it like -2.5."]
    with pytest.raises(ValidationError) as refused:
        read_number("x" * 500, example="2.5")
    assert refused.value.messages == [f"“{'x' * 40}…” is not a number. Type it like 2.5."]  # never all of it


@pytest.mark.parametrize("typed, grouped, point", [
    ("1,234", "1234", "1.234"), ("-1,234", "1234", "1.234"), ("９，９９９", "9999", "9.999"),
])
def test_one_comma_before_three_digits_is_a_question_not_a_guess(typed, grouped, point):
    """1,234 is 1234 to a British or Japanese reader and 1.234 to a European one: a decimal field asks rather than
    store a value a thousand times off."""
    with pytest.raises(ValidationError) as refused:
        read_number(typed)
    assert refused.value.code == "ambiguous"
    assert refused.value.messages == [
        f"“{typed}” could be {grouped} or {point}. Type {grouped} without the comma, or {point} with a point."]
    # A whole number cannot be 1.234: there it is only a thousands separator.
    assert read_number(typed, whole=True) == Decimal(grouped) * (-1 if typed.startswith("-") else 1)


def test_the_message_in_japanese():
    with translation.override("ja"), pytest.raises(ValidationError) as refused:
        read_number("abc")
    assert refused.value.messages == ["「abc」は数値ではありません。-2.5 のように入力してください。"]
    with translation.override("ja"), pytest.raises(ValidationError) as refused:
        ClinicIntegerField().clean("2.5")
    assert refused.value.messages == ["「2.5」は整数ではありません。"]


@pytest.mark.parametrize("field, typed, expected", [
    (ClinicDecimalField(max_digits=3, decimal_places=1), "-2,5", Decimal("-2.5")),
    (ClinicDecimalField(max_digits=3, decimal_places=1), "－２．５", Decimal("-2.5")),
    (ClinicIntegerField(), "3.0", 3), (ClinicIntegerField(), "３", 3), (ClinicIntegerField(), "-4", -4),
    (ClinicIntegerField(), "12,", 12), (ClinicIntegerField(), "1,234", 1234), (ClinicIntegerField(), "-1,234", -1234), (ClinicFloatField(), "2,5", 2.5), (ClinicFloatField(), "\u22121", -1.0),
    (ClinicDecimalField(required=False), "", None), (ClinicDecimalField(required=False), "  ", None),
    (ClinicIntegerField(required=False), "", None), (ClinicFloatField(required=False), None, None),
])
def test_each_field_reads_what_was_typed(field, typed, expected):
    value = field.clean(typed)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("field, typed, message", [
    (ClinicDecimalField(), "abc", "“abc” is not a number. Type it like -2.5."),
    (ClinicDecimalField(min_value=0), "abc", "“abc” is not a number. Type it like 2.5."),
    (ClinicDecimalField(min_value=100, max_value=230), "tall", "“tall” is not a number. Type it like 100.5."),
    (ClinicIntegerField(min_value=0), "many", "“many” is not a number. Type it like 12."),
    (ClinicIntegerField(), "2.5", "“2.5” is not a whole number."),
    (ClinicDecimalField(), "2,500", "“2,500” could be 2500 or 2.500. Type 2500 without the comma, or 2.500 with a point."),
    (ClinicIntegerField(), " 2,5 ", "“2,5” is not a whole number."),
    (ClinicFloatField(min_value=0), "1e3", "“1e3” is not a number. Type it like 2.5."),
    # Django's own checks still apply after reading.
    (ClinicDecimalField(min_value=-8, max_value=6), "-9", "Ensure this value is greater than or equal to -8."),
    (ClinicDecimalField(max_digits=3, decimal_places=1), "-2.55",
     "Ensure that there are no more than 1 decimal place."),
    (ClinicIntegerField(max_value=156), "200", "Ensure this value is less than or equal to 156."),
])
def test_each_field_says_what_it_cannot_take(field, typed, message):
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [message]


def test_the_box_is_a_text_box_with_a_number_pad():
    class Form(forms.Form):
        t_score = ClinicDecimalField(min_value=-8, max_value=6, max_digits=3, decimal_places=1)
        falls = ClinicIntegerField(min_value=0, max_value=100)
        ratio = ClinicFloatField(min_value=0)

    html = {name: str(Form()[name]) for name in ("t_score", "falls", "ratio")}
    for box in html.values():
        assert 'type="text"' in box and 'autocomplete="off"' in box and 'spellcheck="false"' in box
        assert 'maxlength="30"' in box
        assert "step=" not in box and "min=" not in box and "max=" not in box  # <input type=number>'s, not ours
    assert 'inputmode="decimal"' in html["t_score"] and 'inputmode="decimal"' in html["ratio"]
    assert 'inputmode="numeric"' in html["falls"]


def test_a_value_refused_is_shown_back_as_typed_and_a_number_without_an_exponent():
    class Form(forms.Form):
        t_score = ClinicDecimalField(max_digits=3, decimal_places=1)

    typed = "-2.5 or so"
    form = Form({"t_score": typed})
    assert not form.is_valid()
    assert f'value="{typed}"' in str(form["t_score"])
    assert 'aria-invalid="true"' in str(form["t_score"])
    widget = ClinicNumberInput()
    assert widget.format_value(Decimal("1E+1")) == "10"
    assert widget.format_value(Decimal("-2.50")) == "-2.50"
    assert widget.format_value(Decimal("0.00001")) == "0.00001"
    assert widget.format_value(1e-05) == "0.00001"
    assert widget.format_value(None) is None
    assert 'value="10"' in str(Form(initial={"t_score": Decimal("1E+1")})["t_score"])


def test_every_number_field_of_the_apps_forms_is_a_text_box():
    """No model form is left with the browser's number box; the hidden version stays hidden; a number with
    choices stays a choice."""
    found = []
    for app, name, field_name, field in app_form_fields():
        where = f"{app}.forms.{name}.{field_name}"
        assert not isinstance(field.widget, forms.NumberInput), where
        if field_name == "version":
            assert isinstance(field.widget, forms.HiddenInput), where
        elif isinstance(field, (forms.DecimalField, forms.IntegerField)) and not isinstance(
                field.widget, forms.HiddenInput):
            found.append(f"{name}.{field_name}")
            assert isinstance(field, (ClinicDecimalField, ClinicIntegerField, ClinicFloatField)), where
    assert {"AssessmentPartForm.t_score_lumbar_spine", "AssessmentPartForm.height_cm",
            "AssessmentPartForm.frax_mof_percent", "AssessmentPartForm.falls_last_12_months", "BloodResultForm.value",
            "SettingsForm.week_4_opens", "ReviewForm.next_review_months",
            "FractureEpisodeForm.previous_fracture_count", "TreatmentDecisionForm.duration_months"} <= set(found)
