"""A nurse drafts, only a clinician signs off (assessments.sign_off_treatment, fls/roles.py)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessments import services
from patients.models import EpisodeState

pytestmark = pytest.mark.django_db


def _unchanged(decision):
    decision.refresh_from_db()
    decision.episode.refresh_from_db()
    return not decision.is_signed_off and decision.episode.state == EpisodeState.ASSESSED


def test_a_nurse_is_refused_by_the_service_and_nothing_changes(drafted_decision, nurse_a):
    with pytest.raises(PermissionDenied):
        services.treatment_sign_off(decision=drafted_decision, by=nurse_a)
    assert _unchanged(drafted_decision)


@pytest.mark.parametrize("persona", ["nurse_a", "manager_a", "admin_a"])
def test_anyone_but_a_clinician_gets_403_from_the_page_and_nothing_changes(client, request, drafted_decision, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]))
    assert response.status_code in (403, 404)  # the administrator has no patient access at all
    assert _unchanged(drafted_decision)


def test_a_nurse_gets_403(client, drafted_decision, nurse_a):
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]))
    assert response.status_code == 403


def test_a_clinician_signs_off(client, drafted_decision, clinician_a):
    client.force_login(clinician_a)
    client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]))
    drafted_decision.refresh_from_db()
    assert drafted_decision.signed_off_by == clinician_a
    assert drafted_decision.episode.state == EpisodeState.TREATMENT_DECIDED


def test_the_nurse_sees_no_sign_off_button(client, drafted_decision, nurse_a, clinician_a):
    url = reverse("patients:episode_detail", args=[drafted_decision.episode_id])
    client.force_login(nurse_a)
    assert 'data-testid="sign-off"' not in client.get(url).content.decode()
    client.force_login(clinician_a)
    assert 'data-testid="sign-off"' in client.get(url).content.decode()


def test_a_decision_is_signed_off_once(drafted_decision, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    with pytest.raises(ValidationError, match="already signed off"):
        services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
