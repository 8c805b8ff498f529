"""NOGG 2022 very-high-risk indicators, flagged as decision support
(docs/clinical-rules.md#nogg-2022-very-high-risk-indicators)."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from assessments.rules import RiskInputs, very_high_risk_indicators

TODAY = date(2026, 3, 1)


def inputs(**overrides):
    base = dict(index_fracture_is_vertebral=False, index_fracture_date=TODAY - timedelta(days=30), assessed_on=TODAY)
    return RiskInputs(**{**base, **overrides})


def test_a_wrist_fracture_with_nothing_else_raises_no_flag():
    assert very_high_risk_indicators(inputs(lowest_t_score=Decimal("-2.0"))) == []


def test_a_recent_vertebral_fracture_is_flagged():
    flags = very_high_risk_indicators(inputs(index_fracture_is_vertebral=True))
    assert flags == ["Recent vertebral fracture (within 2 years)"]


def test_a_vertebral_fracture_more_than_two_years_ago_is_not_recent():
    flags = very_high_risk_indicators(inputs(index_fracture_is_vertebral=True,
                                             index_fracture_date=TODAY - timedelta(days=3 * 365)))
    assert flags == []


def test_two_or_more_vertebral_fractures_are_flagged():
    flags = very_high_risk_indicators(inputs(index_fracture_is_vertebral=True, new_vertebral_fractures=1))
    assert "2 vertebral fractures" in flags
    assert "2 vertebral fractures" in very_high_risk_indicators(inputs(new_vertebral_fractures=2))
    assert very_high_risk_indicators(inputs(new_vertebral_fractures=1)) == []


@pytest.mark.parametrize("t_score, flagged", [("-3.5", True), ("-3.6", True), ("-3.4", False), ("-2.5", False)])
def test_a_t_score_of_minus_3_5_or_lower_is_flagged(t_score, flagged):
    flags = very_high_risk_indicators(inputs(lowest_t_score=Decimal(t_score)))
    assert any("≤ −3.5" in flag for flag in flags) is flagged


@pytest.mark.parametrize(
    "mg, months, flagged",
    [("7.5", 3, True), ("10", 6, True), ("7.4", 12, False), ("7.5", 2, False), (None, None, False)],
)
def test_high_dose_glucocorticoids_for_three_months_are_flagged(mg, months, flagged):
    flags = very_high_risk_indicators(inputs(glucocorticoid_mg_per_day=mg and Decimal(mg), glucocorticoid_months=months))
    assert any("glucocorticoids" in flag for flag in flags) is flagged


def test_multiple_recent_fractures_are_flagged():
    flags = very_high_risk_indicators(inputs(other_fractures_last_2_years=1))
    assert flags == ["Multiple recent fractures (2 within 2 years)"]


def test_a_refracture_within_two_years_of_the_earlier_one_counts_as_multiple_recent_fractures():
    index = TODAY - timedelta(days=30)
    assert very_high_risk_indicators(inputs(earlier_fracture_date=index - timedelta(days=400))) == [
        "Multiple recent fractures (2 within 2 years)"
    ]
    assert very_high_risk_indicators(inputs(earlier_fracture_date=index - timedelta(days=900))) == []


def test_every_indicator_at_once_is_listed():
    flags = very_high_risk_indicators(inputs(
        index_fracture_is_vertebral=True, new_vertebral_fractures=2, lowest_t_score=Decimal("-3.9"),
        glucocorticoid_mg_per_day=Decimal("20"), glucocorticoid_months=4, other_fractures_last_2_years=2,
    ))
    assert len(flags) == 5
