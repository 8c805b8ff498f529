"""Outcome beyond a year, per drug: the one module that defines it (docs/clinical-rules.md#outcome-beyond-a-year).

- **Persistence at 1, 2 and 3 years.** A course chain is an episode's courses: the one its signed-off decision
  opened, and each follow-on drug's course a switch opened after it (treatment.models.TreatmentCourse.follows). Its
  start is the first course's start (`starts_on`); its drug, the drug the patient started on. A chain counts at N
  years once it started (the decision says so, or a dose is recorded; never a course stopped as never started)
  and its N-year point (start + N x 365 days) has passed by the as-of date, unless the patient died on or before
  that point. At the point it is:
  - *on treatment*: a course of the chain had started and was not stopped by then, or had been stopped for a
    switch whose follow-on drug starts after the point (a switch counts as persisting);
  - *on a drug holiday*: otherwise, when the chain ended with a stop for a drug holiday after review, on or before
    the point (persisting by plan: counted as persisting and shown apart);
  - neither: stopped for any other reason, including denosumab or an anabolic drug stopped with no follow-on.
  As the records say: a course nobody stopped counts as on treatment (doses on time is the check on that for the
  drugs given in clinic).
- **Doses on time, years 1 to 3** (denosumab and zoledronic acid: doses given in clinic). Each dose given starts
  the wait for the next: the next dose is *on time* when the course's next dose was given no later than the
  drug's limit after it (denosumab `denosumab_overdue_months`, 7 months, verified; zoledronic acid the site's
  `TreatmentSettings.zoledronic_acid_overdue_months`, unverified). A wait counts once its next dose was given or
  its limit has passed by the as-of date; not when the course was stopped on or before the limit with no next
  dose (the stop ended the doses: persistence counts it). Year k holds the waits after doses given in the chain's
  k-th year (start + (k-1) x 365 days up to, not including, start + k x 365). The first dose of a course is not
  counted (it has no previous dose in the course).

Computed in the database in a fixed number of queries, whatever the number of courses or doses: the sites'
treatment settings (one query), then one grouped aggregate for persistence and one for doses, with EXISTS
subqueries. Live, also when the KPI table reads its summary (audit.summary): the courses are far fewer than the
episodes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, DateField, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import thresholds as T
from assessments.models import TreatmentStatus
from treatment.course_plan import COURSE_RULES
from treatment.models import COURSE_DRUGS, CourseStatus, DoseGiven, StopReason, TreatmentCourse, TreatmentSettings

from .kpis import _percent, _reporting_query

YEARS = (1, 2, 3)
YEAR_DAYS = 365  # "N years" is N x 365 days, as the database adds them on PostgreSQL and SQLite alike
# The years that are the project's own measure: FLS-DB's KPI 11 asks for adherence at 52 weeks only.
PROJECT_MEASURE_YEARS = (2, 3)
# The drugs whose doses are given in clinic and planned one by one (treatment.course_plan).
PER_DOSE_DRUGS = tuple(drug for drug, rule in COURSE_RULES.items() if rule.per_dose)
_DRUG_LABELS = dict(COURSE_DRUGS)


class AddMonths(Func):
    """A date `months` calendar months later, the day clamped to the month's end (31 Jan + 1 = 28/29 Feb), as
    treatment.course_plan.add_months counts them. `months` may be an expression."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL: a date plus an interval of months clamps to the month's end.
        (day, day_params), (months, months_params) = self._parts(compiler)
        return f"CAST(({day}) + make_interval(months => ({months})) AS date)", [*day_params, *months_params]

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite rolls 31 Jan + 1 month over to 3 Mar: the earlier of that and the target month's last day.
        (day, day_params), (months, months_params) = self._parts(compiler)
        return (f"MIN(date({day}, '+' || ({months}) || ' months'), "
                f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day'))",
                [*day_params, *months_params] * 2)

    def _parts(self, compiler):
        return [compiler.compile(expression) for expression in self.source_expressions]


@dataclass(frozen=True)
class Share:
    """A count of a denominator, with its percentage (None when nothing is counted)."""
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return _percent(self.numerator, self.denominator)


@dataclass(frozen=True)
class Persistence(Share):
    """Persisting at the point: on treatment plus on a drug holiday after review (`on_holiday`, shown apart)."""
    on_holiday: int = 0
    years: int = 1

    @property
    def on_treatment(self) -> int:
        return self.numerator - self.on_holiday

    @property
    def project_measure(self) -> bool:
        return self.years in PROJECT_MEASURE_YEARS


@dataclass(frozen=True)
class DrugOutcome:
    drug: str
    label: str
    persistence: tuple[Persistence, ...]  # at 1, 2 and 3 years
    doses_on_time: tuple[Share, ...] | None  # years 1, 2 and 3; None for a drug not given dose by dose in clinic
    doses_unverified: bool = False  # the limit is an unverified number


@dataclass(frozen=True)
class Outcomes:
    as_of: date
    drugs: list[DrugOutcome]
    denosumab_months: int = 0  # the limits the doses were judged by
    zoledronic_acid_months: tuple[int, ...] = ()  # each site's (one number when the sites agree)

    @property
    def zoledronic_acid_months_text(self) -> str:
        return "/".join(str(months) for months in self.zoledronic_acid_months)

    @property
    def dosed(self) -> list[DrugOutcome]:
        return [row for row in self.drugs if row.doses_on_time is not None]


def _point(years: int, start="starts_on"):
    return F(start) + timedelta(days=YEAR_DAYS * years)


def _chains(site_ids) -> QuerySet[TreatmentCourse]:
    """Each chain's first course: the one its decision opened."""
    return TreatmentCourse.objects.filter(site_id__in=list(site_ids), follows__isnull=True, decision__isnull=False)


def _started() -> Q:
    """The chain's treatment started: its decision says so, or a dose of the episode's courses is recorded; never a
    course stopped as never started."""
    dosed = Exists(DoseGiven.objects.filter(course__episode_id=OuterRef("episode_id"), entered_in_error=False))
    return (Q(decision__status=TreatmentStatus.STARTED) | Q(dosed)) & ~Q(stop_reason=StopReason.NEVER_STARTED)


def _persistence_expressions(as_of: date) -> dict:
    exprs = {}
    for years in YEARS:
        point = OuterRef("starts_on") + timedelta(days=YEAR_DAYS * years)
        counted = Q(starts_on__lte=as_of - timedelta(days=YEAR_DAYS * years)) & (
            Q(episode__patient__date_of_death__isnull=True)
            | Q(episode__patient__date_of_death__gt=_point(years)))
        courses = TreatmentCourse.objects.filter(episode_id=OuterRef("episode_id"))
        on_treatment = Exists(courses.filter(starts_on__lte=point).filter(
            Q(status=CourseStatus.ACTIVE) | Q(stopped_on__gt=point) | Q(follow_on_starts_on__gt=point)))
        on_holiday = Exists(courses.filter(stop_reason=StopReason.DRUG_HOLIDAY, stopped_on__lte=point))
        exprs[f"den_{years}"] = Count("pk", filter=counted)
        exprs[f"on_{years}"] = Count("pk", filter=counted & Q(on_treatment))
        exprs[f"holiday_{years}"] = Count("pk", filter=counted & ~Q(on_treatment) & Q(on_holiday))
    return exprs


def _zoledronic_months(site_ids) -> dict[int, list[int]]:
    """Each zoledronic acid limit in use at the sites, with its sites (a site with no settings row: the default)."""
    configured = dict(TreatmentSettings.objects.filter(site_id__in=site_ids)
                      .values_list("site_id", "zoledronic_acid_overdue_months"))
    default = int(T.value("zoledronic_acid_overdue_months"))
    by_months: dict[int, list[int]] = {}
    for site_id in site_ids:
        by_months.setdefault(configured.get(site_id, default), []).append(site_id)
    return by_months


def _limit_months(zoledronic: dict[int, list[int]]) -> Case:
    whens = [When(course__drug="denosumab", then=Value(int(T.value("denosumab_overdue_months"))))]
    whens += [When(course__drug="zoledronic_acid", course__site_id__in=sites, then=Value(months))
              for months, sites in zoledronic.items()]
    return Case(*whens, default=Value(None), output_field=IntegerField())


# The first course of the dose's chain, the one the episode's decision opened: joined, not a subquery.
CHAIN_START = "course__episode__treatment_decision__course__starts_on"


def _treatment_year() -> Case:
    """The year of the chain's treatment a dose was given in (1 to 3; later or earlier: none)."""
    return Case(*[When(given_on__gte=_point(year - 1, CHAIN_START), given_on__lt=_point(year, CHAIN_START),
                       then=Value(year)) for year in YEARS], default=Value(None), output_field=IntegerField())


def _dose_expressions(as_of: date) -> dict:
    later = DoseGiven.objects.filter(course_id=OuterRef("course_id"), entered_in_error=False,
                                     given_on__gt=OuterRef("given_on"))
    on_time = Q(Exists(later.filter(given_on__lte=OuterRef("limit_on"))))
    stopped_first = Q(course__status=CourseStatus.STOPPED, course__stopped_on__lte=F("limit_on"))
    counted = Q(Exists(later)) | (Q(limit_on__lt=as_of) & ~stopped_first)
    return {"den": Count("pk", filter=counted), "num": Count("pk", filter=on_time)}


def treatment_outcomes(*, sites, as_of: date | None = None) -> Outcomes:
    """Persistence and doses on time per drug at `sites` (Site objects already scoped to the user), as of `as_of`
    (today unless given). Three queries (four statements more on PostgreSQL for the reporting transaction)."""
    as_of = as_of or timezone.localdate()
    site_ids = [site.pk for site in sites]
    zoledronic = _zoledronic_months(site_ids)
    doses = (
        DoseGiven.objects.filter(course__site_id__in=site_ids, course__drug__in=PER_DOSE_DRUGS, entered_in_error=False)
        .annotate(year=_treatment_year(), limit_on=AddMonths("given_on", _limit_months(zoledronic)))
        .filter(year__isnull=False)
        .values("course__drug", "year").annotate(**_dose_expressions(as_of)).order_by()
    )
    persistence = (
        _chains(site_ids).filter(_started(), starts_on__lte=as_of - timedelta(days=YEAR_DAYS * YEARS[0]))
        .values("drug").annotate(**_persistence_expressions(as_of)).order_by()
    )
    with _reporting_query():
        by_drug = {row["drug"]: row for row in persistence}
        doses_by_drug = {(row["course__drug"], row["year"]): row for row in doses}
    shown = list(COURSE_RULES) + [drug for drug, _label in COURSE_DRUGS if drug not in COURSE_RULES and drug in by_drug]
    rows = []
    for drug in shown:
        counts = by_drug.get(drug, {})
        persisting = tuple(Persistence(counts.get(f"on_{n}", 0) + counts.get(f"holiday_{n}", 0),
                                       counts.get(f"den_{n}", 0), on_holiday=counts.get(f"holiday_{n}", 0), years=n)
                           for n in YEARS)
        dosed = None
        if drug in PER_DOSE_DRUGS:
            dosed = tuple(Share(doses_by_drug.get((drug, n), {}).get("num", 0),
                                doses_by_drug.get((drug, n), {}).get("den", 0)) for n in YEARS)
        rows.append(DrugOutcome(drug, str(_DRUG_LABELS.get(drug, drug)), persisting, dosed,
                                doses_unverified=_limit_unverified(drug)))
    return Outcomes(as_of, rows, denosumab_months=int(T.value("denosumab_overdue_months")),
                    zoledronic_acid_months=tuple(sorted(zoledronic)))


def _limit_unverified(drug: str) -> bool:
    rule = COURSE_RULES.get(drug)
    return bool(rule and rule.per_dose and T.THRESHOLDS[rule.overdue_limit].unverified)


# --- CSV --------------------------------------------------------------------------------------------------------

OUTCOME_CSV_HEADER = ["measure", "drug", "years", "numerator", "denominator", "percent", "on_drug_holiday",
                      "unverified", "definition"]


def outcome_csv_rows(outcomes: Outcomes):
    for row in outcomes.drugs:
        for cell in row.persistence:
            yield {"measure": "persistence", "drug": row.label, "years": cell.years, "numerator": cell.numerator,
                   "denominator": cell.denominator, "percent": cell.percent, "on_drug_holiday": cell.on_holiday,
                   "unverified": str(_("project's measure")) if cell.project_measure else "",
                   "definition": str(PERSISTENCE_DEFINITION)}
        for year, cell in enumerate(row.doses_on_time or (), start=1):
            yield {"measure": "doses_on_time", "drug": row.label, "years": year, "numerator": cell.numerator,
                   "denominator": cell.denominator, "percent": cell.percent, "on_drug_holiday": "",
                   "unverified": str(_("limit unverified")) if row.doses_unverified else "",
                   "definition": str(DOSES_DEFINITION)}


PERSISTENCE_DEFINITION = _(
    "Course chains (one per fracture episode's signed-off decision, by the drug started on) that started and reached "
    "the point N x 365 days after their start by the as-of date, patients alive then; persisting: still on a course "
    "then (a switch counts) or stopped for a drug holiday after review.")
DOSES_DEFINITION = _(
    "Waits for the next dose after each dose given in that year of treatment, counted once the next dose was given "
    "or its limit passed (not when the course stopped first); on time: given within the limit since the previous "
    "dose.")
