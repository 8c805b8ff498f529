"""The Celery-refreshed KPI summary gives exactly the live KPIs, and refreshing twice changes nothing."""
from datetime import date

import pytest

from audit import kpis, summary
from audit.models import KpiDailyCounts
from audit.tasks import refresh_kpi_summary

from .conftest import AS_OF, PERIOD

pytestmark = pytest.mark.django_db


def as_tuples(results):
    return [(r.number, r.numerator, r.denominator, r.percent, r.status) for r in results]


@pytest.mark.parametrize("as_of", [AS_OF, date(2026, 3, 1)])
def test_the_summary_gives_the_live_kpis(site_a, north_records, as_of):
    refresh_kpi_summary(site_a.pk)
    live = kpis.kpi_table(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1], as_of=as_of)
    summed = summary.kpi_table(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1], as_of=as_of)
    assert as_tuples(summed) == as_tuples(live)


def test_the_summary_gives_the_live_monthly_trends(site_a, north_records):
    refresh_kpi_summary(site_a.pk)
    live = kpis.monthly_trends(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1], as_of=AS_OF)
    summed = summary.monthly_trends(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1], as_of=AS_OF)
    assert [(m, as_tuples(r)) for m, r in summed] == [(m, as_tuples(r)) for m, r in live]


def test_the_summary_gives_the_live_assessment_delays(site_a, north_records):
    refresh_kpi_summary(site_a.pk)
    live = kpis.assessment_delay_distribution(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1])
    assert summary.assessment_delay_distribution(sites=[site_a], date_from=PERIOD[0], date_to=PERIOD[1]) == live
    assert sum(n for _label, n in live) == 5


def test_refreshing_twice_changes_nothing(site_a, north_records):
    refresh_kpi_summary(site_a.pk)
    first = list(KpiDailyCounts.objects.order_by("fracture_date").values_list("fracture_date", "counts"))
    refresh_kpi_summary(site_a.pk)
    assert list(KpiDailyCounts.objects.order_by("fracture_date").values_list("fracture_date", "counts")) == first


def test_the_dashboard_reads_the_summary_when_configured(client, manager_a, site_a, north_records, settings):
    from django.urls import reverse

    settings.AUDIT_KPI_SUMMARY = True
    client.force_login(manager_a)
    params = {"site": "north", "from": PERIOD[0].isoformat(), "to": PERIOD[1].isoformat()}
    assert client.get(reverse("audit:dashboard"), params).context["results"][3].denominator == 0
    refresh_kpi_summary(site_a.pk)
    assert client.get(reverse("audit:dashboard"), params).context["results"][3].denominator == 5


@pytest.fixture
def tasks_run_in_process():
    """The dispatcher queues one task a site; run them in-process so the test sees their effect
    even when REDIS_URL points at a broker with no worker on this queue."""
    from fls.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_the_dispatcher_refreshes_every_active_site_and_only_those(site_a, site_b, north_records, tasks_run_in_process):
    from audit.tasks import refresh_kpi_summaries

    site_b.is_active = False
    site_b.save()
    assert refresh_kpi_summaries() == 1
    assert KpiDailyCounts.objects.filter(site=site_a).exists()
    assert not KpiDailyCounts.objects.filter(site=site_b).exists()
