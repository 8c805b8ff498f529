"""The dashboard: the manager's home, its KPI table, and a query count that does not grow with rows."""
from datetime import date

import pytest
from django.urls import reverse

from .conftest import PERIOD

pytestmark = pytest.mark.django_db

URL = reverse("audit:dashboard")
PARAMS = {"site": "north", "from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}


def test_it_is_the_managers_home_page(client, manager_a):
    client.force_login(manager_a)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert b'data-testid="home-heading"' in response.content


def test_it_shows_each_kpi_with_its_status_and_the_unverified_note(client, manager_a, north_records):
    client.force_login(manager_a)
    response = client.get(URL, PARAMS)
    assert response.status_code == 200
    results = {r.number: r for r in response.context["results"]}
    assert (results[4].numerator, results[4].denominator) == (3, 5)
    body = response.content.decode()
    for number in range(1, 12):
        assert f'data-testid="kpi-{number}"' in body
    assert "Unverified in detail" in body
    assert 'id="kpi-chart-11"' in body and 'id="assessment-delay-chart"' in body


def test_it_runs_the_same_number_of_queries_however_many_episodes(client, manager_a, site_a, audit_data,
                                                                  django_assert_num_queries):
    client.force_login(manager_a)
    client.get(URL, PARAMS)  # warm the session and permission caches

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, PARAMS).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    # Pinned: session, user, the two-factor device that verified the session (django-otp), memberships/sites,
    # roles and permissions (one query, fls.auth), the site list, and per KPI read (table, trends, delays) the
    # sites' audit settings, a savepoint, two SET LOCALs (audit.kpis._reporting_query, PostgreSQL only), one
    # aggregate query and the release: 6 + 3 x 6; then the outcome beyond a year (audit.outcomes): the sites'
    # treatment settings, a savepoint, two SET LOCALs, its two aggregates (persistence, doses) and the release: 7.
    from django.db import connection

    postgresql = connection.vendor == "postgresql"
    assert few == 6 + 3 * (6 if postgresql else 4) + (7 if postgresql else 5)
    for month in range(1, 13):
        episode = audit_data.episode(site_a, date(2025, month, 3), "wrist")
        audit_data.assess(episode, date(2025, month, 20))
    assert queries() == few
    with django_assert_num_queries(few):
        client.get(URL, PARAMS)


def test_a_nurse_without_the_dashboard_permission_is_refused(client, nurse_a):
    client.force_login(nurse_a)
    assert client.get(URL).status_code == 403
