"""Issue 8, "How good it must be": on the labelled set, sensitivity ≥ 95%, PPV ≥ 85%, and the
fracture site right for ≥ 90% of true candidates. The labelled set includes the first held-out set,
which became training data once its misses were analysed. A blind held-out set's figures are printed
by `bench/screening.py --heldout MODULE:NAME` and recorded in BENCHMARKS.md; they are not asserted
here, so no one is tempted to tune the rules on them."""
from collections import Counter

from casefinding.lexicon import base_screener
from casefinding.quality import evaluate
from tests.casefinding.labelled_reports import HARD_CASES, LABELLED_REPORTS


def test_the_labelled_set_has_at_least_300_varied_reports():
    assert len(LABELLED_REPORTS) >= 300
    assert len({case.text for case in LABELLED_REPORTS}) >= 300
    notes = Counter(case.note for case in LABELLED_REPORTS)
    for rule in ("affirmed", "uncertain", "negated", "historical", "spine historical", "pathological", "high energy",
                 "under 50", "no fracture"):
        assert notes[rule] >= 10, rule
    assert {c.site for c in LABELLED_REPORTS if c.candidate} >= {"hip", "vertebra", "wrist", "humerus", "pelvis", "ankle", "other"}


def test_it_meets_the_quality_targets_on_the_labelled_set():
    quality = evaluate(base_screener(), LABELLED_REPORTS)
    errors = [(kind, case.text[:80], result.fracture_site) for kind, case, result in quality.errors]
    assert quality.sensitivity >= 0.95, errors
    assert quality.ppv >= 0.85, errors
    assert quality.site_accuracy >= 0.90, errors


def test_every_hand_written_hard_case_is_right():
    quality = evaluate(base_screener(), HARD_CASES)
    assert quality.errors == []
