"""The daily scan finds follow-ups whose window opened and those past it and reminds about each
exactly once: notifications and worklist entries for the nurse, escalation to the FLS lead, a letter
for follow-ups by letter, and one email digest a day per person."""
import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from fls.models import SiteMembership
from fls.roles import NURSE
from followup import selectors, services
from followup.models import DigestSent, Notification, PatientReminderLetter, Reminder
from patients.services import episode_assign
from tests.factories import UserFactory

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db

# The summary's course counts: these episodes' courses (alendronate, reviewed at 5 years) show nothing yet.
NO_COURSE_ITEMS = {"doses_due": 0, "doses_overdue": 0, "course_events": 0}

FRACTURE = date(2026, 1, 5)  # 4-week window 26 Jan – 16 Feb; 12-week 30 Mar – 27 Apr


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel("2026-01-06 10:00 +00:00", tick=False) as traveller:
        yield traveller


def scan(day, **kwargs):
    return services.followups_scan(today=day, **kwargs)


def test_nothing_is_due_before_a_window_opens(make_in_follow_up):
    make_in_follow_up(fracture_date=FRACTURE)
    result = scan(date(2026, 1, 25))
    assert (result.due, result.overdue, result.reminders_created) == (0, 0, 0)


def test_the_window_opening_reminds_the_assigned_nurse_once(make_in_follow_up, nurse_a):
    episode = make_in_follow_up(fracture_date=FRACTURE)

    first = scan(date(2026, 1, 26))
    second = scan(date(2026, 1, 26))
    third = scan(date(2026, 1, 27))

    assert first.summary() == {"due": 1, "overdue": 0, "reminders_created": 1, "escalated": 0, **NO_COURSE_ITEMS}
    assert second.reminders_created == third.reminders_created == 0
    reminder = Reminder.objects.get()
    assert (reminder.follow_up, reminder.kind, reminder.scan_date) == (follow_up(episode, "week_4"), "due", date(2026, 1, 26))
    assert list(Notification.objects.values_list("user__username", "kind")) == [("nurse_a", "due")]
    assert [(f, f.reminded_as) for f in selectors.worklist(nurse_a)] == [(follow_up(episode, "week_4"), "due")]


def test_an_unassigned_follow_up_reminds_every_nurse_at_the_site(make_in_follow_up, nurse_a, nurse_b, site_a):
    other = UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])
    make_in_follow_up(fracture_date=FRACTURE, assigned=False)

    scan(date(2026, 1, 27))

    assert sorted(Notification.objects.values_list("user__username", flat=True)) == sorted(["nurse_a", other.username])


def test_the_worklist_follows_the_episode_to_its_new_nurse(make_in_follow_up, nurse_a, site_a):
    other = UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])
    episode = make_in_follow_up(fracture_date=FRACTURE)
    scan(date(2026, 1, 26))
    assert list(selectors.worklist(other)) == []

    episode_assign(episode=episode, nurse=other, by=nurse_a)

    assert list(selectors.worklist(nurse_a)) == []
    assert [f.episode_id for f in selectors.worklist(other)] == [episode.pk]


# The scan reads the episode's nurse itself: even a change made behind the services' back (which leaves the
# worklists' read model for `rebuild_worklist`, so its check is off here) is who it reminds.
@pytest.mark.worklist_read_model_unchecked
def test_a_reassignment_by_queryset_update_is_who_the_scan_reminds(make_in_follow_up, nurse_a, site_a):
    other = UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])
    episode = make_in_follow_up(fracture_date=FRACTURE)
    type(episode).objects.filter(pk=episode.pk).update(assigned_nurse=other)  # no save: no Python code runs

    scan(date(2026, 1, 26))

    assert list(Notification.objects.values_list("user__username", "kind")) == [("nurse_a2", "due")]
    assert [f.episode_id for f in selectors.worklist(other)] == [episode.pk]
    assert list(selectors.worklist(nurse_a)) == []


def test_an_unassigned_reminded_follow_up_is_on_every_nurses_worklist(make_in_follow_up, nurse_a, nurse_b, site_a):
    other = UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])
    episode = make_in_follow_up(fracture_date=FRACTURE, assigned=False)
    assert list(selectors.worklist(nurse_a)) == []  # not reminded yet

    scan(date(2026, 1, 27))

    for nurse in (nurse_a, other):
        assert [f.episode_id for f in selectors.worklist(nurse)] == [episode.pk]
    assert list(selectors.worklist(nurse_b)) == []  # another site's nurse


def test_a_follow_up_past_its_window_is_escalated_to_the_sites_lead(make_in_follow_up, clinician_a, site_a, nurse_a):
    SiteMembership.objects.filter(user=clinician_a, site=site_a).update(is_lead=True)
    episode = make_in_follow_up(fracture_date=FRACTURE)
    scan(date(2026, 1, 26))

    result = scan(date(2026, 2, 17))  # the day after the 4-week window closed

    assert result.summary() == {"due": 0, "overdue": 1, "reminders_created": 1, "escalated": 1, **NO_COURSE_ITEMS}
    assert Reminder.objects.get(kind="overdue").escalated
    assert set(Notification.objects.filter(follow_up=follow_up(episode, "week_4"))
               .values_list("user__username", "kind")) == {
        ("nurse_a", "due"), ("nurse_a", "overdue"), ("clinician_a", "escalated"),
    }
    assert [f.reminded_as for f in selectors.worklist(nurse_a)] == ["overdue"]
    assert scan(date(2026, 2, 18)).escalated == 0


def test_with_no_lead_named_the_managers_are_told(make_in_follow_up, manager_a):
    make_in_follow_up(fracture_date=FRACTURE)
    scan(date(2026, 2, 20))
    assert list(Notification.objects.filter(kind="escalated").values_list("user__username", flat=True)) == ["manager_a"]


def test_a_follow_up_by_letter_gets_a_patient_reminder_letter(make_in_follow_up, client, nurse_a, nurse_b):
    episode = make_in_follow_up(fracture_date=FRACTURE, phone="")

    scan(date(2026, 1, 26))
    scan(date(2026, 1, 26))

    letter = PatientReminderLetter.objects.get()
    assert letter.follow_up == follow_up(episode, "week_4")
    assert "26 January 2026 and 16 February 2026" in letter.content_html
    assert episode.patient.family_name in letter.content_html
    client.force_login(nurse_a)
    from django.urls import reverse

    page = client.get(reverse("followup:letter", args=[letter.pk]))
    assert page.status_code == 200 and "Print" in page.content.decode()
    client.force_login(nurse_b)
    assert client.get(reverse("followup:letter", args=[letter.pk])).status_code == 404


def test_a_contact_made_takes_it_off_the_worklist_and_stops_reminders(make_in_follow_up, nurse_a, travel):
    episode = make_in_follow_up(fracture_date=FRACTURE)
    scan(date(2026, 1, 26))
    travel.move_to("2026-01-28 10:00 +00:00")
    contact(follow_up(episode, "week_4"), nurse_a)

    assert list(selectors.worklist(nurse_a)) == []
    assert scan(date(2026, 2, 20)).summary() == {"due": 0, "overdue": 0, "reminders_created": 0, "escalated": 0,
                                                 **NO_COURSE_ITEMS}


def test_one_digest_a_day_per_person_with_no_patient_names(make_in_follow_up, nurse_a):
    first = make_in_follow_up(fracture_date=FRACTURE, family_name="Zebedee")
    scan(date(2026, 1, 26))
    make_in_follow_up(fracture_date=date(2026, 1, 4))
    scan(date(2026, 1, 26))  # a second run the same day: no second email

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [nurse_a.email]
    assert "Follow-up due: 1" in mail.outbox[0].body
    assert first.patient.family_name not in mail.outbox[0].body
    assert DigestSent.objects.get().notification_count == 1

    scan(date(2026, 1, 27))  # the next day, the one left waiting is sent
    assert len(mail.outbox) == 2
    assert "Follow-up due: 1" in mail.outbox[1].body
    newest = Notification.objects.latest("id")
    assert DigestSent.objects.get(digest_date=date(2026, 1, 27)).up_to_notification_id == newest.pk

    scan(date(2026, 1, 28))  # nothing new since: no email
    assert len(mail.outbox) == 2


def test_the_command_prints_one_json_line(make_in_follow_up):
    make_in_follow_up(fracture_date=FRACTURE)
    out = StringIO()
    call_command("scan_followups", "--today", "2026-01-26", "--site", "north", stdout=out)

    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {
        "due": 1, "overdue": 0, "reminders_created": 1, "escalated": 0, **NO_COURSE_ITEMS}


def test_the_command_scans_only_the_site_asked_for(make_in_follow_up, site_b, nurse_b):
    make_in_follow_up(fracture_date=FRACTURE)
    out = StringIO()
    call_command("scan_followups", "--today", "2026-01-26", "--site", site_b.code, stdout=out)
    assert json.loads(out.getvalue())["reminders_created"] == 0


def test_the_command_refuses_a_bad_date_or_site(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("scan_followups", "--today", "26/01/2026")
    with pytest.raises(CommandError, match="No site"):
        call_command("scan_followups", "--site", "nowhere")


def test_a_scan_in_small_chunks_makes_the_same_reminders(make_in_follow_up):
    for _ in range(5):
        make_in_follow_up(fracture_date=FRACTURE)
    result = scan(date(2026, 2, 20), chunk_size=2)
    assert (result.reminders_created, result.chunks) == (5, 3)
    assert Reminder.objects.filter(kind="overdue").count() == 5
