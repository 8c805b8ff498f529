"""The episode page's treatment course section (plan, timeline, doses) and the dose, review and stop forms: thin views
over treatment.services, errors beside their fields, another site's course never found."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from treatment import services
from treatment.models import DoseGiven, TreatmentCourse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False):
        yield


def episode_page(client, course) -> str:
    return client.get(reverse("patients:episode_detail", args=[course.episode_id])).content.decode()


def test_the_episode_page_shows_the_course_its_items_and_timeline(client, make_course, nurse_a):
    course = make_course("denosumab")
    services.dose_record(course=course, by=nurse_a, given_on=date(2026, 1, 20), place="fls_clinic", batch="B7")
    client.force_login(nurse_a)
    page = episode_page(client, course)
    assert 'data-testid="treatment-panel"' in page and 'data-testid="treatment-timeline"' in page
    assert "20 Jan 2026: Dose given" in page and "20 Jul 2026: Next dose" in page
    assert 'data-testid="record-dose-denosumab"' in page and 'data-testid="stop-denosumab"' in page
    assert "B7" in page
    assert f'href="/treatment/courses/{course.pk}/reminder-letter/"' in page


def test_a_dose_due_shows_on_the_episode_page(client, make_course, nurse_a):
    course = make_course("denosumab")
    client.force_login(nurse_a)
    page = episode_page(client, course)
    assert 'data-code="dose_due"' in page and "first dose due on 2 Feb 2026" in page


def test_a_dose_whose_day_has_passed_is_never_drawn_as_given(client, make_course, nurse_a):
    course = make_course("denosumab", fracture_date=date(2025, 12, 1), status="started", started_on=date(2026, 1, 10))
    client.force_login(nurse_a)
    page = episode_page(client, course)
    assert "○ 10 Jan 2026: First dose (not recorded)" in page


def test_recording_a_dose_from_the_form_returns_to_where_the_nurse_came_from(client, make_course, nurse_a):
    course = make_course("zoledronic_acid")
    client.force_login(nurse_a)
    url = reverse("treatment:dose_add", args=[course.pk])
    form = client.get(url + "?next=/worklist/")
    assert form.status_code == 200 and 'name="next" value="/worklist/"' in form.content.decode()
    response = client.post(url, {"given_on": "2026-02-01", "place": "day_unit", "given_by": "Day unit nurse",
                                 "batch": "", "version": course.version, "next": "/worklist/"})
    assert response.status_code == 302 and response["Location"] == "/worklist/"
    assert DoseGiven.objects.get(course=course).place == "day_unit"


@pytest.mark.parametrize("given_on, message", [("2026-02-03", "cannot be in the future"),
                                               ("03/02/2026x", "Enter the date as DD/MM/YYYY, for example 04/12/2026."),
                                               ("2025-12-01", "before the fracture")])
def test_a_bad_dose_date_is_explained_beside_the_field_and_nothing_is_saved(client, make_course, nurse_a, given_on,
                                                                            message):
    course = make_course("denosumab")
    client.force_login(nurse_a)
    response = client.post(reverse("treatment:dose_add", args=[course.pk]),
                           {"given_on": given_on, "place": "gp", "version": course.version})
    page = response.content.decode()
    assert response.status_code == 200 and message in page and 'id="error_1_id_given_on"' in page
    assert not DoseGiven.objects.exists()


def test_a_stale_dose_form_is_refused_not_saved_twice(client, make_course, nurse_a):
    course = make_course("denosumab")
    client.force_login(nurse_a)
    url = reverse("treatment:dose_add", args=[course.pk])
    data = {"given_on": "2026-02-01", "place": "gp", "version": course.version}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data | {"given_on": "2026-01-30"})
    assert again.status_code == 200 and "changed" in again.content.decode()
    assert DoseGiven.objects.count() == 1


def test_stopping_denosumab_asks_for_the_follow_on_and_a_switch_opens_it(client, make_course, clinician_a):
    course = make_course("denosumab")
    client.force_login(clinician_a)
    url = reverse("treatment:stop", args=[course.pk])
    assert 'data-testid="follow-on-warning"' in client.get(url).content.decode()
    refused = client.post(url, {"stopped_on": "2026-02-01", "reason": "side_effects", "version": course.version})
    assert refused.status_code == 200 and "say here why there is none" in refused.content.decode()
    done = client.post(url, {"stopped_on": "2026-02-01", "reason": "switched", "follow_on_drug": "alendronate",
                             "follow_on_starts_on": "2026-02-01", "version": course.version})
    assert done.status_code == 302
    assert list(TreatmentCourse.objects.filter(episode=course.episode).order_by("pk").values_list("drug", "status")) == [
        ("denosumab", "stopped"), ("alendronate", "active")]


def test_a_review_shows_the_reasons_to_continue(client, make_course, clinician_a):
    course = make_course("alendronate", status="started", started_on=date(2026, 1, 10))
    client.force_login(clinician_a)
    url = reverse("treatment:review", args=[course.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="reasons-to-continue"' in page and "aged 75 or over" in page
    assert client.post(url, {"reviewed_on": "2026-02-01", "outcome": "continue", "next_review_months": "24",
                             "version": course.version}).status_code == 302


def test_a_dose_entered_in_error_is_struck_through_not_deleted(client, make_course, nurse_a):
    course = make_course("denosumab")
    dose = services.dose_record(course=course, by=nurse_a, given_on=date(2026, 1, 20), place="gp")
    client.force_login(nurse_a)
    assert client.post(reverse("treatment:dose_in_error", args=[dose.pk])).status_code == 302
    assert DoseGiven.objects.get().entered_in_error
    assert "entered in error" in episode_page(client, course)


def test_another_sites_nurse_finds_no_course_and_a_manager_cannot_record(client, make_course, nurse_b, manager_a):
    course = make_course("denosumab")
    client.force_login(nurse_b)
    for name in ("dose_add", "stop", "review"):
        assert client.get(reverse(f"treatment:{name}", args=[course.pk])).status_code == 404
    client.force_login(manager_a)
    assert client.get(reverse("treatment:dose_add", args=[course.pk])).status_code == 403
    assert 'data-testid="record-dose-denosumab"' not in episode_page(client, course)


@pytest.mark.parametrize("doses", [0, 4])
def test_the_section_runs_a_fixed_number_of_queries(client, make_course, nurse_a, django_assert_num_queries, doses):
    course = make_course("denosumab", fracture_date=date(2024, 1, 5), status="started", started_on=date(2024, 1, 20))
    for n in range(doses):
        services.dose_record(course=course, by=nurse_a, given_on=date(2024, 2 + 6 * (n % 2), 1 + n) if n < 2
                             else date(2025, 2 + 6 * (n % 2), 1), place="gp")
    if doses:
        services.course_stop(course=course, by=nurse_a, stopped_on=date(2026, 1, 1), reason="switched",
                             follow_on_drug="zoledronic_acid", follow_on_starts_on=date(2026, 1, 10))
    client.force_login(nurse_a)
    url = reverse("patients:episode_detail", args=[course.episode_id])
    client.get(url)
    with django_assert_num_queries(EPISODE_PAGE_QUERIES):
        client.get(url)


# The episode page in follow-up with its assessment and follow-up panels (23) plus this section's 5: the courses
# (with the course each follows), their doses, reviews and items, the site's treatment settings; the same as
# tests/followup/test_episode_panel.py's, whose episode has a course too.
EPISODE_PAGE_QUERIES = 27


def test_a_denosumab_stopped_without_follow_on_offers_to_record_it(client, make_course, clinician_a):
    course = make_course("denosumab")
    services.dose_record(course=course, by=clinician_a, given_on=date(2026, 1, 20), place="gp")
    services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="patient_choice",
                         note="Declines for now.")
    client.force_login(clinician_a)
    page = episode_page(client, course)
    assert 'data-testid="follow-on-denosumab"' in page and 'data-code="denosumab_stopped_without_follow_on"' in page
    response = client.post(reverse("treatment:follow_on", args=[course.pk]),
                           {"follow_on_drug": "zoledronic_acid", "follow_on_starts_on": "2026-02-02",
                            "version": TreatmentCourse.objects.get(pk=course.pk).version})
    assert response.status_code == 302
    assert TreatmentCourse.objects.get(follows=course).drug == "zoledronic_acid"
    assert 'data-testid="follow-on-denosumab"' not in episode_page(client, course)
