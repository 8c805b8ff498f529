"""bench/generate_episodes.py loads treatment courses with COPY, no service: here it loads a few hundred episodes
into the test database and each course's items must be the ones treatment.services would plan from its doses,
reviews and stop, so the *Treatment due* tab's benchmark measures data the app could have made. The read model
is checked after the test as after every other (tests/conftest.py). Time budget: a few seconds."""
from collections import Counter
from datetime import date

import pytest
from django.db import connection

from treatment import course_plan as plans
from treatment.models import CourseItem, TreatmentCourse
from treatment.services import plan_of

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)


def _fields(row) -> tuple:
    return (row["code"], row["refers_to"], row["appears_from"], row["replaced_from"], row["escalate"],
            row["unverified"])


def test_the_bench_generator_loads_courses_whose_items_are_their_plans():
    if connection.vendor != "postgresql":
        pytest.skip("bench/generate_episodes.py loads PostgreSQL only")
    from bench.generate_episodes import generate

    totals = generate(episodes=500, sites=2, seed=3, today=TODAY, log=lambda *args: None, vacuum=False)
    assert totals["courses"] > 300 and totals["doses"] > 0 and totals["course_items"] > 0
    courses = TreatmentCourse.objects.prefetch_related("doses", "reviews", "items").order_by("pk")
    for course in courses:
        planned = {_fields(row) for row in plans.item_rows(plan_of(course, today=TODAY))}
        loaded = {_fields(item.__dict__) for item in course.items.all()}
        assert loaded == planned, course.pk
    # Something of every kind the tab shows, on the day the data was made for.
    showing = Counter(item.code for item in CourseItem.objects.all() if item.shows_on(TODAY))
    assert {plans.DOSE_DUE, plans.DOSE_OVERDUE, plans.REVIEW_DUE, plans.COURSE_ENDING} <= set(showing), showing
    assert set(TreatmentCourse.objects.values_list("status", flat=True)) == {"active", "stopped"}
