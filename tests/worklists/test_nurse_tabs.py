"""Each nurse tab holds the episodes at its step, with a count, and each row says and links its next action."""
from datetime import timedelta

import pytest
from django.urls import reverse

from worklists import selectors

from .builders import TODAY, episode_at, with_assessment, with_decision, with_follow_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_at_each_step(site_a, nurse_a, clinician_a):
    e = {}
    e["triage"] = episode_at(site_a, "identified", family_name="Triage")
    e["assessment"] = episode_at(site_a, "awaiting_assessment", family_name="Assess")
    e["dxa"] = episode_at(site_a, "awaiting_assessment", family_name="Dexa")
    with_assessment(e["dxa"], nurse_a, dxa_requested=True)
    e["decision"] = episode_at(site_a, "assessed", family_name="Decide")
    with_assessment(e["decision"], nurse_a, dxa_requested=True, dxa_done=True)
    e["signoff"] = episode_at(site_a, "assessed", family_name="Signoff")
    with_decision(e["signoff"], nurse_a)
    e["due"] = episode_at(site_a, "in_follow_up", family_name="Due")
    with_follow_up(e["due"], opens=TODAY - timedelta(days=2), closes=TODAY + timedelta(days=20))
    e["overdue"] = episode_at(site_a, "in_follow_up", family_name="Overdue")
    with_follow_up(e["overdue"], opens=TODAY - timedelta(days=60), closes=TODAY - timedelta(days=3))
    e["lost"] = episode_at(site_a, "lost_to_follow_up", family_name="Lost")
    with_follow_up(e["lost"], opens=TODAY - timedelta(days=90), closes=TODAY - timedelta(days=60), status="lost")
    # Finished episodes and follow-ups not yet open are on no tab.
    episode_at(site_a, "completed", family_name="Done")
    later = episode_at(site_a, "in_follow_up", family_name="Later")
    with_follow_up(later, opens=TODAY + timedelta(days=30), closes=TODAY + timedelta(days=60))
    return e


def test_every_tab_counts_exactly_its_own_episode(one_at_each_step, nurse_a):
    counts = selectors.tab_counts(nurse_a, selectors.Filters(), today=TODAY)
    # No course here: the *Treatment due* tab (tests/worklists/test_treatment_due_tab.py) counts none.
    assert counts == {key: 1 for key in selectors.TAB_KEYS} | {"treatment": 0}


@pytest.mark.parametrize("tab", selectors.TAB_KEYS)
def test_each_tab_lists_its_episode_with_the_next_action(client, one_at_each_step, nurse_a, tab):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": tab})
    html = response.content.decode()
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.episode.pk for r in rows] == [one_at_each_step[tab].pk]
    assert selectors.TABS[selectors.TAB_KEYS.index(tab)].next_action in html
    assert 'data-testid="next-action"' in html


def test_a_due_follow_up_links_to_its_contact_form(client, one_at_each_step, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "due"})
    follow_up = one_at_each_step["due"].follow_ups.get()
    assert reverse("followup:contact", args=[follow_up.pk]) in response.content.decode()


def test_a_decision_awaiting_sign_off_links_to_the_decision(client, one_at_each_step, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "signoff"})
    assert reverse("assessments:treatment_decision", args=[one_at_each_step["signoff"].pk]) in response.content.decode()


def test_the_triage_tab_keeps_the_testids_the_journeys_use(client, one_at_each_step, nurse_a):
    client.force_login(nurse_a)
    html = client.get(reverse("worklists:nurse")).content.decode()
    assert 'data-testid="triage-list"' in html
    assert 'data-testid="count-identified">1<' in html
    assert 'data-testid="home-heading">My worklist<' in html
