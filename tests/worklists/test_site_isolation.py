"""A nurse never sees, counts or can ask about another site's episodes."""
import pytest
from django.urls import reverse

from assessments.selectors import signoff_queue
from worklists import selectors

from .builders import episode_at

pytestmark = pytest.mark.django_db


def test_another_sites_episodes_are_neither_listed_nor_counted(client, site_a, nurse_b):
    episode_at(site_a, "identified", family_name="Northern")
    client.force_login(nurse_b)
    response = client.get(reverse("worklists:nurse"))
    assert response.context["rows"] == []
    assert response.context["counts"]["triage"] == 0
    assert "Northern" not in response.content.decode()


def test_choosing_another_sites_id_in_the_url_shows_nothing_of_it(client, site_a, site_b, nurse_b):
    episode_at(site_a, "identified", family_name="Northern")
    client.force_login(nurse_b)
    response = client.get(reverse("worklists:nurse"), {"site": site_a.pk})
    assert response.context["filters"].site_id is None
    assert response.context["rows"] == []


def test_asking_advice_on_another_sites_episode_is_a_404(client, site_a, nurse_b):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_b)
    response = client.post(reverse("worklists:advice_request_new", args=[episode.pk]), {"question": "?"})
    assert response.status_code == 404


def test_a_clinician_of_another_site_sees_none_of_its_sign_offs(clinician_a, site_b, nurse_b):
    from .builders import with_decision

    episode = episode_at(site_b, "assessed")
    with_decision(episode, nurse_b)
    assert list(signoff_queue(clinician_a)) == []
