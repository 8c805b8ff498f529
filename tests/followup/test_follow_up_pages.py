"""The nurse's follow-up pages: due this week, overdue, lost; the contact form; notifications. Each
is scoped to the user's sites (another site's follow-up is a 404) and runs a fixed number of queries."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from followup import services
from followup.models import FollowUpContact, Notification

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 1, 5)  # 4-week window 26 Jan – 16 Feb


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel("2026-01-27 10:00 +00:00", tick=False) as traveller:
        yield traveller


def test_the_due_page_lists_follow_ups_whose_window_is_open(client, make_in_follow_up, nurse_a):
    due = make_in_follow_up(fracture_date=FRACTURE, family_name="Duepatient")
    make_in_follow_up(fracture_date=date(2026, 1, 20), family_name="Notyet")
    client.force_login(nurse_a)

    page = client.get(reverse("followup:due")).content.decode()

    assert "DUEPATIENT" in page and "NOTYET" not in page
    assert reverse("followup:contact", args=[follow_up(due, "week_4").pk]) in page


def test_the_overdue_and_lost_pages(client, make_in_follow_up, nurse_a, travel):
    late = make_in_follow_up(fracture_date=date(2025, 12, 1), family_name="Latepatient")  # 4-week closed 12 Jan
    lost = make_in_follow_up(fracture_date=FRACTURE, family_name="Lostpatient")
    for day in (26, 26, 27):
        contact(follow_up(lost, "week_4"), nurse_a, reached=False, contacted_on=date(2026, 1, day))
    client.force_login(nurse_a)

    overdue = client.get(reverse("followup:overdue")).content.decode()
    lost_page = client.get(reverse("followup:lost")).content.decode()

    assert "LATEPATIENT" in overdue and "LOSTPATIENT" not in overdue
    assert "LOSTPATIENT" in lost_page and "3 unanswered attempts" in lost_page
    assert late.pk


def test_a_nurse_records_a_contact_on_the_form(client, make_in_follow_up, nurse_a):
    episode = make_in_follow_up(fracture_date=FRACTURE)
    week_4 = follow_up(episode, "week_4")
    client.force_login(nurse_a)

    response = client.post(reverse("followup:contact", args=[week_4.pk]), {
        "contacted_on": "2026-01-27", "method": "phone", "reached": "yes", "adherence": "as_prescribed",
        "falls_since_last_contact": "0", "version": week_4.version,
    })

    assert response.status_code == 302
    week_4.refresh_from_db()
    assert week_4.status == "completed"
    assert "DUEPATIENT" not in client.get(reverse("followup:due")).content.decode()


def test_the_form_shows_errors_beside_their_fields(client, make_in_follow_up, nurse_a):
    week_4 = follow_up(make_in_follow_up(fracture_date=FRACTURE), "week_4")
    client.force_login(nurse_a)

    response = client.post(reverse("followup:contact", args=[week_4.pk]), {
        "contacted_on": "2026-01-27", "method": "phone", "reached": "yes", "adherence": "stopped", "version": week_4.version,
    })

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_stopped_reason"' in page or "Give the reason the treatment was stopped." in page
    assert not FollowUpContact.objects.exists()


def test_a_form_opened_before_someone_elses_contact_is_refused(client, make_in_follow_up, nurse_a):
    week_4 = follow_up(make_in_follow_up(fracture_date=FRACTURE), "week_4")
    seen = week_4.version
    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 26))
    client.force_login(nurse_a)

    response = client.post(reverse("followup:contact", args=[week_4.pk]), {
        "contacted_on": "2026-01-27", "method": "phone", "reached": "yes", "adherence": "as_prescribed", "version": seen,
    })

    assert "Someone else changed this record" in response.content.decode()
    assert FollowUpContact.objects.count() == 1


def test_another_sites_follow_up_is_a_404(client, make_in_follow_up, nurse_b):
    week_4 = follow_up(make_in_follow_up(fracture_date=FRACTURE, family_name="Northpatient"), "week_4")
    client.force_login(nurse_b)

    assert client.get(reverse("followup:contact", args=[week_4.pk])).status_code == 404
    assert client.post(reverse("followup:set_method", args=[week_4.pk]), {"planned_method": "letter"}).status_code == 404
    assert "NORTHPATIENT" not in client.get(reverse("followup:due")).content.decode()


def test_a_manager_sees_the_lists_but_cannot_record(client, make_in_follow_up, manager_a):
    week_4 = follow_up(make_in_follow_up(fracture_date=FRACTURE), "week_4")
    client.force_login(manager_a)
    assert client.get(reverse("followup:lost")).status_code == 200
    assert client.get(reverse("followup:contact", args=[week_4.pk])).status_code == 403


def test_notifications_are_listed_and_marked_read(client, make_in_follow_up, nurse_a):
    make_in_follow_up(fracture_date=FRACTURE)
    services.followups_scan(today=date(2026, 1, 27), send_digests=False)
    client.force_login(nurse_a)

    page = client.get(reverse("followup:notifications")).content.decode()
    assert "4-week follow-up due" in page
    notification = Notification.objects.get()
    client.post(reverse("followup:notifications_read"), {"id": notification.pk})

    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("posted", [{"id": "abc"}, {"id": "１"}, {"id": "9" * 40}, {}])
def test_an_id_that_is_not_one_marks_nothing_and_mark_all_marks_all(client, make_in_follow_up, nurse_a, posted):
    """Only "Mark all as read" marks every notification; a mangled id (or none) marks none."""
    make_in_follow_up(fracture_date=FRACTURE)
    services.followups_scan(today=date(2026, 1, 27), send_digests=False)
    client.force_login(nurse_a)
    response = client.post(reverse("followup:notifications_read"), posted, follow=True)
    assert response.status_code == 200 and "0 notifications marked as read." in response.content.decode()
    assert Notification.objects.get().read_at is None

    page = client.get(reverse("followup:notifications")).content.decode()
    assert '<input type="hidden" name="all" value="1">' in page
    client.post(reverse("followup:notifications_read"), {"all": "1"})
    assert Notification.objects.get().read_at is not None


def test_a_user_cannot_mark_someone_elses_notification_read(client, make_in_follow_up, nurse_a, clinician_a):
    make_in_follow_up(fracture_date=FRACTURE)
    services.followups_scan(today=date(2026, 1, 27), send_digests=False)
    client.force_login(clinician_a)
    client.post(reverse("followup:notifications_read"), {"id": Notification.objects.get().pk})
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("rows", [1, 6])
@pytest.mark.parametrize("name", ["due", "overdue", "lost"])
def test_the_lists_run_a_fixed_number_of_queries(client, django_assert_num_queries, make_in_follow_up, nurse_a,
                                                 rows, name):
    for _ in range(rows):
        episode = make_in_follow_up(fracture_date=date(2025, 12, 20))  # 4-week window 10 – 31 Jan: due
        make_in_follow_up(fracture_date=date(2025, 12, 1))  # 4-week window closed 12 Jan: overdue
        if name == "lost":
            for day in (26, 26, 27):
                contact(follow_up(episode, "week_4"), nurse_a, reached=False, contacted_on=date(2026, 1, day))
    services.followups_scan(today=date(2026, 1, 27), send_digests=False)
    client.force_login(nurse_a)
    url = reverse(f"followup:{name}")
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(url)
    assert response.content.decode().count('data-testid="follow-up-row"') == rows


# session, user, user and group permissions, visible sites, the page count and the page, the three tab
# counts, the sites for the filter, the navigation's roles; the due and overdue pages add the reminders on the
# nurse's worklist.
LIST_QUERIES = {"due": 11, "overdue": 11, "lost": 10}
