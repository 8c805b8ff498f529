"""A nurse flags an episode for clinical advice from its page; it waits on the clinician's worklist until answered."""
import pytest
from django.urls import reverse

from worklists.models import ClinicalAdviceRequest

from .builders import episode_at

pytestmark = pytest.mark.django_db


def test_a_nurse_asks_and_the_question_reaches_the_clinicians_worklist(client, site_a, nurse_a, clinician_a):
    episode = episode_at(site_a, "awaiting_assessment", family_name="Query")
    client.force_login(nurse_a)
    page = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()
    assert reverse("worklists:advice_panel", args=[episode.pk]) in page
    panel = client.get(reverse("worklists:advice_panel", args=[episode.pk])).content.decode()
    assert 'data-testid="ask-clinician"' in panel
    client.post(reverse("worklists:advice_request_new", args=[episode.pk]), {"question": "eGFR 28: which drug?"})
    client.force_login(clinician_a)
    response = client.get(reverse("worklists:clinician"))
    assert [r.episode_id for r in response.context["advice_requests"]] == [episode.pk]
    assert "eGFR 28: which drug?" in response.content.decode()


def test_asking_twice_while_a_question_is_open_keeps_one_request(client, site_a, nurse_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    for _ in range(2):
        client.post(reverse("worklists:advice_request_new", args=[episode.pk]), {"question": "Which drug?"})
    assert ClinicalAdviceRequest.objects.filter(episode=episode).count() == 1


def test_an_answered_request_leaves_the_worklist_and_shows_on_the_episode(client, site_a, nurse_a, clinician_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    client.post(reverse("worklists:advice_request_new", args=[episode.pk]), {"question": "Which drug?"})
    request_ = ClinicalAdviceRequest.objects.get()
    client.force_login(clinician_a)
    client.post(reverse("worklists:advice_request_answer", args=[request_.pk]),
                {"answer": "Zoledronic acid after renal review", "from": "worklist"})
    assert client.get(reverse("worklists:clinician")).context["advice_requests"] == []
    panel = client.get(reverse("worklists:advice_panel", args=[episode.pk])).content.decode()
    assert "Zoledronic acid after renal review" in panel


def test_a_nurse_cannot_answer_a_request(client, site_a, nurse_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    client.post(reverse("worklists:advice_request_new", args=[episode.pk]), {"question": "Which drug?"})
    response = client.post(reverse("worklists:advice_request_answer", args=[ClinicalAdviceRequest.objects.get().pk]),
                           {"answer": "x"})
    assert response.status_code == 403
