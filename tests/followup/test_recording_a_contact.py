"""A contact is recorded against a follow-up: reached (with adherence) closes it, the 52-week contact
completes the episode, and unanswered attempts inside the window lead to lost to follow-up."""
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from followup import services
from followup.models import FollowUp, FollowUpContact, Notification
from patients.models import FractureEpisode
from patients.services import StaleRecord

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 1, 5)  # the 4-week window is 26 Jan – 16 Feb; 12-week 30 Mar – 27 Apr


@pytest.fixture
def travel():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def episode(travel, make_in_follow_up):
    return make_in_follow_up(fracture_date=FRACTURE)


def test_a_reached_contact_records_adherence_and_closes_the_follow_up(episode, nurse_a):
    week_4 = follow_up(episode, "week_4")
    saved = contact(week_4, nurse_a, adherence="irregularly", falls_since_last_contact=1,
                    strength_balance_started_on=date(2026, 1, 30), notes="Forgets on weekends.", next_action="Pill box")

    week_4.refresh_from_db()
    assert (week_4.status, week_4.outcome) == ("completed", "irregularly")
    assert saved.in_window and saved.outcome_label == "Taking irregularly"
    assert saved.history.first().history_user == nurse_a
    episode.refresh_from_db()
    assert episode.state == "in_follow_up"


def test_stopped_treatment_needs_a_reason(episode, nurse_a):
    with pytest.raises(ValidationError) as raised:
        contact(follow_up(episode, "week_4"), nurse_a, adherence="stopped")
    assert "stopped_reason" in raised.value.message_dict

    saved = contact(follow_up(episode, "week_4"), nurse_a, adherence="stopped", stopped_reason="side_effects")
    assert saved.outcome_label == "Stopped (side effects)"


def test_reached_without_adherence_is_refused(episode, nurse_a):
    with pytest.raises(ValidationError) as raised:
        contact(follow_up(episode, "week_4"), nurse_a, adherence="")
    assert "adherence" in raised.value.message_dict


def test_a_contact_cannot_be_in_the_future(episode, nurse_a):
    with pytest.raises(ValidationError) as raised:
        contact(follow_up(episode, "week_4"), nurse_a, contacted_on=date(2026, 2, 3))
    assert "contacted_on" in raised.value.message_dict


def test_the_52_week_contact_completes_the_episode_with_its_adherence(episode, nurse_a, travel):
    travel.move_to("2026-12-14 10:00 +00:00")  # week 49
    saved = contact(follow_up(episode, "week_52"), nurse_a, adherence="as_prescribed")

    episode.refresh_from_db()
    assert episode.state == "completed"
    assert episode.events.last().note == "52-week follow-up: Taking as prescribed."
    assert follow_up(episode, "week_52").outcome == "as_prescribed"
    # The 4- and 12-week contacts never made are past help now.
    assert set(FollowUp.objects.filter(episode=episode).exclude(pk=saved.follow_up_id)
               .values_list("status", flat=True)) == {"missed"}


def test_unanswered_attempts_count_until_the_sites_limit_then_the_patient_is_lost(episode, nurse_a, manager_a, site_a):
    from fls.models import SiteMembership

    SiteMembership.objects.filter(user=manager_a, site=site_a).update(is_lead=True)
    week_4 = follow_up(episode, "week_4")
    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 27))
    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 29))
    week_4.refresh_from_db()
    assert (week_4.status, week_4.failed_attempts) == ("scheduled", 2)

    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 2, 2), method="letter")

    week_4.refresh_from_db()
    assert (week_4.status, week_4.failed_attempts) == ("lost", 3)
    episode.refresh_from_db()
    assert episode.state == "lost_to_follow_up"
    assert "3 unanswered attempts" in episode.events.last().note
    assert list(Notification.objects.filter(kind="lost").values_list("user__username", flat=True)) == ["manager_a"]
    # The later follow-ups wait on hold, and come back when follow-up is resumed.
    assert set(FollowUp.objects.filter(episode=episode, kind__in=["week_12", "week_52"])
               .values_list("status", flat=True)) == {"on_hold"}


def test_resuming_follow_up_reopens_the_lost_follow_ups(episode, nurse_a):
    from patients import pathway

    week_4 = follow_up(episode, "week_4")
    for day in (27, 28, 29):
        contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, day))
    episode.refresh_from_db()

    pathway.resume_follow_up(episode, by=nurse_a, reason="Patient rang back.")

    assert set(FollowUp.objects.filter(episode=episode).values_list("status", "failed_attempts")) == {("scheduled", 0)}


def test_an_attempt_outside_the_window_is_recorded_but_not_counted(episode, nurse_a, site_a, admin_a):
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, failed_attempt_limit=1)
    week_4 = follow_up(episode, "week_4")

    saved = contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 20))  # before the window opens

    week_4.refresh_from_db()
    assert (saved.in_window, week_4.failed_attempts, week_4.status) == (False, 0, "scheduled")


def test_the_sites_limit_is_a_setting(episode, nurse_a, site_a, admin_a):
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, failed_attempt_limit=1)
    week_4 = follow_up(episode, "week_4")
    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 27))

    week_4.refresh_from_db()
    assert week_4.status == "lost"


def test_a_new_fracture_starts_a_linked_refracture_episode(episode, nurse_a):
    saved = contact(follow_up(episode, "week_4"), nurse_a, new_fracture=True, new_fracture_date=date(2026, 1, 28),
                    new_fracture_site="vertebra", new_fracture_side="na", new_fracture_mechanism="low")

    new = FractureEpisode.objects.get(pk=saved.refracture_episode_id)
    assert (new.refracture_of_id, new.patient_id, new.fracture_site, new.state) == (
        episode.pk, episode.patient_id, "vertebra", "identified")
    assert new.assigned_nurse == nurse_a


def test_a_new_fracture_needs_its_date_and_site(episode, nurse_a):
    with pytest.raises(ValidationError) as raised:
        contact(follow_up(episode, "week_4"), nurse_a, new_fracture=True)
    assert {"new_fracture_date", "new_fracture_site", "new_fracture_mechanism"} <= set(raised.value.message_dict)
    assert not FollowUpContact.objects.exists()


def test_saving_a_contact_over_a_newer_version_is_refused(episode, nurse_a):
    week_4 = follow_up(episode, "week_4")
    seen = week_4.version
    contact(week_4, nurse_a, reached=False, contacted_on=date(2026, 1, 27))

    with pytest.raises(StaleRecord) as raised:
        services.contact_record(follow_up=week_4, by=nurse_a, expected_version=seen, contacted_on=date(2026, 2, 2),
                                method="phone", reached=True, adherence="as_prescribed")
    assert "failed_attempts" in str(raised.value) or "Someone else changed" in str(raised.value)
    assert FollowUpContact.objects.count() == 1


def test_a_closed_follow_up_takes_no_more_contacts(episode, nurse_a):
    week_4 = follow_up(episode, "week_4")
    contact(week_4, nurse_a)
    with pytest.raises(ValidationError, match="closed"):
        contact(week_4, nurse_a)
