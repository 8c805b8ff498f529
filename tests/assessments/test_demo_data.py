"""seed_demo shows patients at every investigate-and-treat stage."""
from datetime import date

import pytest

from assessments.models import Assessment, LetterSent, TreatmentDecision
from demo.services import demo_seed
from patients.models import EpisodeState

pytestmark = pytest.mark.django_db


def test_the_demo_has_assessed_awaiting_sign_off_signed_off_and_lettered_episodes():
    demo_seed(patients=80, seed=11, password="fls-demo-2026-long", today=date(2026, 3, 2))
    assert Assessment.objects.filter(completed_at__isnull=False, episode__state=EpisodeState.ASSESSED,
                                     episode__treatment_decision__isnull=True).exists()
    assert TreatmentDecision.objects.filter(signed_off_at__isnull=True).exists()
    assert TreatmentDecision.objects.filter(signed_off_at__isnull=False,
                                            episode__state=EpisodeState.TREATMENT_DECIDED).exists()
    assert LetterSent.objects.exists()
    # Every signed-off decision was signed by a clinician of the episode's own site.
    for decision in TreatmentDecision.objects.filter(signed_off_at__isnull=False).select_related("signed_off_by"):
        assert decision.signed_off_by.has_perm("assessments.sign_off_treatment")
        assert decision.signed_off_by.memberships.filter(site_id=decision.episode.site_id).exists()
