"""The lost-to-follow-up tab reads the episode's state alone (worklists.selectors.tab_condition): that holds
because a follow-up is only ever lost together with its episode, and resumed together. Made here through
the real services, the way a nurse gets there."""
from datetime import timedelta

import pytest
from django.urls import reverse

from patients import pathway
from tests.followup.conftest import contact, follow_up, make_in_follow_up, make_patient_episode  # noqa: F401
from worklists import selectors

from .builders import TODAY

pytestmark = pytest.mark.django_db


def _tabs_holding(user, episode):
    return [key for key in selectors.TAB_KEYS
            if episode.pk in {e.pk for e in selectors.tab_rows(user, key, selectors.Filters(), today=TODAY)}]


def test_unanswered_attempts_put_the_episode_on_the_lost_tab_and_resuming_takes_it_off(make_in_follow_up,
                                                                                      nurse_a, client):
    # The 4-week window (weeks 3 to 6) is open today.
    episode = make_in_follow_up(fracture_date=TODAY - timedelta(weeks=4))
    week_4 = follow_up(episode, "week_4")
    assert _tabs_holding(nurse_a, episode) == ["due"]

    for days_ago in (2, 1, 0):  # the site's default limit is three unanswered attempts
        contact(week_4, nurse_a, reached=False, contacted_on=TODAY - timedelta(days=days_ago))

    episode.refresh_from_db()
    assert episode.state == "lost_to_follow_up"
    assert _tabs_holding(nurse_a, episode) == ["lost"]
    assert selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)["lost"] == 1
    client.force_login(nurse_a)
    html = client.get(reverse("worklists:nurse"), {"tab": "lost"}).content.decode()
    # The row's next action opens the follow-up that was lost.
    assert reverse("followup:contact", args=[week_4.pk]) in html

    pathway.resume_follow_up(episode, by=nurse_a, reason="Patient rang back.")

    assert _tabs_holding(nurse_a, episode) == ["due"]
    assert selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)["lost"] == 0
