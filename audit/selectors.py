"""Reads for the audit pages, scoped to the user's sites (fls.selectors.visible_site_ids) and nothing else."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fls import paging
from fls.dates import query_date
from fls.models import Site, User
from fls.selectors import visible_site_ids
from patients.identifiers import normalise_nhs_number
from patients.models import Patient, PatientRecordAccess, RecordAccessKind

from . import kpis, outcomes


@dataclass
class AuditScope:
    """One site or all the user's sites, and a period of fracture dates (both ends included)."""

    sites: list[Site]
    site_code: str  # "" means all the user's sites
    date_from: date
    date_to: date

    @property
    def label(self) -> str:
        return self.sites[0].name if self.site_code else _("All my sites")

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


def treatment_outcomes(scope: AuditScope) -> outcomes.Outcomes:
    """Persistence and doses on time per drug at the scope's sites, as of today: every course there, whatever the
    period of fracture dates (a period of one year holds no course three years old)."""
    return outcomes.treatment_outcomes(sites=scope.sites)


def episodes_missing(scope: AuditScope, kpi_number: int):
    kpi = kpis.KPI_BY_NUMBER.get(kpi_number)
    if kpi is None:
        raise Http404("No such KPI.")
    return kpi, (
        kpis.episodes_missing(kpi, sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)
        .select_related("patient", "site", "assessment", "treatment_decision")
        .order_by("fracture_date", "id")
    )


# --- The access report: who saw which patient's record ------------------------------------------

ACCESS_PAGE_SIZE = 25


@dataclass(frozen=True)
class AccessFilters:
    """What the report is narrowed to, already checked against what the manager may see."""

    site_ids: list[int]
    user_id: int | None = None
    patient_id: int | None = None
    kind: str = ""
    start: datetime | None = None  # aware, included
    end: datetime | None = None  # aware, excluded


def access_report_staff(user) -> list[User]:
    """The people who work at the user's sites, for the report's "who" filter, in one query."""
    return list(
        User.objects.filter(memberships__site_id__in=visible_site_ids(user))
        .order_by("last_name", "first_name", "username").distinct()
        .only("id", "username", "first_name", "last_name")
    )


def access_report_patient(user, patient_id: int) -> Patient:
    """The patient the report is narrowed to, if of the user's sites; 404 otherwise (never 403: no existence leak)."""
    patient = (Patient.objects.filter(pk=patient_id, site_id__in=visible_site_ids(user)).select_related("site")
               .first())
    if patient is None:
        raise Http404("No such patient.")
    return patient


def patients_with_number(user, number: str) -> list[Patient]:
    """Patients of the user's sites with this hospital number (case and spacing aside) or national number (NHS
    number, CHI number...: spaces, hyphens and case aside, as stored). A hospital number is unique at one site
    only, so a manager of two sites may get two."""
    typed = number.strip()
    squeezed = "".join(typed.split())
    wanted = Q(local_id__iexact=typed) | Q(local_id__iexact=squeezed)
    digits = normalise_nhs_number(typed)
    if digits:
        wanted |= Q(national_id=digits.upper())
    return list(Patient.objects.filter(wanted, site_id__in=visible_site_ids(user)).select_related("site")
                .order_by("site__name", "local_id")[:20])


def record_accesses(filters: AccessFilters) -> QuerySet[PatientRecordAccess]:
    """The accesses the filters select, newest first. The site is the access's own copy of its patient's site,
    read from record_access_site_time (or record_access_user_time when one person is chosen)."""
    qs = PatientRecordAccess.objects.filter(site_id__in=filters.site_ids)
    if filters.user_id:
        qs = qs.filter(user_id=filters.user_id)
    if filters.patient_id:
        qs = qs.filter(patient_id=filters.patient_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.start:
        qs = qs.filter(viewed_at__gte=filters.start)
    if filters.end:
        qs = qs.filter(viewed_at__lt=filters.end)
    return qs.order_by("-viewed_at", "-id")


def record_accesses_page(filters: AccessFilters, page: int) -> list[PatientRecordAccess]:
    """Page `page` (from 1) of the accesses, ACCESS_PAGE_SIZE rows, in one query whatever the rows show."""
    offset = paging.page_offset(page, ACCESS_PAGE_SIZE)
    return list(
        record_accesses(filters).select_related("patient", "site", "user")
        .only("id", "viewed_at", "kind", "page", "site__code", "site__name", "patient__id", "patient__family_name",
              "patient__given_name", "patient__local_id", "patient__national_id", "patient__site_id",
              "user__username", "user__first_name", "user__last_name")[offset:offset + ACCESS_PAGE_SIZE]
    )


# (CSV header, values() key) of the access report's export.
ACCESS_CSV_FIELDS = [
    ("accessed_at", "viewed_at"),
    ("username", "user__username"),
    ("user_name", "user_name"),
    ("kind", "kind"),
    ("page", "page"),
    ("site_code", "site__code"),
    ("hospital_number", "patient__local_id"),
    ("nhs_number", "patient__national_id"),
    ("patient_family_name", "patient__family_name"),
    ("patient_given_name", "patient__given_name"),
]
ACCESS_CSV_HEADER = [header for header, _key in ACCESS_CSV_FIELDS]


def record_access_rows(filters: AccessFilters, *, until: datetime):
    """The filtered accesses as CSV rows (keyed by ACCESS_CSV_HEADER, and by patient_id and site_id for the log of
    this export), read in chunks. Only accesses up to `until` (the export's start): the export logs accesses as it
    streams, and must not read its own."""
    zone = timezone.get_current_timezone()
    rows = (
        record_accesses(filters).filter(viewed_at__lte=until)
        .annotate(user_name=Concat("user__first_name", Value(" "), "user__last_name"))
        .values("patient_id", "site_id", *[key for _header, key in ACCESS_CSV_FIELDS])
    )
    for row in rows.iterator(chunk_size=2000):
        row["viewed_at"] = row["viewed_at"].astimezone(zone).isoformat(timespec="seconds")
        row["user_name"] = row["user_name"].strip()
        row["kind"] = str(RecordAccessKind(row["kind"]).label)
        yield {"patient_id": row["patient_id"], "site_id": row["site_id"],
               **{header: row[key] for header, key in ACCESS_CSV_FIELDS}}
