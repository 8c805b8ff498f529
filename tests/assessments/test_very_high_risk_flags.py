"""NOGG 2022 very-high-risk indicators, flagged as decision support (assessments.decision_support;
docs/clinical-rules.md#nogg-2022-very-high-risk-indicators). The thresholds either side of each number:
tests/assessments/test_decision_rules.py."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from assessments import decision_support as ds

TODAY = date(2026, 3, 1)


def codes(**facts):
    base = dict(assessment_date=TODAY, index_fracture_site="wrist", fracture_date=TODAY - timedelta(days=30))
    return [f.code for f in ds.advise(ds.CaseFacts(**{**base, **facts})).very_high]


def test_a_wrist_fracture_with_nothing_else_raises_no_flag():
    assert codes(lowest_t_score=Decimal("-2.0")) == []


def test_a_recent_vertebral_index_fracture_is_flagged():
    assert codes(index_fracture_site="vertebra") == [ds.RECENT_VERTEBRAL]


def test_a_vertebral_fracture_more_than_two_years_ago_is_not_recent():
    assert codes(index_fracture_site="vertebra", fracture_date=TODAY - timedelta(days=3 * 365)) == []


def test_a_vertebral_fracture_found_on_vfa_is_flagged_like_a_vertebral_index_fracture():
    assert codes(vertebral_fractures=1, last_vertebral_fracture_date=TODAY - timedelta(days=10)) == [
        ds.RECENT_VERTEBRAL]


def test_two_or_more_vertebral_fractures_are_flagged():
    assert ds.MULTIPLE_VERTEBRAL in codes(index_fracture_site="vertebra", vertebral_fractures=2)
    assert codes(vertebral_fractures=2) == [ds.MULTIPLE_VERTEBRAL]
    assert codes(vertebral_fractures=1) == []


@pytest.mark.parametrize("t_score, flagged", [("-3.5", True), ("-3.6", True), ("-3.4", False), ("-2.5", False)])
def test_a_t_score_of_minus_3_5_or_lower_is_flagged(t_score, flagged):
    assert (ds.VERY_LOW_T in codes(lowest_t_score=Decimal(t_score))) is flagged


@pytest.mark.parametrize(
    "mg, months, flagged",
    [("7.5", 3, True), ("10", 6, True), ("7.4", 12, False), ("7.5", 2, False), (None, None, False)],
)
def test_high_dose_glucocorticoids_for_three_months_are_flagged(mg, months, flagged):
    found = codes(glucocorticoid_mg_per_day=mg and Decimal(mg), glucocorticoid_months=months)
    assert (ds.HIGH_DOSE_GLUCOCORTICOIDS in found) is flagged


def test_every_indicator_at_once_is_listed_each_with_its_reason():
    advice = ds.advise(ds.CaseFacts(
        assessment_date=TODAY, index_fracture_site="vertebra", fracture_date=TODAY - timedelta(days=30),
        vertebral_fractures=3, lowest_t_score=Decimal("-3.9"), glucocorticoid_mg_per_day=Decimal("20"),
        glucocorticoid_months=4, age=75, frax_mof=Decimal("40"), frax_hip=Decimal("5")))
    assert [f.code for f in advice.very_high] == list(ds.VERY_HIGH_CODES)
    assert "-3.9" in advice.very_high[2].message and "20 mg" in advice.very_high[3].message
    assert "consider_specialist_referral" in [n.code for n in advice.notes]
