"""The episode page shows the follow-up plan, in a fixed number of queries whatever its contacts."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from .conftest import contact, follow_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel("2026-02-10 10:00 +00:00", tick=False) as traveller:
        yield traveller


def test_the_episode_page_shows_the_follow_up_plan(client, make_in_follow_up, nurse_a):
    episode = make_in_follow_up(fracture_date=date(2026, 1, 5))
    contact(follow_up(episode, "week_4"), nurse_a, adherence="irregularly")
    client.force_login(nurse_a)

    page = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()

    assert 'data-testid="follow-up-plan"' in page
    assert "Taking irregularly" in page
    assert 'data-testid="record-contact-week_12"' in page


def test_another_sites_nurse_never_sees_the_plan(client, make_in_follow_up, nurse_b):
    episode = make_in_follow_up(fracture_date=date(2026, 1, 5))
    client.force_login(nurse_b)
    assert client.get(reverse("patients:episode_detail", args=[episode.pk])).status_code == 404


@pytest.mark.parametrize("attempts", [0, 5])
def test_the_episode_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, make_in_follow_up,
                                                         nurse_a, site_a, admin_a, attempts):
    from followup import services

    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, failed_attempt_limit=10)
    episode = make_in_follow_up(fracture_date=date(2026, 1, 5))
    for day in range(attempts):
        contact(follow_up(episode, "week_4"), nurse_a, reached=False, contacted_on=date(2026, 1, 26 + day))
    client.force_login(nurse_a)
    url = reverse("patients:episode_detail", args=[episode.pk])
    client.get(url)
    with django_assert_num_queries(EPISODE_PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("Not reached") == attempts


# The episode page with its assessment panel (tests/assessments/test_episode_panel.py: EPISODE_PAGE_QUERIES), the
# treatment course section's 5 (tests/treatment/test_course_pages.py; the episode's alendronate course) and the
# follow-up panel's 3: follow-ups, their contacts, their letters.
EPISODE_PAGE_QUERIES = 27
