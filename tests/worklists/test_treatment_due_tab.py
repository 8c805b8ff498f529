"""The *Treatment due* tab: the course plans' items showing today (treatment.models.CourseItem.shows_on), one row per
item, its count on the badge by the same FROM and WHERE as its rows (worklists.statements.treatment_items), kept in
the read model (WorklistCourseItem) by the treatment services, which the suite checks equals a rebuild after every
test. Courses are opened the way the app opens them (a decision signed off: tests/treatment/conftest.py's
make_course) where the services matter, and made directly where only the numbers of rows do."""
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from fls.read_models import episodes_changed
from patients.models import FractureEpisode
from tests.followup.conftest import make_patient_episode  # noqa: F401 (a fixture make_course uses)
from tests.treatment.conftest import make_course  # noqa: F401 (a fixture)
from treatment import services
from treatment.models import CourseItem, TreatmentCourse
from worklists import selectors
from worklists.models import WorklistCourseItem

from .builders import TODAY, course_with_item

pytestmark = pytest.mark.django_db


def _count(user, today=TODAY, **filters):
    return selectors.tab_counts(user, selectors.Filters(**filters), today=today)["treatment"]


def _rows(user, today=TODAY, **filters):
    return [(e.code, e.course_id) for e in
            selectors.treatment_tab_rows(user, selectors.Filters(**filters), limit=1000, today=today)]


def _page(client, **params):
    response = client.get(reverse("worklists:nurse"), {"tab": "treatment", **params})
    assert response.status_code == 200
    return response


# --- A course opened by a signed-off decision, through its dose -------------------------------------------

def test_a_new_denosumab_course_is_on_the_tab_with_its_first_dose_due(client, make_course, nurse_a):
    course = make_course("denosumab")  # signed off today: the first dose is due on the start, today
    assert _count(nurse_a) == 1
    assert _rows(nurse_a) == [("dose_due", course.pk)]

    client.force_login(nurse_a)
    response = _page(client)
    html = response.content.decode()
    [row] = response.context["rows"]
    assert (row.drug, row.what, row.on, row.late) == ("Denosumab", "Dose due", "11 Mar 2026", False)
    assert reverse("treatment:dose_add", args=[course.pk]) in html
    assert reverse("patients:episode_detail", args=[course.episode_id]) in html
    assert response.context["counts"]["treatment"] == response.context["total"] == 1


def test_the_dose_turns_overdue_the_day_after_its_limit_and_is_escalated_first(client, make_course, nurse_a):
    late = make_course("denosumab")
    # Another course whose course end is due (teriparatide, two years from its start): not escalated, later date.
    ending = make_course("teriparatide", fracture_date=date(2024, 3, 1), status="started", started_on=date(2024, 3, 20))
    assert set(_rows(nurse_a)) == {("dose_due", late.pk), ("course_ending", ending.pk)}
    # The first denosumab dose is overdue once a month late (the limit of 7 months less the interval of 6).
    last_day_due = date(2026, 4, 11)
    assert _rows(nurse_a, today=last_day_due) == [("dose_due", late.pk), ("course_ending", ending.pk)]
    assert _rows(nurse_a, today=last_day_due + timedelta(days=1)) == [("dose_overdue", late.pk),
                                                                      ("course_ending", ending.pk)]
    assert _count(nurse_a, today=last_day_due + timedelta(days=1)) == 2

    with time_machine.travel(f"{last_day_due + timedelta(days=1)} 10:00", tick=False):
        client.force_login(nurse_a)  # a month on: signed in afresh
        rows = _page(client).context["rows"]
    assert [(r.what, r.late) for r in rows] == [("Dose overdue", True), ("Course ending", False)]


def test_recording_the_dose_clears_the_row(client, make_course, nurse_a):
    course = make_course("denosumab")
    with time_machine.travel("2026-04-20 10:00", tick=False):
        assert _rows(nurse_a, today=date(2026, 4, 20)) == [("dose_overdue", course.pk)]
        services.dose_record(course=course, by=nurse_a, given_on=date(2026, 4, 20), place="fls_clinic")
        client.force_login(nurse_a)
        response = _page(client)
    assert response.context["rows"] == [] and response.context["counts"]["treatment"] == 0
    # The next dose is due six months on, 28 days before it.
    assert _rows(nurse_a, today=date(2026, 9, 21)) == []
    assert _rows(nurse_a, today=date(2026, 9, 22)) == [("dose_due", course.pk)]


def test_only_dose_items_offer_to_record_a_dose(client, site_a, nurse_a):
    dose = course_with_item(site_a, code="dose_due")
    review = course_with_item(site_a, code="review_due", drug="alendronate")
    client.force_login(nurse_a)
    html = _page(client).content.decode()
    assert reverse("treatment:dose_add", args=[dose.pk]) in html
    assert reverse("treatment:dose_add", args=[review.pk]) not in html
    assert html.count('data-testid="record-dose"') == 1
    assert reverse("treatment:review", args=[review.pk]) + "?next=" in html  # the review's own form instead
    assert html.count('data-testid="next-action"') == 2  # every row opens its episode


# --- What shows, and for whom -----------------------------------------------------------------------------------

def test_an_item_shows_from_the_day_it_appears_until_the_day_it_is_replaced(site_a, nurse_a):
    course = course_with_item(site_a, code="dose_due", appears_from=TODAY, replaced_from=TODAY + timedelta(days=3))
    assert _rows(nurse_a, today=TODAY - timedelta(days=1)) == []
    assert _rows(nurse_a, today=TODAY) == [("dose_due", course.pk)]
    assert _rows(nurse_a, today=TODAY + timedelta(days=2)) == [("dose_due", course.pk)]
    assert _rows(nurse_a, today=TODAY + timedelta(days=3)) == []
    assert _count(nurse_a, today=TODAY + timedelta(days=3)) == 0


@pytest.mark.parametrize("state, shown", [("treatment_decided", True), ("in_follow_up", True), ("completed", True),
                                          ("lost_to_follow_up", True), ("died", False), ("transferred", False)])
def test_items_show_for_an_episode_still_treated_and_leave_with_its_patient(site_a, nurse_a, state, shown):
    course = course_with_item(site_a, state=state)
    assert _rows(nurse_a) == ([("dose_due", course.pk)] if shown else [])
    assert _count(nurse_a) == int(shown)


def test_a_patient_who_dies_leaves_the_tab(site_a, nurse_a):
    course = course_with_item(site_a, state="completed")
    FractureEpisode.objects.filter(pk=course.episode_id).update(state="died")
    episodes_changed([course.episode_id])
    assert _rows(nurse_a) == [] and _count(nurse_a) == 0


def test_a_nurse_at_site_b_never_sees_site_a_items(client, site_a, site_b, nurse_a, nurse_b):
    at_a = course_with_item(site_a, family_name="Alpha")
    at_b = course_with_item(site_b, family_name="Beta")
    assert _rows(nurse_b) == [("dose_due", at_b.pk)] and _count(nurse_b) == 1
    assert _rows(nurse_b, site_id=site_a.pk) == [] and _count(nurse_b, site_id=site_a.pk) == 0
    hospital_number = at_a.episode.patient.local_id
    client.force_login(nurse_b)
    for params in ({}, {"site": site_a.pk}, {"q": "Alpha"}, {"q": hospital_number}, {"kind": "dose_due"}):
        response = _page(client, **params)
        html = response.content.decode()
        assert f">{hospital_number}<" not in html
        assert reverse("treatment:dose_add", args=[at_a.pk]) not in html
        assert all(r.item.course_id != at_a.pk for r in response.context["rows"])
    # The dose form of site A's course is refused to her too.
    assert client.get(reverse("treatment:dose_add", args=[at_a.pk])).status_code == 404


# --- Filters: each one's rows are its count --------------------------------------------------------------------

@pytest.fixture
def varied(site_a, site_b, nurse_a, nurse_b):
    from fls.roles import NURSE
    from tests.factories import UserFactory

    other = UserFactory(username="other_nurse", roles=[NURSE], sites=[site_a])
    made = {
        "due_mine": course_with_item(site_a, code="dose_due", nurse=nurse_a, family_name="Smith"),
        "overdue_other": course_with_item(site_a, code="dose_overdue", nurse=other, family_name="Smythe",
                                          refers_to=TODAY - timedelta(days=40), escalate=True),
        "ending_none": course_with_item(site_a, code="course_ending", drug="teriparatide", family_name="Jones",
                                        refers_to=TODAY + timedelta(days=9)),
        "review_mine": course_with_item(site_a, code="review_due", drug="alendronate", nurse=nurse_a,
                                        family_name="Brown", refers_to=TODAY + timedelta(days=20)),
        "stopped_mine": course_with_item(site_a, code="denosumab_stopped_without_follow_on", nurse=nurse_a,
                                         family_name="Smith", refers_to=TODAY + timedelta(days=60),
                                         appears_from=TODAY - timedelta(days=5), escalate=True),
        "later": course_with_item(site_a, code="dose_due", nurse=nurse_a, refers_to=TODAY + timedelta(days=60)),
        "at_b": course_with_item(site_b, code="dose_due", nurse=nurse_b, family_name="Smith"),
    }
    return {key: course.pk for key, course in made.items()} | {"other": other}


@pytest.mark.parametrize("filters, expected", [
    ({}, ["overdue_other", "stopped_mine", "due_mine", "ending_none", "review_mine"]),
    ({"nurse": "mine"}, ["stopped_mine", "due_mine", "review_mine"]),
    ({"nurse": "none"}, ["ending_none"]),
    ({"q": "smi"}, ["stopped_mine", "due_mine"]),
    ({"q": "sm"}, ["overdue_other", "stopped_mine", "due_mine"]),
    ({"kind": "dose_due"}, ["due_mine"]),
    ({"kind": "overdue"}, ["overdue_other"]),
    ({"kind": "course_ending"}, ["ending_none"]),
    ({"kind": "review"}, ["review_mine"]),
    ({"kind": "stopped"}, ["stopped_mine"]),
    ({"kind": "dose_due", "nurse": "mine", "q": "smith"}, ["due_mine"]),
    ({"fracture_site": "hip", "kind": "review"}, ["review_mine"]),
    ({"fracture_site": "wrist"}, []),
])
def test_each_filter_keeps_its_items_in_order_and_counts_them(varied, nurse_a, site_a, filters, expected):
    wanted = [varied[key] for key in expected]
    # Escalated items first, then by the date each is about.
    assert [course for _code, course in _rows(nurse_a, **filters)] == wanted
    assert [course for _code, course in _rows(nurse_a, site_id=site_a.pk, **filters)] == wanted
    assert _count(nurse_a, **filters) == len(wanted)


def test_the_nurse_filter_by_name_and_the_kind_filter_reach_the_page(client, varied, nurse_a):
    client.force_login(nurse_a)
    response = _page(client, nurse=str(varied["other"].pk))
    assert [r.item.course_id for r in response.context["rows"]] == [varied["overdue_other"]]
    response = _page(client, kind="review")
    assert [r.item.course_id for r in response.context["rows"]] == [varied["review_mine"]]
    assert response.context["counts"]["treatment"] == 1
    html = response.content.decode()
    # The kind links keep the tab and the other filters, and mark the one chosen.
    assert 'data-testid="kind-all"' in html and 'aria-current="true"' in html
    response = _page(client, kind="nonsense")  # an unknown kind is no filter
    assert len(response.context["rows"]) == 5


def test_the_read_model_rule_is_the_course_items_own(varied, site_a):
    """The Q the tab's rule is written as (selectors.treatment_condition) picks, from the read model, exactly the
    items CourseItem.shows_on shows, on days either side of each item's edges."""
    days = {TODAY + timedelta(days=d) for d in (-40, -6, -5, -1, 0, 1, 9, 20, 60)}
    for day in sorted(days):
        for kind in ("", *selectors.TREATMENT_KINDS):
            codes = selectors.treatment_codes(kind)
            shown = {item.pk for item in CourseItem.objects.filter(site=site_a, code__in=codes) if item.shows_on(day)}
            read = set(WorklistCourseItem.objects.filter(selectors.treatment_condition(day, kind), site=site_a)
                       .values_list("pk", flat=True))
            assert read == shown, (day, kind)


# --- Paging and queries ---------------------------------------------------------------------------------------

def test_pages_cover_the_tab_once_in_order(varied, nurse_a):
    whole = [e.pk for e in selectors.treatment_tab_rows(nurse_a, selectors.Filters(), limit=1000, today=TODAY)]
    for descending in (False, True):
        paged = []
        for offset in range(0, len(whole) + 2, 2):
            paged += [e.pk for e in selectors.treatment_tab_rows(nurse_a, selectors.Filters(), descending=descending,
                                                                 offset=offset, limit=2, today=TODAY)]
        assert sorted(paged) == sorted(whole) and len(paged) == len(set(paged))
    backwards = [e.pk for e in selectors.treatment_tab_rows(nurse_a, selectors.Filters(), descending=True,
                                                           limit=1000, today=TODAY)]
    # Descending by date; the escalated items stay first.
    assert backwards[:2] == [whole[1], whole[0]] and backwards[2:] == whole[2:][::-1]


def test_the_tab_pages_by_twenty_five(client, site_a, nurse_a):
    for i in range(selectors.PAGE_SIZE + 2):
        course_with_item(site_a, refers_to=TODAY + timedelta(days=i))
    client.force_login(nurse_a)
    first = _page(client)
    assert len(first.context["rows"]) == selectors.PAGE_SIZE and first.context["last_page"] == 2
    assert 'data-testid="page-next"' in first.content.decode()
    second = _page(client, page=2)
    assert len(second.context["rows"]) == 2
    assert {r.item.pk for r in first.context["rows"]}.isdisjoint({r.item.pk for r in second.context["rows"]})
    assert "27 items" in second.content.decode()


def test_the_tab_runs_seven_queries_whatever_its_rows(client, site_a, nurse_a, django_assert_num_queries):
    # session, user, roles and permissions (one, fls.auth), the sites, ONE for every tab's count, the rows, the
    # nurses of the filter: as every other tab.
    course_with_item(site_a, nurse=nurse_a)
    client.force_login(nurse_a)
    with django_assert_num_queries(7):
        _page(client)
    for i in range(30):
        course_with_item(site_a, nurse=nurse_a, code=("dose_due", "review_due", "dose_overdue")[i % 3],
                         refers_to=TODAY + timedelta(days=i % 20))
    with django_assert_num_queries(7):
        response = _page(client, nurse="mine", q="a")
    with django_assert_num_queries(7):
        response = _page(client)
    assert len(response.context["rows"]) == selectors.PAGE_SIZE


def test_the_tab_is_reached_from_the_worklist_with_its_count(client, site_a, nurse_a):
    course_with_item(site_a)
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"))
    html = response.content.decode()
    assert 'data-testid="tab-treatment"' in html
    link = next(t for t in response.context["tabs"] if t["tab"].key == "treatment")
    assert link["count"] == 1 and link["query"] == "tab=treatment"
    assert 'data-testid="count-treatment">1</span>' in html
    assert len(_page(client).context["rows"]) == 1
