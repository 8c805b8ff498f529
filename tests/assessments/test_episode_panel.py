"""The episode page shows the "Investigate and treat" section, in a fixed number of queries."""
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments import services

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


def test_an_identified_episode_has_no_assessment_section(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a, state="identified")
    client.force_login(nurse_a)
    page = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()
    assert 'data-testid="assessment-panel"' not in page


def test_the_section_shows_findings_and_decision_support(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a, fracture_site="vertebra", side="na")
    record_dxa(episode, nurse_a, spine="-3.6", hip="-2.0")
    services.assessment_record_part(episode=episode, part="risk_factors", by=nurse_a, expected_version=None,
                                    height_cm=Decimal("158"), weight_kg=Decimal("50"))
    client.force_login(nurse_a)
    page = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()
    assert 'data-testid="assessment-panel"' in page
    assert "WHO: <strong>Osteoporosis</strong>" in page
    assert 'data-code="recent_vertebral_fracture"' in page and "within 2 years of the assessment" in page
    assert "Lowest T-score -3.6 (-3.5 or below)." in page
    assert "decision support" in page
    assert "BMI 20.0" in page


def test_a_manager_sees_the_section_but_no_buttons_to_record(client, drafted_decision, manager_a):
    client.force_login(manager_a)
    page = client.get(reverse("patients:episode_detail", args=[drafted_decision.episode_id])).content.decode()
    assert 'data-testid="assessment-panel"' in page
    assert 'data-testid="record-dxa"' not in page
    assert 'data-testid="draft-decision"' not in page


@pytest.mark.parametrize("bloods", [0, 8])
def test_the_episode_page_runs_a_fixed_number_of_queries_whatever_the_results(
    client, django_assert_num_queries, drafted_decision, nurse_a, clinician_a, bloods
):
    episode = drafted_decision.episode
    for i in range(bloods):
        services.blood_result_add(episode=episode, by=nurse_a, test="calcium", value=Decimal("2.3") + i, unit="mmol/L",
                                  reference_low=Decimal("2.2"), reference_high=Decimal("2.6"))
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    from django.utils import timezone

    for n in range(bloods // 4):
        # Each to another recipient: the same sending recorded twice is refused.
        services.letter_record_sent(episode=episode, by=nurse_a, sent_on=timezone.localdate(), method="post",
                                    recipient=f"Riverside {n}", content_html="<p>x</p>")
    client.force_login(nurse_a)
    url = reverse("patients:episode_detail", args=[episode.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(EPISODE_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('data-testid="out-of-range"') == max(bloods - 1, 0)


# The patients page's own 12 (session, user, permissions, episode, record view, timeline, history…) plus
# the panel's 5: assessment, blood results, vertebral fractures, treatment decision, letters sent; and the
# decision support's 4: the patient's vertebral fractures (of every episode) and vertebral fracture episodes, the
# site's settings, the FRAX table; the warnings acknowledged at the decision's sign-off. And the treatment course
# section's 5 (the signed-off decision opened a course; tests/treatment/test_course_pages.py).
EPISODE_PAGE_QUERIES = 24
