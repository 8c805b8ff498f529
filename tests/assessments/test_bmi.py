"""BMI from height and weight (a FRAX clinical risk factor)."""
from decimal import Decimal

import pytest

from assessments.models import Assessment
from assessments.rules import bmi


@pytest.mark.parametrize(
    "height_cm, weight_kg, expected",
    [("160", "64", "25.0"), ("175", "70", "22.9"), ("150.5", "45.2", "20.0"), ("182", "110", "33.2")],
)
def test_it_computes_bmi_to_one_decimal_place(height_cm, weight_kg, expected):
    assert bmi(Decimal(height_cm), Decimal(weight_kg)) == Decimal(expected)


@pytest.mark.parametrize("height_cm, weight_kg", [(None, "60"), ("160", None), (None, None)])
def test_it_gives_no_bmi_without_both_measurements(height_cm, weight_kg):
    assert bmi(height_cm and Decimal(height_cm), weight_kg and Decimal(weight_kg)) is None


def test_the_assessment_shows_its_bmi():
    assert Assessment(height_cm=Decimal("160"), weight_kg=Decimal("51.2")).bmi == Decimal("20.0")
