"""The national-audit KPIs: the one module that defines them.

Source of truth: docs/clinical-rules.md#the-11-fls-db-kpis (UK RCP FLS-DB, 11 KPIs) and
the international set (Javaid et al., Osteoporos Int 2020;31:1193). The RCP analysis plan with the exact
numerators and denominators was not available, so each definition below is the reference's one-line
definition made precise; rows marked * there (KPIs 8-11) are *unverified* and the dashboard says so.

Choices made where the reference is silent (all here, nowhere else;
docs/clinical-rules.md#audit-choices-where-the-sources-are-silent):
- A record is a fracture episode at the user's sites whose fracture date falls in the period (both ends
  included). Episodes the FLS excluded (state "excluded": not eligible) are not audit records at all.
- Patients who died stay in KPIs 1-7 (they were identified and should have been assessed). For the
  follow-up KPIs 8-11 a patient who died before the KPI's measurement point leaves the denominator.
- "Within N days" counts the fracture day as day 0 and includes day N.
- KPIs 8-11 only count episodes whose measurement point (16 or 52 weeks after the fracture) has passed
  by the `as_of` date (today, unless given), so a recent fracture is not counted as a miss.
- The audit standard is a per-site setting (AuditSettings.standard, deployment default
  settings.FLS_AUDIT_STANDARD). Sites on different standards can be summed: each episode is judged by
  its own site's windows.

Everything is computed in the database: one aggregate query with conditional counts
(COUNT(*) FILTER (WHERE ...)) and EXISTS subqueries, whatever the number of episodes.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.models import FallsAssessment, Recommendation, TreatmentStatus
from followup.models import Adherence, FollowUpContact, FollowUpKind
from patients.models import EpisodeState, FractureEpisode, FractureSite, Mechanism, Sex, Side

from .models import AuditSettings, AuditStandard, default_standard

# Time windows in days after the fracture (docs/clinical-rules.md#audit-standard-90-days-or-12-weeks).
WINDOWS = {
    # FLS-DB KPIs 4 and 5: 90 days.
    AuditStandard.UK_FLS_DB: {"assessment": 90, "dxa": 90},
    # International set: assessment and DXA within 12 weeks.
    AuditStandard.IOF: {"assessment": 84, "dxa": 84},
}
WEEKS_12 = 84   # FLS-DB KPI 9: contact 12-16 weeks after the fracture (both standards)
WEEKS_16 = 112  # FLS-DB KPIs 8-10 and the international set: by 16 weeks
WEEKS_52 = 364  # FLS-DB KPI 11: adherence at 52 weeks

TAKING = (Adherence.AS_PRESCRIBED, Adherence.IRREGULARLY)

# Bands (docs/clinical-rules.md#rag-bands).
GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"


def rag_standard(percent):
    # green >= 80%, amber 50-79%, red < 50% (FLS-DB; the international levels < 50 / 50-80 / > 80 agree).
    if percent is None:
        return NONE
    return GREEN if percent >= 80 else AMBER if percent >= 50 else RED


def rag_spine(percent):
    # KPI 3: green > 20%, amber 11-19%, red < 10%. The reference leaves 10-11% and 19-20% unassigned;
    # we read it as green above 20, red below 10 and amber in between (both ends amber).
    if percent is None:
        return NONE
    return GREEN if percent > 20 else RED if percent < 10 else AMBER


def rag_bone_therapy(percent):
    # KPI 7: green > 50%, red < 50%, no amber. Exactly 50% is unassigned in the reference; we call it green.
    if percent is None:
        return NONE
    return GREEN if percent >= 50 else RED


@dataclass(frozen=True)
class Context:
    """What a KPI's condition needs to know besides the episode: each standard's site ids and the date
    the follow-up KPIs are judged at."""

    site_ids_by_standard: dict[str, list[int]]
    as_of: date
    caseload_site_ids: list[int] = field(default_factory=list)


def _within(ctx: Context, date_field: str, window: str) -> Q:
    """`date_field` is on or after the fracture and at most the site's standard's window after it."""
    either = Q(pk__in=[])
    for standard, site_ids in ctx.site_ids_by_standard.items():
        if site_ids:
            days = WINDOWS[standard][window]
            either |= Q(site_id__in=site_ids, **{f"{date_field}__lte": F("fracture_date") + timedelta(days=days)})
    return either & Q(**{f"{date_field}__gte": F("fracture_date")})


def _alive_at(days: int) -> Q:
    return Q(patient__date_of_death__isnull=True) | Q(patient__date_of_death__gt=F("fracture_date") + timedelta(days=days))


def _due_by(ctx: Context, days: int) -> Q:
    return Q(fracture_date__lte=ctx.as_of - timedelta(days=days))


def _contact(**conditions) -> Exists:
    return Exists(FollowUpContact.objects.filter(follow_up__episode=OuterRef("pk"), **conditions))


RECOMMENDED_AOM = Q(treatment_decision__isnull=False) & ~Q(treatment_decision__recommendation=Recommendation.NONE)
ALL = Q(pk__isnull=False)


@dataclass(frozen=True)
class Kpi:
    number: int
    name: str  # these three are translated (lazy): str() them where a real str is needed
    definition: str
    target: float
    target_label: str
    rag: Callable
    numerator: Callable[[Context], Q]
    denominator: Callable[[Context], Q]
    unverified: bool = False

    @property
    def key(self) -> str:
        return f"kpi{self.number}"


# KPI 1 (data completeness) is judged on these audit fields: a field is "missing" for a record when
# the condition holds. The list is ours: the RCP dataset specification was not available. The keys are the
# fields' names (and their order the count columns'); COMPLETENESS_LABELS says them in the reader's language.
COMPLETENESS_FIELDS: dict[str, Q] = {
    # Missing only where the site records a national number (patients.IdentifierScheme): never in Japan.
    "NHS number": Q(patient__national_id="", site__identifier_scheme__isnull=False),
    "postcode": Q(patient__postcode=""),
    "GP practice code": Q(patient__gp_practice_code=""),
    "sex": Q(patient__sex=Sex.UNKNOWN),
    "fracture side": Q(side=Side.UNKNOWN),
    "mechanism": Q(mechanism=Mechanism.UNKNOWN),
    "assessment date": Q(assessment__isnull=True),
    "falls assessment": Q(assessment__isnull=True) | Q(assessment__falls_assessment=FallsAssessment.NOT_DONE),
    "DXA": Q(assessment__isnull=True) | Q(assessment__dxa_requested_on__isnull=True, assessment__dxa_performed_on__isnull=True),
    "treatment recommendation": Q(treatment_decision__isnull=True),
}
COMPLETENESS_LABELS = {
    "NHS number": _("NHS number"),
    "postcode": _("postcode"),
    "GP practice code": _("GP practice code"),
    "sex": _("sex"),
    "fracture side": _("fracture side"),
    "mechanism": _("mechanism"),
    "assessment date": _("assessment date"),
    "falls assessment": _("falls assessment"),
    "DXA": _("DXA"),
    "treatment recommendation": _("treatment recommendation"),
}
COMPLETENESS_MISSING_LIMIT = 20  # % missing above which a field counts against KPI 1
COMPLETENESS_MAX_FIELDS = 5       # KPI 1 passes with fewer than 5 such fields


KPIS: list[Kpi] = [
    Kpi(1, _("Data completeness"), _("Fewer than 5 audit fields have more than 20% missing values; shown as "
        "the audit fields at most 20% missing, of all audit fields."), 100, _("< 5 fields > 20% missing"),
        rag=None, numerator=lambda ctx: ALL, denominator=lambda ctx: ALL),
    Kpi(2, _("Identification"), _("Records entered ÷ the sites' estimated caseload for the period "
        "(annual estimate × days ÷ 365)."), 80, "≥ 80%", rag=rag_standard,
        numerator=lambda ctx: Q(site_id__in=ctx.caseload_site_ids), denominator=lambda ctx: ALL),
    Kpi(3, _("Spine identification"), _("Episodes whose index fracture is spinal, of all records."), 20, "> 20%",
        rag=rag_spine, numerator=lambda ctx: Q(fracture_site=FractureSite.VERTEBRA), denominator=lambda ctx: ALL),
    Kpi(4, _("Assessment within window"), _("FLS assessment within the window after the fracture "
        "(90 days FLS-DB, 12 weeks international), of all records."), 80, "≥ 80%", rag=rag_standard,
        numerator=lambda ctx: _within(ctx, "assessment__assessed_on", "assessment"), denominator=lambda ctx: ALL),
    Kpi(5, _("DXA within window"), _("Of those with DXA recommended or ordered, scanned within the window "
        "after the fracture (90 days FLS-DB, 12 weeks international)."), 80, "≥ 80%", rag=rag_standard,
        numerator=lambda ctx: _within(ctx, "assessment__dxa_performed_on", "dxa"),
        denominator=lambda ctx: Q(assessment__dxa_requested_on__isnull=False) | Q(assessment__dxa_performed_on__isnull=False)),
    Kpi(6, _("Falls assessment"), _("Had, were referred for, or were recommended a falls assessment, of all "
        "records."), 80, "≥ 80%", rag=rag_standard,
        numerator=lambda ctx: Q(assessment__falls_assessment__in=[
            FallsAssessment.DONE, FallsAssessment.REFERRED, FallsAssessment.RECOMMENDED]),
        denominator=lambda ctx: ALL),
    Kpi(7, _("Bone therapy recommended"), _("Recommended anti-osteoporosis medication (AOM), of all records."),
        50, "> 50%", rag=rag_bone_therapy, numerator=lambda ctx: RECOMMENDED_AOM, denominator=lambda ctx: ALL),
    Kpi(8, _("Strength and balance by 16 weeks"), _("Non-hip-fracture patients who started strength and "
        "balance training within 16 weeks of the fracture (as recorded at a follow-up contact)."), 80, "≥ 80%",
        rag=rag_standard, unverified=True,
        numerator=lambda ctx: Q(_contact(strength_balance_started_on__gte=OuterRef("fracture_date"),
                                         strength_balance_started_on__lte=OuterRef("fracture_date") + timedelta(days=WEEKS_16))),
        denominator=lambda ctx: ~Q(fracture_site=FractureSite.HIP) & _alive_at(WEEKS_16) & _due_by(ctx, WEEKS_16)),
    Kpi(9, _("Monitoring contact at 12-16 weeks"), _("Of those recommended AOM, a follow-up contact reaching the "
        "patient 12-16 weeks after the fracture."), 80, "≥ 80%", rag=rag_standard, unverified=True,
        numerator=lambda ctx: Q(_contact(reached=True,
                                         contacted_on__gte=OuterRef("fracture_date") + timedelta(days=WEEKS_12),
                                         contacted_on__lte=OuterRef("fracture_date") + timedelta(days=WEEKS_16))),
        denominator=lambda ctx: RECOMMENDED_AOM & _alive_at(WEEKS_16) & _due_by(ctx, WEEKS_16)),
    Kpi(10, _("Treatment started by 16 weeks"), _("Of those recommended AOM, started it by the 16-week contact "
        "(treatment started on or before 16 weeks after the fracture)."), 80, "≥ 80%", rag=rag_standard,
        unverified=True,
        numerator=lambda ctx: Q(treatment_decision__status=TreatmentStatus.STARTED,
                                treatment_decision__started_on__lte=F("fracture_date") + timedelta(days=WEEKS_16)),
        denominator=lambda ctx: RECOMMENDED_AOM & _alive_at(WEEKS_16) & _due_by(ctx, WEEKS_16)),
    Kpi(11, _("Adherence at one year"), _("Of those who started AOM, still taking it (as prescribed or "
        "irregularly) at the 52-week follow-up contact."), 80, "≥ 80%", rag=rag_standard, unverified=True,
        numerator=lambda ctx: Q(_contact(follow_up__kind=FollowUpKind.WEEK_52, reached=True, adherence__in=TAKING)),
        denominator=lambda ctx: RECOMMENDED_AOM & Q(treatment_decision__status=TreatmentStatus.STARTED)
        & _alive_at(WEEKS_52) & _due_by(ctx, WEEKS_52)),
]
KPI_BY_NUMBER = {kpi.number: kpi for kpi in KPIS}
# The follow-up KPIs count a record only once its measurement point has passed (_due_by above); the
# summary table (audit.summary) stores counts without that condition and applies it by date.
DUE_AFTER_DAYS = {8: WEEKS_16, 9: WEEKS_16, 10: WEEKS_16, 11: WEEKS_52}

# Time from fracture to assessment, as a distribution (upper bounds in days, inclusive).
ASSESSMENT_DELAY_BUCKETS = [(14, pgettext_lazy("days from fracture to assessment", "0-14 days")), (30, "15-30"), (60, "31-60"), (90, "61-90"), (180, "91-180")]


def audit_records(site_ids, date_from: date, date_to: date) -> QuerySet[FractureEpisode]:
    """The audit's records: episodes at `site_ids` with a fracture in the period, not excluded."""
    return (
        FractureEpisode.objects.filter(site_id__in=list(site_ids), fracture_date__gte=date_from, fracture_date__lte=date_to)
        .exclude(state=EpisodeState.EXCLUDED)
    )


@contextmanager
def _reporting_query():
    """One transaction with PostgreSQL's JIT compiler off and SSD page costs for the aggregate that follows.

    Why: at a million episodes the planner's cost estimate for these wide FILTER aggregates passes
    jit_above_cost, and compiling ~130 expressions then takes seconds, far longer than the query itself
    (measured in BENCHMARKS.md). SET LOCAL ends with the transaction, so nothing else is affected.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                # The joins to assessments and decisions are by unique key: on SSD storage an index
                # lookup per record beats hashing the whole table, but the default random_page_cost
                # (4, for spinning disks) makes the planner hash. 1.1 is the usual SSD value.
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


def _count_expressions(ctx: Context) -> dict:
    exprs = {}
    for kpi in KPIS:
        if kpi.number == 1:
            continue
        den = kpi.denominator(ctx)
        exprs[f"{kpi.key}_den"] = Count("pk", filter=den)
        exprs[f"{kpi.key}_num"] = Count("pk", filter=den & kpi.numerator(ctx))
    for index, missing in enumerate(COMPLETENESS_FIELDS.values()):
        exprs[f"missing_{index}"] = Count("pk", filter=missing)
    return exprs


@dataclass
class KpiResult:
    kpi: Kpi
    numerator: int | None
    denominator: int | None
    percent: float | None
    status: str
    note: str = ""
    # The bands, reachable from a result, so a template compares with them: result.status == result.GREEN.
    GREEN, AMBER, RED, NONE = GREEN, AMBER, RED, NONE

    @property
    def number(self):
        return self.kpi.number


def _percent(numerator, denominator):
    if not denominator:
        return None
    return round(100.0 * numerator / denominator, 1)


def results_from_counts(counts: dict, *, caseload: int | None, period_days: int) -> list[KpiResult]:
    """Turn one row of counts (from the aggregate) into the KPI table."""
    results = []
    total = counts["kpi3_den"]
    # KPI 1
    missing_fields = [
        name for index, name in enumerate(COMPLETENESS_FIELDS)
        if total and 100.0 * counts[f"missing_{index}"] / total > COMPLETENESS_MISSING_LIMIT
    ]
    complete = len(COMPLETENESS_FIELDS) - len(missing_fields)
    kpi1 = KPI_BY_NUMBER[1]
    if total:
        status = GREEN if len(missing_fields) < COMPLETENESS_MAX_FIELDS else RED
        note = (gettext("Over 20%% missing: %(fields)s")
                % {"fields": ", ".join(str(COMPLETENESS_LABELS[name]) for name in missing_fields)}) if missing_fields else ""
        results.append(KpiResult(kpi1, complete, len(COMPLETENESS_FIELDS), _percent(complete, len(COMPLETENESS_FIELDS)), status, note))
    else:
        results.append(KpiResult(kpi1, None, None, None, NONE, gettext("No records.")))
    for kpi in KPIS[1:]:
        numerator, denominator = counts[f"{kpi.key}_num"], counts[f"{kpi.key}_den"]
        note = ""
        if kpi.number == 2:
            if not caseload:
                results.append(KpiResult(kpi, numerator, None, None, NONE, gettext("Estimated caseload not set.")))
                continue
            denominator = round(caseload * period_days / 365)
        percent = _percent(numerator, denominator)
        results.append(KpiResult(kpi, numerator, denominator, percent, kpi.rag(percent), note))
    return results


def kpi_table(*, sites, date_from: date, date_to: date, as_of: date | None = None) -> list[KpiResult]:
    """The KPI table for `sites` (Site objects already scoped to the user) over the period."""
    ctx, caseload = context_for(sites, as_of)
    with _reporting_query():
        counts = audit_records([s.pk for s in sites], date_from, date_to).aggregate(**_count_expressions(ctx))
    return results_from_counts(counts, caseload=caseload, period_days=(date_to - date_from).days + 1)


def monthly_trends(*, sites, date_from: date, date_to: date, as_of: date | None = None) -> list[tuple[date, list[KpiResult]]]:
    """Each KPI by fracture month: one grouped query."""
    ctx, caseload = context_for(sites, as_of)
    rows = (
        audit_records([s.pk for s in sites], date_from, date_to)
        .annotate(month=TruncMonth("fracture_date")).values("month")
        .annotate(**_count_expressions(ctx)).order_by("month")
    )
    with _reporting_query():
        rows = list(rows)
    out = []
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        # KPI 2 per month: the caseload for the month's days in the period.
        start, end = max(month, date_from), min(_month_end(month), date_to)
        out.append((month, results_from_counts(row, caseload=caseload, period_days=(end - start).days + 1)))
    return out


def _delay_expressions() -> dict:
    exprs = {}
    for upper, _label in ASSESSMENT_DELAY_BUCKETS:
        exprs[f"le_{upper}"] = Count("pk", filter=Q(assessment__assessed_on__lte=F("fracture_date") + timedelta(days=upper)))
    exprs["assessed"] = Count("assessment")
    exprs["total"] = Count("pk")
    return exprs


def delays_from_counts(counts: dict) -> list[tuple[str, int]]:
    out, below = [], 0
    for upper, label in ASSESSMENT_DELAY_BUCKETS:
        out.append((str(label), counts[f"le_{upper}"] - below))
        below = counts[f"le_{upper}"]
    out.append((pgettext("days from fracture to assessment", "over %(days)s") % {"days": ASSESSMENT_DELAY_BUCKETS[-1][0]},
                counts["assessed"] - below))
    out.append((pgettext("days from fracture to assessment", "not assessed"), counts["total"] - counts["assessed"]))
    return out


def assessment_delay_distribution(*, sites, date_from: date, date_to: date) -> list[tuple[str, int]]:
    """How many records were assessed within each band of days after the fracture; then the later and
    the not (yet) assessed."""
    with _reporting_query():
        counts = audit_records([s.pk for s in sites], date_from, date_to).aggregate(**_delay_expressions())
    return delays_from_counts(counts)


def episodes_missing(kpi: Kpi, *, sites, date_from: date, date_to: date, as_of: date | None = None) -> QuerySet[FractureEpisode]:
    """The records in `kpi`'s denominator that are not in its numerator (the drill-down)."""
    ctx, _ = context_for(sites, as_of)
    records = audit_records([s.pk for s in sites], date_from, date_to)
    if kpi.number == 1:
        missing = Q(pk__in=[])
        for condition in COMPLETENESS_FIELDS.values():
            missing |= condition
        return records.filter(missing)
    return records.filter(kpi.denominator(ctx)).exclude(kpi.numerator(ctx))


def context_for(sites, as_of: date | None = None) -> tuple[Context, int | None]:
    """Each site's standard and caseload from its AuditSettings (one query)."""
    configured = {row.site_id: row for row in AuditSettings.objects.filter(site__in=[s.pk for s in sites])}
    by_standard: dict[str, list[int]] = {standard: [] for standard in AuditStandard.values}
    caseload_site_ids, caseload = [], 0
    for site in sites:
        row = configured.get(site.pk)
        by_standard[row.standard if row else default_standard()].append(site.pk)
        if row and row.estimated_annual_caseload:
            caseload_site_ids.append(site.pk)
            caseload += row.estimated_annual_caseload
    ctx = Context(by_standard, as_of or timezone.localdate(), caseload_site_ids)
    return ctx, caseload or None


def _month_end(month: date) -> date:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - timedelta(days=1)
