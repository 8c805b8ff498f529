"""Nobody sees another site's audit: not in the KPIs, not by asking for the site, not in exports."""
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from fls.roles import MANAGER

from .conftest import PERIOD

pytestmark = pytest.mark.django_db
PARAMS = {"from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


@pytest.fixture
def manager_b(site_b):
    return UserFactory(username="manager_b", roles=[MANAGER], sites=[site_b])


def test_all_my_sites_means_only_my_sites(client, manager_b, site_b, north_records, audit_data):
    audit_data.episode(site_b, date(2025, 4, 4), "wrist")
    client.force_login(manager_b)
    results = {r.number: r for r in client.get(reverse("audit:dashboard"), PARAMS).context["results"]}
    assert results[3].denominator == 1


def test_asking_for_another_sites_kpis_is_a_404(client, manager_b, north_records):
    client.force_login(manager_b)
    for name in ("audit:dashboard", "audit:kpi_csv", "audit:dataset_csv"):
        assert client.get(reverse(name), {**PARAMS, "site": "north"}).status_code == 404
    assert client.get(reverse("audit:episodes_missing", args=[4]), {**PARAMS, "site": "north"}).status_code == 404


def test_another_sites_episodes_are_not_in_my_drill_down_or_dataset(client, manager_b, north_records):
    client.force_login(manager_b)
    response = client.get(reverse("audit:episodes_missing", args=[4]), PARAMS)
    assert response.context["total"] == 0
    body = b"".join(client.get(reverse("audit:dataset_csv"), PARAMS).streaming_content).decode()
    assert body.strip().count("\n") == 0  # the header only
