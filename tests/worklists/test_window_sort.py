"""Due and overdue open sorted by the window of each row's follow-up: the window closing soonest first on the
due tab, the one closed longest ago first on the overdue tab. The window is a column there, sortable both ways,
and the order holds with filters and across pages."""
from datetime import timedelta

import pytest
from django.urls import reverse

from worklists import selectors

from .builders import TODAY, episode_at, with_follow_up

pytestmark = pytest.mark.django_db


def _names(response):
    return [r.episode.family_name for r in response.context["rows"]]


def _in_follow_up(site, name, *, closes_in_days, opens_in_days=-3, identified_days_ago=40, nurse=None, kind="week_12"):
    ep = episode_at(site, "in_follow_up", family_name=name, nurse=nurse,
                    identified_on=TODAY - timedelta(days=identified_days_ago))
    with_follow_up(ep, kind=kind, opens=TODAY + timedelta(days=opens_in_days), closes=TODAY + timedelta(days=closes_in_days))
    return ep


@pytest.fixture
def due(site_a):
    # Identified in the opposite order to their windows, so the two sorts differ.
    _in_follow_up(site_a, "Late", closes_in_days=30, identified_days_ago=90)
    _in_follow_up(site_a, "Soon", closes_in_days=2, identified_days_ago=30)
    _in_follow_up(site_a, "Middle", closes_in_days=10, identified_days_ago=60)


def test_the_due_tab_opens_with_the_window_closing_soonest_first(client, due, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "due"})
    assert _names(response) == ["Soon", "Middle", "Late"]
    html = response.content.decode()
    assert 'data-testid="sort-window"' in html and "Window closes ▲" in html
    assert [r.window_closes for r in response.context["rows"]][0] == f"{(TODAY + timedelta(days=2)).day} Mar 2026"


def test_the_window_sorts_both_ways_and_the_other_columns_still_sort(client, due, nurse_a):
    client.force_login(nurse_a)
    url = reverse("worklists:nurse")
    assert _names(client.get(url, {"tab": "due", "sort": "window", "dir": "desc"})) == ["Late", "Middle", "Soon"]
    assert _names(client.get(url, {"tab": "due", "sort": "identified"})) == ["Late", "Middle", "Soon"]


def test_the_overdue_tab_opens_with_the_window_closed_longest_ago_first(client, site_a, nurse_a):
    _in_follow_up(site_a, "Yesterday", opens_in_days=-40, closes_in_days=-1)
    _in_follow_up(site_a, "LastMonth", opens_in_days=-70, closes_in_days=-30)
    client.force_login(nurse_a)
    assert _names(client.get(reverse("worklists:nurse"), {"tab": "overdue"})) == ["LastMonth", "Yesterday"]


def test_an_episode_with_two_follow_ups_on_the_tab_is_one_row_sorted_by_its_first(client, site_a, nurse_a):
    both = _in_follow_up(site_a, "Both", opens_in_days=-60, closes_in_days=-20, kind="week_4")
    with_follow_up(both, kind="week_12", opens=TODAY - timedelta(days=10), closes=TODAY - timedelta(days=5))
    _in_follow_up(site_a, "Other", opens_in_days=-40, closes_in_days=-10)
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "overdue"})
    assert _names(response) == ["Both", "Other"]
    assert response.context["counts"]["overdue"] == 2
    assert response.context["rows"][0].action.note == "4-week follow-up"


def test_the_window_order_holds_with_filters_and_pages(client, site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for i in range(5):
        _in_follow_up(site_a, f"Mine{i}", closes_in_days=20 - i, nurse=nurse_a)
    _in_follow_up(site_a, "NotMine", closes_in_days=1)
    client.force_login(nurse_a)
    pages = [_names(client.get(reverse("worklists:nurse"), {"tab": "due", "nurse": "mine", "page": n}))
             for n in (1, 2, 3)]
    assert pages == [["Mine4", "Mine3"], ["Mine2", "Mine1"], ["Mine0"]]
    assert _names(client.get(reverse("worklists:nurse"), {"tab": "due", "q": "mine3"})) == ["Mine3"]


def test_other_tabs_have_no_window_column_and_ignore_a_window_sort(client, site_a, nurse_a):
    episode_at(site_a, family_name="Triage")
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "triage", "sort": "window"})
    assert _names(response) == ["Triage"]
    assert 'data-testid="sort-window"' not in response.content.decode()

