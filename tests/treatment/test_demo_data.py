"""seed_demo makes patients on a course of every drug at every site, started up to five years ago, with every item
of the course plan showing on the demo's day, all written through the services (treatment.demo)."""
from collections import defaultdict
from datetime import date

import pytest
import time_machine

from audit.outcomes import treatment_outcomes
from demo.services import DEMO_SITES, demo_seed
from fls.models import Site
from followup.models import FollowUp
from treatment import demo as treatment_demo
from treatment.course_plan import COURSE_RULES, ITEM_CODES, add_months
from treatment.models import CourseItem, CourseReview, DoseGiven, TreatmentCourse

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


@pytest.fixture
def seeded():
    # Only the treatment demo's patients (--patients 0), on a fixed day: the services refuse dates after the clock.
    with time_machine.travel("2026-06-01 09:00 +00:00", tick=False):
        result = demo_seed(patients=0, seed=5, password="demo-password-2026", today=TODAY)
    return result


def test_every_site_has_a_course_of_every_drug_and_every_item_of_the_plan_showing_today(seeded):
    drugs = defaultdict(set)
    for code, drug in TreatmentCourse.objects.values_list("site__code", "drug"):
        drugs[code].add(drug)
    assert set(drugs) == {code for code, *_rest in DEMO_SITES}
    for code in drugs:
        assert drugs[code] >= set(COURSE_RULES), code
    # Besides the claims demo's hip fractures in Japan (claims.demo), each with an admission.
    assert seeded.on_treatment == TreatmentCourse.objects.filter(
        follows__isnull=True, episode__admissions__isnull=True).count() >= 8 * 3
    # Every item of the plan shows on the demo's day at every site.
    shown = defaultdict(set)
    for item in CourseItem.objects.select_related("site"):
        if item.shows_on(TODAY):
            shown[item.site.code].add(item.code)
    for code, *_rest in DEMO_SITES:
        assert shown[code] == set(ITEM_CODES), code
    # Started up to five years ago, each on its scenario's day, counted from the demo's day.
    starts = sorted(TreatmentCourse.objects.filter(follows__isnull=True, episode__admissions__isnull=True)
                    .values_list("starts_on", flat=True))
    assert starts[0] >= add_months(TODAY, -61) and starts[-1] <= TODAY
    assert starts[0] < add_months(TODAY, -48) and any(day > add_months(TODAY, -12) for day in starts)
    expected = {scenario.starts_on(TODAY) for scenario in treatment_demo.SCENARIOS.values()}
    assert set(starts) == expected


def test_doses_reviews_stops_and_switches_are_recorded_through_the_services_and_counted_on_the_dashboard(seeded):
    # The services keep history and record who did it; a dose is never after the day.
    assert DoseGiven.objects.count() == DoseGiven.history.filter(history_type="+").count() > 0
    assert not DoseGiven.objects.filter(given_on__gt=TODAY).exists()
    assert DoseGiven.objects.filter(recorded_by__username__startswith="nurse_").count() == DoseGiven.objects.count()
    assert CourseReview.objects.filter(outcome="holiday", course__stop_reason="drug_holiday").exists()
    switch = TreatmentCourse.objects.get(drug="zoledronic_acid", follows__drug="denosumab")
    assert switch.follows.stop_reason == "switched" and switch.doses.exists()
    assert TreatmentCourse.objects.filter(drug="denosumab", status="stopped", follow_on_drug="").exists()
    assert TreatmentCourse.objects.filter(drug="romosozumab", stop_reason="course_completed",
                                          followed_by__drug="alendronate").exists()
    # The follow-ups whose windows closed were made on their due day, so years-old courses leave none overdue.
    assert not FollowUp.objects.filter(status="scheduled", window_closes__lt=TODAY).exists()
    assert FollowUp.objects.filter(status="completed").exists()
    # The dashboard's outcome beyond a year has something to count in every year, a drug holiday among it.
    outcomes = treatment_outcomes(sites=list(Site.objects.all()), as_of=TODAY)
    rows = {row.drug: row for row in outcomes.drugs}
    for years in (0, 1, 2):
        assert sum(row.persistence[years].denominator for row in outcomes.drugs) > 0
    assert any(row.persistence[2].on_holiday for row in outcomes.drugs)
    assert rows["denosumab"].doses_on_time[0].denominator > rows["denosumab"].doses_on_time[0].numerator > 0
