"""When treatment is decided, the 4-, 12- and 52-week follow-ups are scheduled and the episode moves
into follow-up, once, with windows counted from the fracture (docs/clinical-rules.md#counted-from-the-fracture-date)."""
from datetime import date, timedelta

import pytest
import time_machine

from assessments import services as assessment_services
from followup import services
from followup.models import FollowUp
from patients.models import EpisodeEvent

from .conftest import decide_treatment

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
FRACTURE = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        yield


def windows(episode):
    return {
        fu.kind: (fu.window_opens, fu.due_on, fu.window_closes)
        for fu in FollowUp.objects.filter(episode=episode)
    }


def test_signing_off_a_started_treatment_schedules_three_follow_ups_and_starts_follow_up(
    make_patient_episode, site_a, nurse_a, clinician_a
):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=FRACTURE + timedelta(days=5))

    assert episode.state == "in_follow_up"
    assert sorted(windows(episode)) == ["week_12", "week_4", "week_52"]
    moves = list(EpisodeEvent.objects.filter(episode=episode).values_list("transition", flat=True))
    assert moves[-2:] == ["decide_treatment", "start_follow_up"]


def test_the_windows_count_from_the_fracture_date_by_default(make_patient_episode, site_a, nurse_a, clinician_a):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=FRACTURE)

    weeks = lambda n: FRACTURE + timedelta(weeks=n)  # noqa: E731
    assert windows(episode) == {
        "week_4": (weeks(3), weeks(4), weeks(6)),  # 4 weeks −1/+2
        "week_12": (weeks(12), weeks(12), weeks(16)),  # FLS-DB KPI 9: 12–16 weeks after the fracture
        "week_52": (weeks(48), weeks(52), weeks(56)),
    }


def test_a_follow_up_never_opens_before_the_treatment_it_checks_has_started(
    make_patient_episode, site_a, nurse_a, clinician_a
):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date(2026, 1, 5))
    started = date(2026, 2, 20)  # week 6½: after the 4-week window's default close (week 6)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=started)

    opens, due, closes = windows(episode)["week_4"]
    assert opens == started
    assert closes == started + timedelta(weeks=3)  # the window keeps its three-week width
    assert opens <= due <= closes
    assert windows(episode)["week_12"][0] == date(2026, 1, 5) + timedelta(weeks=12)  # not moved: already after


def test_a_treatment_left_to_primary_care_is_followed_up_from_sign_off(make_patient_episode, site_a, nurse_a, clinician_a):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, status="planned", initiated_by="primary_care")

    assert episode.state == "in_follow_up"
    assert len(windows(episode)) == 3


def test_a_treatment_the_fls_has_not_started_yet_is_scheduled_when_it_starts(
    make_patient_episode, site_a, nurse_a, clinician_a
):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date(2026, 1, 5))
    decision = decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, status="planned", initiated_by="fls")
    assert episode.state == "treatment_decided"
    assert not FollowUp.objects.filter(episode=episode).exists()

    assessment_services.treatment_decision_save(
        episode=episode, by=nurse_a, expected_version=decision.version, status="started", started_on=TODAY,
    )

    episode.refresh_from_db()
    assert episode.state == "in_follow_up"
    assert windows(episode)["week_4"][0] == TODAY  # the 4-week window would have opened on 26 Jan


def test_a_start_recorded_later_moves_open_windows_so_none_opens_before_it(
    make_patient_episode, site_a, nurse_a, clinician_a
):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date(2026, 1, 5))
    decision = decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, status="planned",
                                initiated_by="primary_care")
    assert windows(episode)["week_4"][0] == date(2026, 1, 26)

    assessment_services.treatment_decision_save(
        episode=episode, by=nurse_a, expected_version=decision.version, status="started", started_on=date(2026, 2, 27),
    )

    assert windows(episode)["week_4"][0] == date(2026, 2, 27)


@pytest.mark.parametrize("status, recommendation", [
    ("declined", "alendronate"), ("contraindicated", "alendronate"), ("planned", "none"),
])
def test_no_drug_to_follow_up_schedules_nothing(make_patient_episode, site_a, nurse_a, clinician_a, status, recommendation):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE)
    assessment_services.assessment_record_part(episode=episode, part="falls", by=nurse_a, expected_version=None)
    assessment_services.assessment_complete(episode=episode, by=nurse_a)
    decision = assessment_services.treatment_decision_save(
        episode=episode, by=nurse_a, recommendation=recommendation, status=status, status_reason="Given at clinic.",
    )
    assessment_services.treatment_sign_off(decision=decision, by=clinician_a)

    episode.refresh_from_db()
    assert episode.state == "treatment_decided"
    assert not FollowUp.objects.filter(episode=episode).exists()


def test_scheduling_again_creates_nothing_new(make_in_follow_up):
    episode = make_in_follow_up(fracture_date=FRACTURE)
    before = list(FollowUp.objects.filter(episode=episode).values_list("id", flat=True))

    services.schedule_create(episode=episode, decision=episode.treatment_decision, by=None)

    assert list(FollowUp.objects.filter(episode=episode).values_list("id", flat=True)) == before


def test_a_site_may_count_from_treatment_start(make_patient_episode, site_a, nurse_a, clinician_a, admin_a):
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, anchor="treatment_start")
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE)
    started = FRACTURE + timedelta(days=10)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=started)

    assert windows(episode)["week_12"] == (started + timedelta(weeks=12),) * 2 + (started + timedelta(weeks=16),)


def test_a_patient_without_a_phone_number_is_followed_up_by_letter(make_patient_episode, site_a, nurse_a, clinician_a):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=FRACTURE, phone="")
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=FRACTURE)

    assert set(FollowUp.objects.filter(episode=episode).values_list("planned_method", flat=True)) == {"letter"}


def test_leaving_the_pathway_cancels_the_open_follow_ups(make_in_follow_up, nurse_a):
    from patients import pathway

    episode = make_in_follow_up(fracture_date=FRACTURE)
    pathway.transfer(episode, by=nurse_a, reason="Moved away.")

    assert set(FollowUp.objects.filter(episode=episode).values_list("status", flat=True)) == {"cancelled"}
