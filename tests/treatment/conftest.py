"""Courses opened the way the app opens them: an episode assessed, its decision drafted and signed off by a
clinician (tests/followup/conftest.py's helpers)."""
from datetime import date

import pytest

from tests.followup.conftest import decide_treatment, make_patient_episode  # noqa: F401 (a fixture)
from treatment.models import TreatmentCourse


@pytest.fixture
def make_course(make_patient_episode, site_a, nurse_a, clinician_a):  # noqa: F811
    """`make_course(drug, fracture_date=…, status="planned"|"started", started_on=…)` → the episode's course."""

    def make(drug="denosumab", *, fracture_date=date(2026, 1, 5), status="planned", started_on=None, site=None,
             nurse=None, clinician=None):
        episode = make_patient_episode(site or site_a, nurse or nurse_a, fracture_date=fracture_date,
                                       assigned_nurse=nurse or nurse_a)
        decide_treatment(episode, nurse=nurse or nurse_a, clinician=clinician or clinician_a, status=status,
                         started_on=started_on, recommendation=drug)
        return TreatmentCourse.objects.get(episode=episode)

    return make


def items(course, on=None) -> list[tuple]:
    """The course's items (code, refers_to, appears_from), or those showing on `on`."""
    rows = course.items.order_by("appears_from", "code")
    return [(i.code, i.refers_to, i.appears_from) for i in rows if on is None or i.shows_on(on)]
