"""A form's `next` (where to return after the move) comes from the browser: one that is not a path of this
site ("abc", another host, a control character) is ignored and the user goes to the default page, never a 500
(issue 14: `next=abc` on a pathway move raised NoReverseMatch)."""
import pytest
from django.urls import reverse

from tests.worklists.builders import episode_at

BAD_NEXTS = ["abc", "worklists:nurse", "https://evil.example/", "//evil.example/", "/\nSet-Cookie:x=1", "\x00"]


@pytest.mark.parametrize("bad", BAD_NEXTS)
def test_a_pathway_move_with_a_bad_next_goes_to_the_episode(client, nurse_a, site_a, bad):
    episode = episode_at(site_a, "identified")
    client.force_login(nurse_a)
    response = client.post(reverse("patients:episode_transition", args=[episode.pk, "accept_for_assessment"]),
                           {"next": bad})
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:episode_detail", args=[episode.pk])
    episode.refresh_from_db()
    assert episode.state == "awaiting_assessment"


def test_a_pathway_move_with_a_path_of_this_site_returns_there(client, nurse_a, site_a):
    episode = episode_at(site_a, "identified")
    client.force_login(nurse_a)
    response = client.post(reverse("patients:episode_transition", args=[episode.pk, "accept_for_assessment"]),
                           {"next": "/worklist/?tab=triage"})
    assert response["Location"] == "/worklist/?tab=triage"


@pytest.mark.parametrize("bad", ["abc", "https://evil.example/"])
def test_assign_to_me_with_a_bad_next_goes_to_the_episode(client, nurse_a, site_a, bad):
    episode = episode_at(site_a, "identified")
    client.force_login(nurse_a)
    response = client.post(reverse("patients:episode_assign_to_me", args=[episode.pk]), {"next": bad})
    assert response["Location"] == reverse("patients:episode_detail", args=[episode.pk])
