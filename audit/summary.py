"""The KPI summary table: each site's KPI counts per fracture day, so a year is a sum of <= 365 rows.

Refreshed by Celery (audit.tasks); the counts are the live definitions' own (audit.kpis), so a read
from the summary equals the live query as of the last refresh (tests/audit/test_kpi_summary.py).
A change of a site's audit standard shows after the next refresh.
"""
from datetime import date, timedelta

from django.db import transaction
from django.db.models import IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from fls.models import Site

from . import kpis
from .models import KpiDailyCounts

FAR_FUTURE = date(9000, 1, 1)  # "as of" for the stored counts: every follow-up KPI counted as due


def kpi_summary_refresh(*, site: Site) -> int:
    """Recompute `site`'s rows from scratch (idempotent: run it twice, same rows). Returns the row count."""
    ctx, _ = kpis.context_for([site], as_of=FAR_FUTURE)
    query = (
        kpis.audit_records([site.pk], date(1900, 1, 1), FAR_FUTURE)
        .values("fracture_date").annotate(**kpis._count_expressions(ctx), **kpis._delay_expressions()).order_by()
    )
    with kpis._reporting_query():
        rows = list(query)
    now = timezone.now()
    with transaction.atomic():
        KpiDailyCounts.objects.filter(site=site).delete()
        KpiDailyCounts.objects.bulk_create([
            KpiDailyCounts(site=site, fracture_date=row.pop("fracture_date"), counts=row, refreshed_at=now)
            for row in rows
        ], batch_size=1000)
    return len(rows)


def _sum_expressions(keys, as_of: date) -> dict:
    exprs = {}
    for key in keys:
        number = int(key[3:].split("_")[0]) if key.startswith("kpi") else None
        due = kpis.DUE_AFTER_DAYS.get(number)
        condition = Q(fracture_date__lte=as_of - timedelta(days=due)) if due else None
        exprs[key] = Coalesce(Sum(Cast(KT(f"counts__{key}"), IntegerField()), filter=condition), 0)
    return exprs


def _keys(sites, as_of):
    ctx, caseload = kpis.context_for(sites, as_of)
    return list(kpis._count_expressions(ctx)), caseload


def kpi_table(*, sites, date_from: date, date_to: date, as_of: date | None = None):
    as_of = as_of or timezone.localdate()
    keys, caseload = _keys(sites, as_of)
    counts = (
        KpiDailyCounts.objects.filter(site__in=[s.pk for s in sites], fracture_date__gte=date_from,
                                      fracture_date__lte=date_to)
        .aggregate(**_sum_expressions(keys, as_of))
    )
    return kpis.results_from_counts(counts, caseload=caseload, period_days=(date_to - date_from).days + 1)


def monthly_trends(*, sites, date_from: date, date_to: date, as_of: date | None = None):
    as_of = as_of or timezone.localdate()
    keys, caseload = _keys(sites, as_of)
    rows = (
        KpiDailyCounts.objects.filter(site__in=[s.pk for s in sites], fracture_date__gte=date_from,
                                      fracture_date__lte=date_to)
        .annotate(month=TruncMonth("fracture_date")).values("month")
        .annotate(**_sum_expressions(keys, as_of)).order_by("month")
    )
    out = []
    for row in rows:
        month = row["month"]
        start, end = max(month, date_from), min(kpis._month_end(month), date_to)
        out.append((month, kpis.results_from_counts(row, caseload=caseload, period_days=(end - start).days + 1)))
    return out


def assessment_delay_distribution(*, sites, date_from: date, date_to: date):
    keys = list(kpis._delay_expressions())
    counts = (
        KpiDailyCounts.objects.filter(site__in=[s.pk for s in sites], fracture_date__gte=date_from,
                                      fracture_date__lte=date_to)
        .aggregate(**_sum_expressions(keys, timezone.localdate()))
    )
    return kpis.delays_from_counts(counts)
