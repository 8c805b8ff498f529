"""Signal or noise (issue 19): the p-chart's centre line, limits and signals, and the funnel plot's limits, checked
against figures worked by hand (docs/clinical-rules.md#statistical-process-control)."""
import math
from datetime import date

import pytest

from audit.spc import ABOVE, BELOW, RUN_LENGTH, funnel, p_chart


def months(*counts):
    """(month, numerator, denominator) rows from Jan 2026 on."""
    return [(date(2026 + (i // 12), i % 12 + 1, 1), num, den) for i, (num, den) in enumerate(counts)]


def test_the_centre_line_pools_the_months_rather_than_averaging_their_percentages():
    chart = p_chart(months((1, 1), (10, 100)))
    assert chart.centre == 10.9  # 11 of 101, not (100% + 10%) / 2
    assert [point.percent for point in chart.points] == [100.0, 10.0]


def test_the_limits_are_three_standard_errors_at_each_month_s_own_count():
    # Centre 50%: 25 cases give 50 ± 3 × sqrt(0.25 / 25) = 50 ± 30; 100 cases give 50 ± 15.
    chart = p_chart(months((12, 25), (13, 25), (50, 100), (50, 100)))
    assert chart.centre == 50.0
    assert [(p.lower, p.upper) for p in chart.points] == [(20.0, 80.0), (20.0, 80.0), (35.0, 65.0), (35.0, 65.0)]
    assert chart.signals == []


def test_limits_stay_between_0_and_100_percent():
    chart = p_chart(months((9, 10), (1, 1), (9, 10)))
    assert all(0 <= p.lower <= p.upper <= 100 for p in chart.points)
    assert chart.points[1].upper == 100.0


def test_a_month_outside_its_limits_is_a_signal_above_or_below():
    steady = [(80, 100)] * 5
    chart = p_chart(months(*steady, (40, 100), *steady, (100, 100)))
    low, high = chart.points[5], chart.points[11]
    assert low.outside == BELOW and low.signal
    assert high.outside == ABOVE and high.signal
    assert [p.outside for i, p in enumerate(chart.points) if i not in (5, 11)] == [""] * 10


def test_the_same_dip_in_a_small_month_is_noise():
    # 50% against a centre near 78%: a signal in a month of 100 cases, noise in a month of 10 (limits wider).
    large = p_chart(months(*[(80, 100)] * 5, (50, 100)))
    small = p_chart(months(*[(80, 100)] * 5, (5, 10)))
    assert large.points[5].outside == BELOW
    assert small.points[5].outside == "" and small.points[5].lower < 50 < large.points[5].lower


def test_eight_months_in_a_row_on_one_side_is_a_shift_and_seven_is_not():
    assert RUN_LENGTH == 8
    seven = p_chart(months(*[(6, 10)] * 7, *[(4, 10)] * 7))
    assert seven.signals == []
    eight = p_chart(months(*[(6, 10)] * 8, *[(4, 10)] * 8))
    assert [p.in_shift for p in eight.points] == [ABOVE] * 8 + [BELOW] * 8
    assert all(p.outside == "" for p in eight.points)  # within the limits: the run alone is the signal


def test_a_month_with_no_case_has_no_point_and_does_not_break_a_run():
    chart = p_chart(months(*[(6, 10)] * 4, (0, 0), *[(6, 10)] * 4, *[(2, 10)] * 8))
    gap = chart.points[4]
    assert gap.percent is None and gap.lower is None and not gap.signal
    assert [p.in_shift for p in chart.points[:9] if p.denominator] == [ABOVE] * 8


def test_a_month_on_the_centre_line_ends_a_run():
    # Centre 50%: seven above, one exactly on it, seven above again and fifteen below to balance.
    chart = p_chart(months(*[(6, 10)] * 7, (5, 10), *[(6, 10)] * 7, *[(4, 10)] * 14))
    assert chart.centre == 50.0
    assert all(p.in_shift != ABOVE for p in chart.points)
    assert all(p.in_shift == BELOW for p in chart.points[15:])


def test_with_no_case_there_is_no_centre_line_and_nothing_to_signal():
    chart = p_chart(months((0, 0), (0, 0)))
    assert chart.centre is None and chart.signals == []
    assert p_chart([]).points == []


def test_a_centre_of_0_or_100_percent_has_no_spread():
    chart = p_chart(months((10, 10), (5, 5)))
    assert chart.centre == 100.0
    assert all((p.lower, p.upper, p.outside) == (100.0, 100.0, "") for p in chart.points)


def test_the_funnel_judges_each_site_at_its_own_volume():
    # Pooled: 600 of 1,000 = 60%. A big site at 50% is far outside; a small one at 50% is not.
    result = funnel([("big", 300, 600), ("small", 10, 20), ("other", 290, 380)])
    assert result.target == 60.0
    big, small, other = result.units
    spread = 3.090232 * math.sqrt(0.6 * 0.4 / 600)
    assert big.limits["99.8"] == (round(100 * (0.6 - spread), 1), round(100 * (0.6 + spread), 1))
    assert big.outside == {"95": BELOW, "99.8": BELOW}
    assert small.outside == {"95": "", "99.8": ""}
    assert other.outside["99.8"] == ABOVE


def test_the_funnel_s_edges_narrow_as_the_volume_grows():
    result = funnel([("a", 30, 50), ("b", 300, 500)])
    widths = [limits["99.8"][1] - limits["99.8"][0] for _, limits in result.curve]
    assert result.curve[0][0] >= 1 and result.curve[-1][0] == 500
    assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1]
    for _, limits in result.curve:
        assert limits["99.8"][0] <= limits["95"][0] <= limits["95"][1] <= limits["99.8"][1]


def test_a_site_with_no_case_is_drawn_nowhere():
    result = funnel([("empty", 0, 0), ("a", 5, 10)])
    assert result.units[0].percent is None and result.units[0].limits == {}
    assert funnel([]).target is None and funnel([]).curve == []


@pytest.mark.parametrize("num, den", [(0, 7), (7, 7), (3, 7)])
def test_every_point_sits_within_0_and_100(num, den):
    chart = p_chart(months((num, den), (1, 2)))
    for point in chart.points:
        assert 0 <= point.lower <= point.percent <= 100 or point.outside
