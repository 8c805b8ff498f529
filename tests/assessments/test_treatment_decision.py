"""Drafting the treatment decision: recommendation, calcium/vitamin D, who initiates, what happened."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import TreatmentDecision

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fls_model, initiator",
    [("A", "fls"), ("B", "primary_care"), ("C", "primary_care_informed"), ("D", "patient_informed")],
)
def test_who_initiates_defaults_from_the_sites_fls_model(make_episode, site_a, nurse_a, fls_model, initiator):
    site_a.fls_model = fls_model
    site_a.save()
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, neck="-2.8")
    services.assessment_complete(episode=episode, by=nurse_a)
    decision = services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="risedronate")
    assert decision.initiated_by == initiator


def test_the_form_offers_the_sites_default_initiator(client, assessed_episode, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("assessments:treatment_decision", args=[assessed_episode.pk]))
    assert response.context["form"].initial["initiated_by"] == "fls"


def test_a_nurse_drafts_a_recommendation_that_waits_for_sign_off(client, assessed_episode, nurse_a):
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:treatment_decision", args=[assessed_episode.pk]), {
        "recommendation": "zoledronic_acid", "calcium_vitamin_d": "start", "initiated_by": "fls", "status": "planned",
    }, follow=True)
    decision = TreatmentDecision.objects.get(episode=assessed_episode)
    assert decision.drafted_by == nurse_a and not decision.is_signed_off
    assert 'data-testid="awaiting-signoff"' in response.content.decode()


def test_other_needs_the_treatment_named(assessed_episode, nurse_a):
    with pytest.raises(ValidationError) as exc:
        services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="other")
    assert "recommendation_other" in exc.value.message_dict


def test_started_needs_a_date_that_is_not_in_the_future(assessed_episode, nurse_a):
    with pytest.raises(ValidationError) as exc:
        services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                         status="started")
    assert "started_on" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                         status="started", started_on=timezone.localdate() + timedelta(days=1))


@pytest.mark.parametrize("status", ["declined", "contraindicated"])
def test_declined_or_contraindicated_needs_a_reason(assessed_episode, nurse_a, status):
    with pytest.raises(ValidationError) as exc:
        services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                         status=status)
    assert "status_reason" in exc.value.message_dict
    decision = services.treatment_decision_save(episode=assessed_episode, by=nurse_a, recommendation="alendronate",
                                                status=status, status_reason="eGFR 25")
    assert decision.status == status


def test_after_sign_off_only_the_treatment_status_can_change(drafted_decision, nurse_a, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    drafted_decision.refresh_from_db()
    decision = services.treatment_decision_save(
        episode=drafted_decision.episode, by=nurse_a, expected_version=drafted_decision.version,
        recommendation="denosumab", status="started", started_on=timezone.localdate(),
    )
    assert decision.recommendation == "alendronate"
    assert decision.status == "started"
