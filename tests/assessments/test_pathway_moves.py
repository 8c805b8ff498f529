"""Completing the assessment and signing off the decision move the episode, through patients.pathway only."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments import services
from patients.models import EpisodeEvent, EpisodeState
from patients.pathway import PathwayError

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


def test_completing_the_assessment_moves_the_episode_to_assessed(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, neck="-2.0")
    assessment = services.assessment_complete(episode=episode, by=nurse_a)
    episode.refresh_from_db()
    assert episode.state == EpisodeState.ASSESSED
    assert assessment.completed_by == nurse_a
    event = EpisodeEvent.objects.filter(episode=episode).last()
    assert (event.transition, event.from_state, event.to_state, event.by) == (
        "complete_assessment", EpisodeState.AWAITING_ASSESSMENT, EpisodeState.ASSESSED, nurse_a,
    )


def test_an_assessment_with_nothing_recorded_cannot_be_completed(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    with pytest.raises(ValidationError, match="Record at least one part"):
        services.assessment_complete(episode=episode, by=nurse_a)
    episode.refresh_from_db()
    assert episode.state == EpisodeState.AWAITING_ASSESSMENT


def test_completing_twice_is_refused(assessed_episode, nurse_a):
    with pytest.raises(ValidationError, match="already complete"):
        services.assessment_complete(episode=assessed_episode, by=nurse_a)


def test_a_declined_episode_cannot_have_its_assessment_completed(make_episode, site_a, nurse_a):
    from patients import pathway

    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, neck="-2.0")
    pathway.decline(episode, by=nurse_a, reason="Did not want it.")
    with pytest.raises(ValidationError):
        services.assessment_complete(episode=episode, by=nurse_a)
    episode.refresh_from_db()
    assert episode.state == EpisodeState.DECLINED
    assert not episode.assessment.is_complete


def test_signing_off_moves_the_episode_to_treatment_decided(drafted_decision, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    episode = drafted_decision.episode
    episode.refresh_from_db()
    assert episode.state == EpisodeState.TREATMENT_DECIDED
    event = EpisodeEvent.objects.filter(episode=episode).last()
    assert (event.transition, event.by) == ("decide_treatment", clinician_a)
    assert "Alendronate" in event.note


def test_a_decision_cannot_be_drafted_before_the_assessment_is_complete(make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    with pytest.raises(ValidationError, match="Complete the assessment"):
        services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="alendronate")


def test_a_decision_whose_episode_has_left_the_pathway_cannot_be_signed_off(drafted_decision, nurse_a, clinician_a):
    from patients import pathway

    pathway.transfer(drafted_decision.episode, by=nurse_a, reason="Moved away.")
    with pytest.raises(PathwayError, match="transferred"):
        services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    drafted_decision.refresh_from_db()
    assert not drafted_decision.is_signed_off


def test_the_episode_timeline_shows_each_step(client, drafted_decision, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    client.force_login(clinician_a)
    page = client.get(reverse("patients:episode_detail", args=[drafted_decision.episode_id])).content.decode()
    timeline = page.split('data-testid="timeline"')[1].split("Change history")[0]
    assert timeline.index("Awaiting assessment") < timeline.index("Assessed") < timeline.index("Treatment decided")
