"""WHO classification from the lowest T-score (docs/clinical-rules.md#who-class-from-the-lowest-t-score)."""
from decimal import Decimal

import pytest

from assessments.rules import who_classification


@pytest.mark.parametrize(
    "t_scores, expected",
    [
        # The boundaries themselves: −2.5 is osteoporosis, −1.0 is normal.
        (["-2.5"], "osteoporosis"),
        (["-2.6"], "osteoporosis"),
        (["-2.4"], "osteopenia"),
        (["-1.1"], "osteopenia"),
        (["-1.0"], "normal"),
        (["-0.9"], "normal"),
        (["1.5"], "normal"),
        (["-4.2"], "osteoporosis"),
        # The lowest of the three sites decides.
        (["-0.5", "-1.2", "0.3"], "osteopenia"),
        (["-0.5", "-2.5", "-1.2"], "osteoporosis"),
        (["-1.0", "-0.2", "0.0"], "normal"),
        # Sites not measured are ignored.
        ([None, "-2.5", None], "osteoporosis"),
    ],
)
def test_it_classifies_from_the_lowest_t_score(t_scores, expected):
    values = [Decimal(t) if t is not None else None for t in t_scores]
    assert who_classification(values) == expected


def test_it_gives_no_class_without_any_t_score():
    assert who_classification([None, None, None]) is None


def test_it_accepts_floats_without_rounding_errors_at_the_boundary():
    assert who_classification([-2.5]) == "osteoporosis"
    assert who_classification([-1.0]) == "normal"
