"""While an episode is lost to follow-up, its later follow-ups are on hold (FollowUp.Status.ON_HOLD): not
reminded, on no due or overdue list, not closed, and shown as "On hold". Resuming the episode reopens them,
and only them: a follow-up cancelled for another reason stays cancelled."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from followup import services
from followup.models import FollowUp, Reminder
from patients import pathway
from worklists import selectors

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 1, 5)  # the 4-week window is 26 Jan – 16 Feb; 12-week 30 Mar – 27 Apr
WEEK_12_OPEN = date(2026, 4, 6)


@pytest.fixture
def travel():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def lost_episode(travel, make_in_follow_up, nurse_a):
    """Three unanswered attempts inside the 4-week window (the site's default limit): lost to follow-up."""
    episode = make_in_follow_up(fracture_date=FRACTURE)
    for day in (27, 28, 29):
        contact(follow_up(episode, "week_4"), nurse_a, reached=False, contacted_on=date(2026, 1, day))
    episode.refresh_from_db()
    assert episode.state == "lost_to_follow_up"
    return episode


def test_the_follow_ups_after_the_lost_one_are_on_hold_and_not_closed(lost_episode):
    rows = dict(FollowUp.objects.filter(episode=lost_episode).values_list("kind", "status"))
    assert rows == {"week_4": FollowUp.Status.LOST, "week_12": FollowUp.Status.ON_HOLD,
                    "week_52": FollowUp.Status.ON_HOLD}
    on_hold = FollowUp.objects.filter(episode=lost_episode, status=FollowUp.Status.ON_HOLD)
    assert set(on_hold.values_list("closed_at", "status_note")) == {(None, services.ON_HOLD_NOTE)}


def test_a_follow_up_on_hold_is_not_reminded_nor_on_a_due_list_when_its_window_opens(lost_episode, nurse_a, travel):
    travel.move_to("2026-04-06 10:00 +00:00")

    services.followups_scan(today=WEEK_12_OPEN, send_digests=False)

    assert not Reminder.objects.filter(follow_up__episode=lost_episode).exists()
    counts = selectors.tab_counts(nurse_a, selectors.Filters(), today=WEEK_12_OPEN)
    assert (counts["due"], counts["overdue"], counts["lost"]) == (0, 0, 1)


def test_resuming_reopens_the_follow_ups_on_hold_and_the_scan_then_reminds(lost_episode, nurse_a, travel):
    travel.move_to("2026-04-06 10:00 +00:00")

    pathway.resume_follow_up(lost_episode, by=nurse_a, reason="The patient rang back.")
    services.followups_scan(today=WEEK_12_OPEN, send_digests=False)

    assert set(FollowUp.objects.filter(episode=lost_episode).values_list("status", flat=True)) == {"scheduled"}
    assert Reminder.objects.get(follow_up=follow_up(lost_episode, "week_12")).kind == Reminder.Kind.DUE


def test_resuming_leaves_a_cancelled_follow_up_cancelled(lost_episode, nurse_a):
    week_52 = follow_up(lost_episode, "week_52")
    FollowUp.objects.filter(pk=week_52.pk).update(status=FollowUp.Status.CANCELLED, status_note=services.ON_HOLD_NOTE)

    pathway.resume_follow_up(lost_episode, by=nurse_a, reason="The patient rang back.")

    week_52.refresh_from_db()
    assert week_52.status == FollowUp.Status.CANCELLED
    assert follow_up(lost_episode, "week_12").status == FollowUp.Status.SCHEDULED


def test_the_episode_page_and_the_contact_page_say_on_hold(client, lost_episode, nurse_a):
    client.force_login(nurse_a)

    episode_page = client.get(reverse("patients:episode_detail", args=[lost_episode.pk])).content.decode()
    contact_page = client.get(reverse("followup:contact", args=[follow_up(lost_episode, "week_12").pk]))

    assert "On hold" in episode_page and "Cancelled" not in episode_page
    assert 'data-testid="on-hold"' in contact_page.content.decode()
    assert 'data-testid="contact-form"' not in contact_page.content.decode()
