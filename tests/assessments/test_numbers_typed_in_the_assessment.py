"""The assessment's numbers are typed in text boxes that never lose what was typed (issue 20): a T-score typed
with a decimal comma is read, and a text that is not a number is refused beside its box, shown back as typed,
with the other values kept and nothing saved."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start):html.index(">", start) + 1]


def _dxa(**typed):
    return {"dxa_performed_on": timezone.localdate().isoformat(), "t_score_lumbar_spine": "-1.2",
            "t_score_total_hip": "-2.0", "t_score_femoral_neck": "-1.9", **typed}


def test_the_boxes_are_text_boxes_with_a_number_pad(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    html = client.get(reverse("assessments:assessment_part", args=[episode.pk, "dxa"])).content.decode()
    box = _input(html, "t_score_lumbar_spine")
    assert 'type="text"' in box and 'inputmode="decimal"' in box and "step=" not in box
    assert 'type="number"' not in html
    html = client.get(reverse("assessments:assessment_part", args=[episode.pk, "falls"])).content.decode()
    assert 'inputmode="numeric"' in _input(html, "falls_last_12_months")


def test_a_t_score_typed_with_a_decimal_comma_saves(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:assessment_part", args=[episode.pk, "dxa"]),
                           _dxa(t_score_lumbar_spine="-2,5", t_score_total_hip="\u22122.1",
                                t_score_femoral_neck="－１．９"))
    assert response.status_code == 302
    assessment = Assessment.objects.get(episode=episode)
    assert (assessment.t_score_lumbar_spine, assessment.t_score_total_hip, assessment.t_score_femoral_neck) == (
        Decimal("-2.5"), Decimal("-2.1"), Decimal("-1.9"))
    html = client.get(reverse("assessments:assessment_part", args=[episode.pk, "dxa"])).content.decode()
    assert 'value="-2.5"' in _input(html, "t_score_lumbar_spine")


def test_a_t_score_that_is_not_a_number_is_refused_beside_its_box_and_nothing_is_saved(client, make_episode,
                                                                                        site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:assessment_part", args=[episode.pk, "dxa"]),
                           _dxa(t_score_lumbar_spine="-2,5", t_score_total_hip="abc"))
    assert response.status_code == 200
    html = response.content.decode()
    box = _input(html, "t_score_total_hip")
    assert 'value="abc"' in box and 'aria-invalid="true"' in box and "is-invalid" in box  # shown back as typed
    message = "“abc” is not a number. Type it like -2.5."
    box_at = html.index('name="t_score_total_hip"')
    assert box_at < html.index(message, box_at) < html.index('name="t_score_femoral_neck"')  # beside its box
    # The other values typed are kept as typed, without an error of their own.
    assert 'value="-2,5"' in _input(html, "t_score_lumbar_spine")
    assert 'value="-1.9"' in _input(html, "t_score_femoral_neck")
    assert "is-invalid" not in _input(html, "t_score_lumbar_spine")
    assert html.count("is not a number") == 1
    assert not Assessment.objects.filter(episode=episode).exists()


def test_the_message_is_in_the_users_language(client, make_episode, site_a, nurse_a):
    nurse_a.language = "ja"
    nurse_a.save(update_fields=["language"])
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:assessment_part", args=[episode.pk, "risk_factors"]),
                           {"height_cm": "百六十", "weight_kg": "48"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "「百六十」は数値ではありません。100.5 のように入力してください。" in html
    assert 'value="48"' in _input(html, "weight_kg")
    assert not Assessment.objects.filter(episode=episode).exists()


def test_a_whole_number_is_refused_a_fraction_and_takes_3_point_0(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    url = reverse("assessments:assessment_part", args=[episode.pk, "falls"])
    response = client.post(url, {"falls_last_12_months": "2.5", "falls_assessment": "referred",
                                 "strength_balance": "not_yet"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2.5"' in _input(html, "falls_last_12_months")
    box_at = html.index('name="falls_last_12_months"')
    assert box_at < html.index("“2.5” is not a whole number.", box_at) < html.index('name="gait_balance_result"')
    assert not Assessment.objects.filter(episode=episode).exists()
    response = client.post(url, {"falls_last_12_months": "3.0", "falls_assessment": "referred",
                                 "strength_balance": "not_yet"})
    assert response.status_code == 302
    assert Assessment.objects.get(episode=episode).falls_last_12_months == 3


def test_a_number_outside_its_range_is_refused_with_djangos_message(client, make_episode, site_a, nurse_a):
    episode = make_episode(site_a, nurse_a)
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:assessment_part", args=[episode.pk, "dxa"]),
                           _dxa(t_score_lumbar_spine="-9"))
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to -8." in response.content.decode()
    assert 'value="-9"' in _input(response.content.decode(), "t_score_lumbar_spine")
    assert not Assessment.objects.filter(episode=episode).exists()
