"""The demo's claims (claims/demo.py): every shape of episode renders its panel, the claims list and the CSV render
for each month, and each shape shows what it is there to show."""
import random
from datetime import date

import pytest
from django.urls import reverse

from claims import demo, selectors
from claims.fee_rules import CLAIMABLE, NOT_CLAIMABLE, NOT_YET
from patients.models import FractureEpisode

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_episodes(sakura, nurse_jp, clinician_jp, manager_jp):
    episodes = demo.seed(sakura, nurse=nurse_jp, clinician=clinician_jp, manager=manager_jp, rng=random.Random(7),
                         today=TODAY)
    return {shape.code: FractureEpisode.objects.select_related("patient", "site").get(pk=episode.pk)
            for shape, episode in zip(demo.SHAPES, episodes)}


def test_each_shape_shows_what_it_is_there_to_show(demo_episodes):
    picture = {code: selectors.episode_claims(episode, as_of=TODAY) for code, episode in demo_episodes.items()}
    assert not picture["level_1_with_addon"].facility_gaps
    first = picture["level_1_with_addon"].level_1[0]
    assert (first.status, first.addon.status) == (CLAIMABLE, CLAIMABLE)
    late = picture["level_1_late_surgery"].level_1[0]
    assert (late.status, late.addon.status) == (CLAIMABLE, NOT_CLAIMABLE)
    young = picture["level_1_under_75"].level_1[0]
    assert (young.status, young.addon.status) == (CLAIMABLE, NOT_CLAIMABLE)
    missing = picture["missing_surgery_time"].level_1[0]
    assert missing.status == NOT_YET and missing.missing == ["The time surgery started is not recorded."]
    after = picture["planned_after_discharge"].level_1[0]
    assert after.status == NOT_CLAIMABLE and after.missing == ["Treatment was not planned during the admission."]
    for code in ("level_2_and_3", "level_2_and_3_community"):
        assert picture[code].level_2[0].status == CLAIMABLE
        assert picture[code].level_3.status == CLAIMABLE and picture[code].level_3.lines
        assert picture[code].level_3.open_months


def test_every_demo_episode_renders_its_panel(client, demo_episodes, nurse_jp):
    client.force_login(nurse_jp)
    for episode in demo_episodes.values():
        response = client.get(reverse("patients:episode_detail", args=[episode.pk]))
        assert response.status_code == 200 and 'data-testid="claims-panel"' in response.content.decode()


def test_the_claims_list_and_csv_render_for_every_month_of_the_demo(client, demo_episodes, manager_jp):
    client.force_login(manager_jp)
    rows = 0
    for month in [f"2025-{m:02d}" for m in range(3, 13)] + ["2026-01", "2026-02", "2026-03"]:
        page = client.get(reverse("claims:claims_list"), {"month": month})
        assert page.status_code == 200
        rows += page.content.decode().count('data-testid="claim-row"')
        csv = client.get(reverse("claims:claims_csv"), {"month": month})
        assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    # Three level 1s this month, two level 2s and their level-3 months.
    assert rows >= 3 + 2 + 4
    march = client.get(reverse("claims:claims_list"), {"month": "2026-03"}).content.decode()
    assert march.count('data-testid="claim-row"') >= 3 and date(2026, 3, 10).strftime("%-d Mar %Y") in march
