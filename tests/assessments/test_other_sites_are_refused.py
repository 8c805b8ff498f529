"""Another site's user gets 404 on every assessment page (never 403: no existence leak)."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GET_PAGES = [
    ("assessments:assessment_part", ["falls"]),
    ("assessments:assessment_part", ["dxa"]),
    ("assessments:blood_result_add", []),
    ("assessments:treatment_decision", []),
    ("assessments:letter", []),
    ("assessments:letter_pdf", []),
]
POST_PAGES = [
    ("assessments:assessment_complete", []),
    ("assessments:letter_sent", []),
]


@pytest.mark.parametrize("name, extra", GET_PAGES + POST_PAGES)
def test_nurse_b_gets_404_for_site_a_pages(client, drafted_decision, nurse_b, name, extra):
    client.force_login(nurse_b)
    url = reverse(name, args=[drafted_decision.episode_id, *extra])
    response = client.post(url, {}) if (name, extra) in POST_PAGES else client.get(url)
    assert response.status_code == 404


def test_a_clinician_at_another_site_gets_404_when_signing_off(client, drafted_decision, site_b):
    from fls.roles import CLINICIAN
    from tests.factories import UserFactory

    clinician_b = UserFactory(username="clinician_b", roles=[CLINICIAN], sites=[site_b])
    client.force_login(clinician_b)
    response = client.post(reverse("assessments:treatment_sign_off", args=[drafted_decision.episode_id]))
    assert response.status_code == 404
    drafted_decision.refresh_from_db()
    assert not drafted_decision.is_signed_off


def test_another_sites_blood_result_and_sent_letter_are_404(client, drafted_decision, nurse_a, nurse_b, clinician_a):
    from decimal import Decimal

    from django.utils import timezone

    from assessments import services

    episode = drafted_decision.episode
    result = services.blood_result_add(episode=episode, by=nurse_a, test="tsh", value=Decimal("1.2"), unit="mU/L")
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    letter = services.letter_record_sent(episode=episode, by=nurse_a, sent_on=timezone.localdate(), method="post",
                                         recipient="Riverside", content_html="<p>letter</p>")
    client.force_login(nurse_b)
    assert client.post(reverse("assessments:blood_result_entered_in_error", args=[episode.pk, result.pk])).status_code == 404
    assert client.get(reverse("assessments:letter_sent_copy", args=[episode.pk, letter.pk])).status_code == 404
