"""A treatment's start recorded after sign-off is reacted to explicitly, by the reactions the later steps
registered (assessments.services.TREATMENT_STARTED), never through a signal: followup's moves the
follow-up windows (its behaviour: tests/followup/test_schedule_on_treatment_decision.py)."""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save

from assessments import services
from assessments.models import TreatmentDecision
from followup import reactions


def test_the_follow_up_step_is_the_registered_reaction_and_no_signal_is_used():
    assert services.TREATMENT_STARTED.registered == {"follow-up windows": reactions.treatment_started}
    # Only django-simple-history listens to a decision's save (for its history row).
    sync_receivers, _ = post_save._live_receivers(TreatmentDecision)
    assert {receiver.__module__.split(".")[0] for receiver in sync_receivers} == {"simple_history"}


def test_a_reaction_must_be_one_the_decision_service_lists():
    with pytest.raises(ImproperlyConfigured, match="not one of"):
        services.on_treatment_started("send a card", lambda decision, by: None)
