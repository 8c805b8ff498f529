"""Treatment notifications (a course item's reminder) on the notifications page: the drug and what is due, a link to
the patient's episode (not a follow-up's contact page) and, for a dose, to the patient's reminder letter; the page's
queries are the same whatever the number and kinds of notifications."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from fls.models import SiteMembership
from followup import services
from followup.models import Notification
from tests.treatment.conftest import make_course  # noqa: F401 (a fixture)
from treatment import services as treatment_services

pytestmark = pytest.mark.django_db

DOSE = date(2026, 2, 1)  # next denosumab dose 1 Aug 2026, overdue from 2 Sep
OVERDUE_DAY = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False):
        yield


def course_with_dose(make_course, nurse_a):
    course = make_course("denosumab")
    treatment_services.dose_record(course=course, by=nurse_a, given_on=DOSE, place="fls_clinic")
    return course


def test_a_treatment_notification_links_to_the_episode_and_the_dose_letter(client, make_course, nurse_a):
    course = course_with_dose(make_course, nurse_a)
    services.followups_scan(today=OVERDUE_DAY, send_digests=False)
    client.force_login(nurse_a)

    page = client.get(reverse("followup:notifications")).content.decode()

    assert "Treatment due</strong>: Denosumab: dose overdue (due 1 Aug 2026)" in page
    assert reverse("patients:episode_detail", args=[course.episode_id]) in page
    assert reverse("treatment:reminder_letter", args=[course.pk]) in page
    assert page.count('data-testid="treatment-notification"') == 1
    # The follow-ups' notifications of the same episode still link to their contact pages.
    follow_up_notification = Notification.objects.filter(user=nurse_a, follow_up__isnull=False).first()
    assert reverse("followup:contact", args=[follow_up_notification.follow_up_id]) in page


def test_the_lead_sees_the_escalation(client, make_course, nurse_a, clinician_a, site_a):
    SiteMembership.objects.filter(user=clinician_a, site=site_a).update(is_lead=True)
    course_with_dose(make_course, nurse_a)
    services.followups_scan(today=OVERDUE_DAY, send_digests=False)
    client.force_login(clinician_a)

    page = client.get(reverse("followup:notifications")).content.decode()

    assert "Treatment overdue, escalated to the FLS lead</strong>: Escalated: Denosumab: dose overdue" in page


def test_a_course_event_offers_no_dose_letter(client, make_course, nurse_a, clinician_a):
    course = course_with_dose(make_course, nurse_a)
    treatment_services.course_stop(course=course, by=clinician_a, stopped_on=DOSE, reason="patient_choice",
                                   note="Declined")
    services.followups_scan(today=date(2026, 3, 1), send_digests=False)
    client.force_login(nurse_a)

    page = client.get(reverse("followup:notifications")).content.decode()

    assert "Denosumab stopped with no follow-on drug" in page
    assert reverse("treatment:reminder_letter", args=[course.pk]) not in page


@pytest.mark.parametrize("courses", [1, 5])
def test_the_notifications_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, make_course,
                                                               nurse_a, courses):
    for _ in range(courses):
        course_with_dose(make_course, nurse_a)
    services.followups_scan(today=OVERDUE_DAY, send_digests=False)
    client.force_login(nurse_a)
    url = reverse("followup:notifications")
    client.get(url)

    with django_assert_num_queries(NOTIFICATIONS_PAGE_QUERIES):
        response = client.get(url)

    page = response.content.decode()
    assert page.count('data-testid="treatment-notification"') == courses
    assert page.count('data-testid="notification"') > courses  # the follow-ups' too


# session, user, visible sites, the page count, the page (its follow-ups, courses, episodes and patients joined),
# and the navigation's.
NOTIFICATIONS_PAGE_QUERIES = 6
