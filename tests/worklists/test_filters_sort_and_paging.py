"""The nurse narrows the list by site, nurse, fracture site, dates and search, sorts by any column and pages."""
from datetime import timedelta

import pytest
from django.urls import reverse

from worklists import selectors

from .builders import TODAY, episode_at

pytestmark = pytest.mark.django_db


def _names(response):
    return [r.episode.family_name for r in response.context["rows"]]


def test_mine_shows_only_the_nurses_own_episodes_and_counts_follow(client, site_a, nurse_a):
    episode_at(site_a, family_name="Hers", nurse=nurse_a)
    episode_at(site_a, family_name="Nobodys")
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"nurse": "mine"})
    assert _names(response) == ["Hers"]
    assert response.context["counts"]["triage"] == 1


def test_fracture_site_and_identified_between_filter_the_rows(client, site_a, nurse_a):
    episode_at(site_a, family_name="Wrist", fracture_site="wrist", identified_on=TODAY - timedelta(days=3))
    episode_at(site_a, family_name="OldWrist", fracture_site="wrist", identified_on=TODAY - timedelta(days=40))
    episode_at(site_a, family_name="Hip", fracture_site="hip", identified_on=TODAY - timedelta(days=3))
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {
        "fracture": "wrist", "from": (TODAY - timedelta(days=10)).isoformat(), "to": TODAY.isoformat()})
    assert _names(response) == ["Wrist"]


def test_the_dates_are_typed_and_shown_as_the_sites_country_types_them(client, site_a, nurse_a):
    """A UK site: DD/MM/YYYY in the boxes (issue 20), one-digit day and month accepted; links keep YYYY-MM-DD."""
    episode_at(site_a, family_name="Wrist", fracture_site="wrist", identified_on=TODAY - timedelta(days=3))
    episode_at(site_a, family_name="OldWrist", fracture_site="wrist", identified_on=TODAY - timedelta(days=40))
    start = TODAY - timedelta(days=10)
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"from": f"{start.day}/{start.month}/{start.year}"})
    assert _names(response) == ["Wrist"]
    page = response.content.decode()
    box = page[page.rindex("<input", 0, page.index('name="from"')):]
    assert f'value="{start:%d/%m/%Y}"' in box[:box.index(">")] and 'placeholder="DD/MM/YYYY"' in box[:box.index(">")]


def test_search_finds_by_family_name_or_hospital_number(client, site_a, nurse_a):
    episode_at(site_a, family_name="Okafor", local_id="H123")
    episode_at(site_a, family_name="Smith", local_id="H456")
    client.force_login(nurse_a)
    assert _names(client.get(reverse("worklists:nurse"), {"q": "oka"})) == ["Okafor"]
    assert _names(client.get(reverse("worklists:nurse"), {"q": "H456"})) == ["Smith"]


def test_any_column_sorts_both_ways(client, site_a, nurse_a):
    for name in ("Brown", "Adams", "Clark"):
        episode_at(site_a, family_name=name)
    client.force_login(nurse_a)
    assert _names(client.get(reverse("worklists:nurse"), {"sort": "patient"})) == ["Adams", "Brown", "Clark"]
    assert _names(client.get(reverse("worklists:nurse"), {"sort": "patient", "dir": "desc"})) == ["Clark", "Brown", "Adams"]


def test_pages_hold_page_size_rows_without_overlap(client, site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for i in range(5):
        episode_at(site_a, family_name=f"P{i}", identified_on=TODAY - timedelta(days=10 - i))
    client.force_login(nurse_a)
    pages = [_names(client.get(reverse("worklists:nurse"), {"page": n})) for n in (1, 2, 3)]
    assert pages == [["P0", "P1"], ["P2", "P3"], ["P4"]]
    last = client.get(reverse("worklists:nurse"), {"page": 99})
    assert last.context["page"] == 3


def test_an_htmx_request_gets_only_the_results_fragment(client, site_a, nurse_a):
    episode_at(site_a, family_name="Frag")
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"q": "fra"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="worklist-results"' in html and "FRAG" in html
    assert "<html" not in html and 'data-testid="worklist-filters"' not in html


def test_an_htmx_request_reads_no_nurse_list(client, site_a, nurse_a, django_assert_num_queries):
    # The filter form, and its list of nurses, stays on the page: the fragment is the full page's queries
    # less that one.
    episode_at(site_a, family_name="Frag")
    client.force_login(nurse_a)
    with django_assert_num_queries(6):
        client.get(reverse("worklists:nurse"), {"tab": "assessment"}, HTTP_HX_REQUEST="true")


def test_links_keep_the_filters_in_the_url(client, site_a, nurse_a):
    episode_at(site_a, family_name="Keep")
    client.force_login(nurse_a)
    html = client.get(reverse("worklists:nurse"), {"q": "Keep", "fracture": "hip"}).content.decode()
    assert "?tab=assessment&amp;fracture=hip&amp;q=Keep" in html
