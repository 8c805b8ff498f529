"""Reads for the audit pages, scoped to the user's sites (fls.selectors.visible_site_ids) and nothing else."""
from dataclasses import dataclass
from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone

from fls.dates import query_date
from fls.models import Site
from fls.selectors import visible_site_ids

from . import kpis


@dataclass
class AuditScope:
    """One site or all the user's sites, and a period of fracture dates (both ends included)."""

    sites: list[Site]
    site_code: str  # "" means all the user's sites
    date_from: date
    date_to: date

    @property
    def label(self) -> str:
        return self.sites[0].name if self.site_code else "All my sites"

    def query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({"site": self.site_code, "from": self.date_from.isoformat(), "to": self.date_to.isoformat()})


def audit_scope(user, *, site_code: str = "", date_from=None, date_to=None) -> AuditScope:
    """Parse the page's choice of site and period. A site the user may not see is a 404."""
    sites = list(Site.objects.filter(id__in=visible_site_ids(user)).order_by("name"))
    if site_code:
        sites = [s for s in sites if s.code == site_code]
        if not sites:
            raise Http404("No such site.")
    today = timezone.localdate()
    # A date outside any period the service holds (?to=0001-01-01) is refused with a message (fls.dates).
    to = (query_date(date_to) if isinstance(date_to, str) else date_to) or today
    frm = (query_date(date_from) if isinstance(date_from, str) else date_from) or (to - timedelta(days=364))
    if frm > to:
        frm, to = to, frm
    return AuditScope(sites, site_code if site_code else "", frm, to)


def scope_from_request(request) -> AuditScope:
    """The period and site the query string asks for; ValidationError saying why when a date cannot be used."""
    return audit_scope(request.user, site_code=request.GET.get("site", ""),
                       date_from=request.GET.get("from"), date_to=request.GET.get("to"))


def may_drill_down(user) -> bool:
    # Patient-level rows need both: the audit permission and the right to see patients at all.
    return user.has_perm("audit.drill_down") and user.has_perm("patients.view_patient")


def _source():
    # settings.AUDIT_KPI_SUMMARY: read the Celery-refreshed per-day counts (fast at a million episodes,
    # up to one refresh interval old) instead of the live aggregation. Same definitions either way.
    from django.conf import settings

    from . import summary

    return summary if getattr(settings, "AUDIT_KPI_SUMMARY", False) else kpis


def kpi_table(scope: AuditScope):
    return _source().kpi_table(sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)


def kpi_trends(scope: AuditScope):
    return _source().monthly_trends(sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)


def assessment_delays(scope: AuditScope):
    return _source().assessment_delay_distribution(sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)


def episodes_missing(scope: AuditScope, kpi_number: int):
    kpi = kpis.KPI_BY_NUMBER.get(kpi_number)
    if kpi is None:
        raise Http404("No such KPI.")
    return kpi, (
        kpis.episodes_missing(kpi, sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)
        .select_related("patient", "site", "assessment", "treatment_decision")
        .order_by("fracture_date", "id")
    )
