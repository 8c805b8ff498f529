"""The course plan of one treatment: from the drug, its regimen, the start, the doses given and a stop (if any),
what comes next and when the service must act. Pure: no database, no clock (`today` is an argument), so the daily
scan, the worklist and the episode page's treatment timeline all read the same plan. The rules, with their
sources, are docs/clinical-rules.md#course-plans; every number comes from assessments.thresholds (the regimens
from REGIMENS, the limits from THRESHOLDS).

    plan = course_plan(drug="denosumab", start=date(2025, 1, 10), doses=[date(2025, 1, 10)],
                       today=date(2025, 6, 20))
    plan.next_dose                # 10 Jul 2025: six calendar months after the last dose
    plan.outstanding()            # the items showing on `today`: [dose_due], from 12 Jun 2025 (28 days before)
    plan.timeline                 # past doses, the next dose, the course end or review, a stop, for the page

What the plan holds, by drug (COURSE_RULES):

- **Doses given in clinic** (denosumab every 6 months, zoledronic acid every 12: the regimen's interval) are
  planned one by one: the next dose counts from the last dose given (a late dose moves the ones after it), the
  first from the start. Each is *due* (`dose_due`) the booking lead time before its date and *overdue*
  (`dose_overdue`, escalated to the site's lead) once more than the drug's limit has passed since the last dose:
  denosumab's `denosumab_overdue_months` (verified), zoledronic acid's a setting (unverified). A first dose is
  overdue once it is as late as that limit allows a later dose to be (the project's choice, unverified).
- **Doses taken by the patient** (oral bisphosphonates, teriparatide and abaloparatide daily) have no per-dose
  items. Romosozumab (monthly) has none either: its twelve doses are booked as a course when it starts, and with a
  4-week lead time a monthly dose would be due all the time; its course end is planned (the project's choice).
- **Anabolic courses** (teriparatide, romosozumab, abaloparatide) end at their maximum (the regimen's
  duration_months from the course start): `course_ending` shows the lead time before the end and asks for the
  antiresorptive that follows; stopped without a follow-on drug, `anabolic_stopped_without_follow_on`.
- **Bisphosphonates** are reviewed (the drug holiday decision) at the regimen's duration_months from the course
  start (oral 5 years, zoledronic acid 3): `review_due`, carrying the reasons to continue (REASONS_TO_CONTINUE).
- **Denosumab** has no end and is never simply stopped: a stop with no follow-on drug is
  `denosumab_stopped_without_follow_on`; a follow-on starting past the overdue limit is `denosumab_follow_on_late`.
  Both are escalated.

Months are calendar months, the day clamped to the month's end (31 Jan + 1 month = 28 or 29 Feb: add_months).
"""
import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fls.dates import format_date

from assessments import thresholds as T
from assessments.decision_support import drug_label
from assessments.regimen_text import months_label

# Item codes: stable (reminders, the worklist tab and the tests name them). docs/clinical-rules.md#course-plans.
DOSE_DUE = "dose_due"
DOSE_OVERDUE = "dose_overdue"
COURSE_ENDING = "course_ending"
REVIEW_DUE = "review_due"
DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON = "denosumab_stopped_without_follow_on"
DENOSUMAB_FOLLOW_ON_LATE = "denosumab_follow_on_late"
ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON = "anabolic_stopped_without_follow_on"
ITEM_CODES = (DOSE_DUE, DOSE_OVERDUE, COURSE_ENDING, REVIEW_DUE, DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON,
              DENOSUMAB_FOLLOW_ON_LATE, ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON)
# The items the site's lead hears of, besides the nurse (the scan's escalation).
ESCALATED_CODES = (DOSE_OVERDUE, DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON, DENOSUMAB_FOLLOW_ON_LATE)

# Timeline entry kinds, in the order shown on one day.
STARTED, DOSE_GIVEN, NEXT_DOSE, COURSE_END, REVIEW, STOPPED, FOLLOW_ON = (
    "started", "dose_given", "next_dose", "course_end", "review", "stopped", "follow_on")


@dataclass(frozen=True)
class CourseRule:
    """How a drug's course is planned (docs/clinical-rules.md#course-plans)."""
    per_dose: bool = False  # each dose given in clinic is planned, due and overdue
    # The months after the last dose a dose is overdue: a CoursePlanSettings field, named as its threshold.
    overdue_limit: str = ""
    ends: bool = False  # an anabolic course: ends at the regimen's duration, followed by an antiresorptive
    reviewed: bool = False  # a bisphosphonate: the drug-holiday review at the regimen's duration
    never_stopped: bool = False  # denosumab: a stop asks for the follow-on drug


COURSE_RULES = {
    **{drug: CourseRule(reviewed=True) for drug in T.ORAL_BISPHOSPHONATES},
    "zoledronic_acid": CourseRule(per_dose=True, overdue_limit="zoledronic_acid_overdue_months", reviewed=True),
    "denosumab": CourseRule(per_dose=True, overdue_limit="denosumab_overdue_months", never_stopped=True),
    **{drug: CourseRule(ends=True) for drug in T.ANABOLIC},
}


def _whole(key: str) -> int:
    return int(T.value(key))


@dataclass(frozen=True)
class CoursePlanSettings:
    """The numbers a site may change (treatment.models.TreatmentSettings), else the data module's defaults. Each is
    unverified but denosumab's limit, which is verified and fixed."""
    booking_lead_days: int = _whole("course_booking_lead_days")
    zoledronic_acid_overdue_months: int = _whole("zoledronic_acid_overdue_months")

    @property
    def denosumab_overdue_months(self) -> int:
        return _whole("denosumab_overdue_months")

    @property
    def lead(self) -> timedelta:
        return timedelta(days=self.booking_lead_days)


@dataclass(frozen=True)
class Stop:
    """A stop or a switch: the day the drug was stopped and the drug that follows it (blank: none named)."""
    on: date
    follow_on_drug: str = ""
    follow_on_starts_on: date | None = None


@dataclass(frozen=True)
class ReasonToContinue:
    """A reason to continue a bisphosphonate past its review rather than start a drug holiday."""
    code: str
    text: str  # lazy; %(age)s, %(mg)s and %(t)s filled from assessments.thresholds
    status: str
    source: str

    @property
    def unverified(self) -> bool:
        return self.status == T.UNVERIFIED

    def render(self) -> str:
        return str(self.text) % {"age": _number(T.value("holiday_continue_age")),
                                 "mg": _number(T.value("glucocorticoid_mg_per_day")),
                                 "t": _number(T.value("osteoporosis_max_t"))}


_NOGG = "NOGG (nogg.org.uk tool)"
REASONS_TO_CONTINUE = (
    ReasonToContinue("age_75_or_over", _("aged %(age)s or over"), T.VERIFIED, _NOGG),
    ReasonToContinue("prior_hip_or_vertebral_fracture", _("a hip or vertebral fracture before or during treatment"),
                     T.VERIFIED, _NOGG),
    ReasonToContinue("fracture_on_treatment", _("a fracture while on treatment"), T.UNVERIFIED,
                     "NOGG's further criteria, not seen in the project's sources"),
    ReasonToContinue("high_dose_glucocorticoids", _("oral glucocorticoids of %(mg)s mg prednisolone a day or more"),
                     T.UNVERIFIED, "NOGG's further criteria, not seen in the project's sources"),
    ReasonToContinue("hip_t_score_at_review", _("a hip T-score of %(t)s or below at the review"), T.UNVERIFIED,
                     "NOGG's further criteria, not seen in the project's sources"),
)
REASON_CODES = tuple(reason.code for reason in REASONS_TO_CONTINUE)


@dataclass(frozen=True)
class ReviewFacts:
    """What the review knows of the reasons to continue; None is not known."""
    age: int | None = None
    prior_hip_or_vertebral_fracture: bool | None = None
    fracture_on_treatment: bool | None = None
    glucocorticoid_mg_per_day: Decimal | None = None
    hip_t_score: Decimal | None = None


def reasons_to_continue(facts: ReviewFacts) -> list[ReasonToContinue]:
    """The reasons to continue that the facts show (a blank fact shows none): decision support for the review, the
    clinician decides."""
    shown = {
        "age_75_or_over": facts.age is not None and facts.age >= T.value("holiday_continue_age"),
        "prior_hip_or_vertebral_fracture": bool(facts.prior_hip_or_vertebral_fracture),
        "fracture_on_treatment": bool(facts.fracture_on_treatment),
        "high_dose_glucocorticoids": facts.glucocorticoid_mg_per_day is not None
        and facts.glucocorticoid_mg_per_day >= T.value("glucocorticoid_mg_per_day"),
        "hip_t_score_at_review": facts.hip_t_score is not None and facts.hip_t_score <= T.value("osteoporosis_max_t"),
    }
    return [reason for reason in REASONS_TO_CONTINUE if shown[reason.code]]


@dataclass(frozen=True)
class PlanItem:
    """Something the service must act on: a dose to book, a course ending, a review, a stop to follow up."""
    code: str
    refers_to: date  # the dose, course end, review or stop it is about
    appears_from: date  # the first day it shows (and is reminded of)
    message: str
    escalate: bool = False  # the site's lead hears of it too
    unverified: bool = False  # drawn from a number or a choice marked unverified
    reasons_to_continue: tuple[ReasonToContinue, ...] = ()  # review_due: what the reviewer weighs

    def shows_on(self, day: date) -> bool:
        return self.appears_from <= day


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # STARTED, DOSE_GIVEN, NEXT_DOSE, COURSE_END, REVIEW, STOPPED, FOLLOW_ON
    on: date
    label: str
    past: bool  # on or before `today`


@dataclass(frozen=True)
class CoursePlan:
    drug: str
    today: date
    course_start: date  # the first dose given, else the start passed in
    interval: str
    duration_months: int | None
    rule: CourseRule | None  # None: the app holds no course rules for this treatment (raloxifene, HRT, another)
    last_dose: date | None = None
    next_dose: date | None = None  # doses given in clinic only, while the course goes on
    dose_due_from: date | None = None
    dose_overdue_from: date | None = None
    course_end: date | None = None  # anabolic drugs
    review_on: date | None = None  # bisphosphonates
    stop: Stop | None = None
    items: tuple[PlanItem, ...] = ()  # every item of the plan, shown or not yet, by the day it appears
    timeline: tuple[TimelineEntry, ...] = ()

    def outstanding(self, on: date | None = None) -> list[PlanItem]:
        """The items showing on `on` (default: the plan's today). Once a dose is overdue, its due item is left out:
        one line per dose."""
        day = on or self.today
        shown = [item for item in self.items if item.shows_on(day)]
        overdue = {item.refers_to for item in shown if item.code == DOSE_OVERDUE}
        return [item for item in shown if not (item.code == DOSE_DUE and item.refers_to in overdue)]

    def codes(self, on: date | None = None) -> list[str]:
        return [item.code for item in self.outstanding(on)]

    def item(self, code: str) -> PlanItem | None:
        return next((item for item in self.items if item.code == code), None)


# Intervals at which each dose is given by a professional and worth recording one by one (an injection or an
# infusion); daily and weekly doses are the patient's own, followed up by the contacts' adherence questions.
DOSE_RECORDED_INTERVALS = ("monthly", "six_monthly", "yearly")


def records_doses(drug: str, interval: str) -> bool:
    """Whether the service records this course's doses one by one (the regimen's interval, else the drug's usual)."""
    usual = T.REGIMENS.get(drug)
    return (interval or (usual.interval if usual else "")) in DOSE_RECORDED_INTERVALS


def item_rows(plan: CoursePlan) -> list[dict]:
    """The plan's items as the fields of treatment.models.CourseItem rows: a dose's due item is replaced from the day
    its overdue item appears (one line per dose)."""
    overdue_from = {item.refers_to: item.appears_from for item in plan.items if item.code == DOSE_OVERDUE}
    return [{"code": item.code, "refers_to": item.refers_to, "appears_from": item.appears_from,
             "escalate": item.escalate, "unverified": item.unverified,
             "replaced_from": overdue_from.get(item.refers_to) if item.code == DOSE_DUE else None}
            for item in plan.items]


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# The regimen's interval (assessments.models.DoseInterval) as (months, days).
INTERVAL_STEPS = {"daily": (0, 1), "weekly": (0, 7), "monthly": (1, 0), "six_monthly": (6, 0), "yearly": (12, 0)}


def dose_after(day: date, interval: str) -> date:
    months, days = INTERVAL_STEPS[interval]
    return add_months(day, months) + timedelta(days=days)


def course_plan(*, drug: str, start: date, today: date, interval: str = "", duration_months: int | None = None,
                doses: Iterable[date] = (), stop: Stop | None = None, reviewed: tuple[date, int] | None = None,
                settings: CoursePlanSettings | None = None) -> CoursePlan:
    """The plan of one course. `start`: the treatment start (the decision's started_on), else the day it was signed
    off; the course counts from the first dose given when one is recorded. `interval` and `duration_months`: the
    decision's regimen, a blank one the drug's usual (assessments.thresholds.REGIMENS), as the letters read it.
    `doses`: the dates of doses given, any order. `stop`: a stop or switch, which ends the plan's doses, course end
    and review. `reviewed`: the last drug-holiday review that continued the course, (its date, the months to the
    next review), from which the next review counts. `today` decides only what `outstanding()` shows and which timeline entries are past."""
    settings = settings or CoursePlanSettings()
    doses = sorted(set(doses))
    rule = COURSE_RULES.get(drug)
    usual = T.REGIMENS.get(drug)
    interval = interval or (usual.interval if usual else "")
    if duration_months is None and usual is not None:
        duration_months = usual.duration_months
    course_start = doses[0] if doses else start
    last_dose = doses[-1] if doses else None
    plan = dict(drug=drug, today=today, course_start=course_start, interval=interval, duration_months=duration_months,
                rule=rule, last_dose=last_dose, stop=stop)
    items: list[PlanItem] = []
    timeline = [(STARTED, course_start, _("Course started") if doses or start <= today else _("Course starts"))]
    timeline += [(DOSE_GIVEN, day, _("Dose given")) for day in doses]
    name = capfirst(drug_label(drug))
    if rule is None:
        return CoursePlan(**plan, timeline=_timeline(timeline, stop, today))

    if rule.per_dose and stop is None and interval in INTERVAL_STEPS:
        next_dose, due_from, overdue_from = _next_dose(drug, interval, course_start, last_dose, settings)
        plan.update(next_dose=next_dose, dose_due_from=due_from, dose_overdue_from=overdue_from)
        first = last_dose is None
        items.append(PlanItem(DOSE_DUE, next_dose, due_from, (
            _("%(drug)s: first dose due on %(date)s; book it.") if first else
            _("%(drug)s: next dose due on %(date)s, %(interval)s after the last on %(last)s; book it."))
            % {"drug": name, "date": _day(next_dose), "last": _day(last_dose), "interval": _interval(interval)}))
        limit = getattr(settings, rule.overdue_limit)
        # Denosumab's says why it is urgent: whole sentences, one message each.
        if first and drug == "denosumab":
            message = _("%(drug)s: the first dose, due on %(date)s, is not recorded. Give it as soon as possible: "
                        "new vertebral fractures can come from %(months)s after the last dose.")
        elif first:
            message = _("%(drug)s: the first dose, due on %(date)s, is not recorded.")
        elif drug == "denosumab":
            message = _("%(drug)s: dose overdue, more than %(months)s since the last on %(last)s (due on "
                        "%(date)s). Give it as soon as possible: new vertebral fractures can come from %(months)s "
                        "after the last dose.")
        else:
            message = _("%(drug)s: dose overdue, more than %(months)s since the last on %(last)s (due on "
                        "%(date)s).")
        message = message % {"drug": name, "months": _months_text(limit), "last": _day(last_dose),
                             "date": _day(next_dose)}
        items.append(PlanItem(DOSE_OVERDUE, next_dose, overdue_from, message, escalate=True,
                              unverified=first or T.THRESHOLDS[rule.overdue_limit].unverified))
        timeline.append((NEXT_DOSE, next_dose, _("Next dose") if last_dose else _("First dose")))

    if rule.ends and duration_months:
        end = add_months(course_start, duration_months)
        plan["course_end"] = end
        timeline.append((COURSE_END, end, _("Course ends")))
        if stop is None:
            items.append(PlanItem(COURSE_ENDING, end, end - settings.lead, _(
                "%(drug)s: the course ends on %(date)s, after %(months)s at most; plan the antiresorptive that "
                "follows it.") % {"drug": name, "date": _day(end), "months": months_label(duration_months)},
                unverified=usual is None or usual.status == T.UNVERIFIED))
    if rule.ends and stop is not None and not stop.follow_on_drug:
        items.append(PlanItem(ANABOLIC_STOPPED_WITHOUT_FOLLOW_ON, stop.on, stop.on, _(
            "%(drug)s stopped on %(date)s with no follow-on drug: an anabolic course is followed by an "
            "antiresorptive.") % {"drug": name, "date": _day(stop.on)}))

    if rule.reviewed and (duration_months or reviewed):
        review = add_months(*reviewed) if reviewed else add_months(course_start, duration_months)
        plan["review_on"] = review
        timeline.append((REVIEW, review, _("Drug-holiday review")))
        if stop is None:
            reasons = "; ".join(str(_("%(reason)s (unverified)") % {"reason": reason.render()})
                                if reason.unverified else reason.render() for reason in REASONS_TO_CONTINUE)
            items.append(PlanItem(REVIEW_DUE, review, review - settings.lead, _(
                "%(drug)s: drug-holiday review due on %(date)s, after %(months)s of treatment. Reasons to continue: "
                "%(reasons)s.") % {
                "drug": name, "date": _day(review), "reasons": reasons,
                "months": months_label(_months_between(course_start, review))},
                reasons_to_continue=REASONS_TO_CONTINUE))

    if rule.never_stopped and stop is not None and last_dose is not None:
        items += _denosumab_stopped(stop, last_dose, settings)
        if not stop.follow_on_drug:
            timeline.append((FOLLOW_ON, add_months(last_dose, _whole("denosumab_follow_on_months")),
                             _("Follow-on bisphosphonate due")))

    items.sort(key=lambda item: (item.appears_from, ITEM_CODES.index(item.code)))
    return CoursePlan(**plan, items=tuple(items), timeline=_timeline(timeline, stop, today))


def _next_dose(drug, interval, course_start, last_dose, settings) -> tuple[date, date, date]:
    """The next dose given in clinic, the day it is due (the lead time before) and the day it is overdue."""
    limit = getattr(settings, COURSE_RULES[drug].overdue_limit)
    if last_dose is None:
        # The first dose: on the start, overdue once as late as a later dose may be (the limit less the interval:
        # denosumab 1 month, zoledronic acid 3), the project's choice.
        next_dose = course_start
        overdue_after = add_months(next_dose, max(limit - INTERVAL_STEPS[interval][0], 0))
    else:
        next_dose = dose_after(last_dose, interval)
        # "More than `limit` months since the last dose"; never before the dose is due (a regimen given a longer
        # interval than the limit).
        overdue_after = max(add_months(last_dose, limit), next_dose)
    return next_dose, next_dose - settings.lead, overdue_after + timedelta(days=1)


def _denosumab_stopped(stop: Stop, last_dose: date, settings: CoursePlanSettings) -> list[PlanItem]:
    """Denosumab is never simply stopped (MHRA DSU 2020, ECTS 2021): a stop names the follow-on drug, started by
    `denosumab_follow_on_months` after the last injection and no later than the overdue limit."""
    follow_on_from = add_months(last_dose, _whole("denosumab_follow_on_months"))
    limit = settings.denosumab_overdue_months
    if not stop.follow_on_drug:
        return [PlanItem(DENOSUMAB_STOPPED_WITHOUT_FOLLOW_ON, follow_on_from, stop.on, _(
            "Denosumab stopped on %(date)s with no follow-on drug: it is never simply stopped. Start a bisphosphonate "
            "%(months)s after the last injection (%(from)s), and no later than %(limit)s after it.") % {
            "date": _day(stop.on), "months": _months_text(_whole("denosumab_follow_on_months")),
            "from": _day(follow_on_from), "limit": _months_text(limit)}, escalate=True)]
    starts = stop.follow_on_starts_on
    if starts is not None and starts > add_months(last_dose, limit):
        return [PlanItem(DENOSUMAB_FOLLOW_ON_LATE, starts, stop.on, _(
            "Denosumab stopped: %(follow_on)s starts on %(starts)s, more than %(limit)s after the last injection "
            "(%(last)s); new vertebral fractures can come from then. Start it by %(by)s.") % {
            "follow_on": drug_label(stop.follow_on_drug), "starts": _day(starts), "limit": _months_text(limit),
            "last": _day(last_dose), "by": _day(add_months(last_dose, limit))}, escalate=True)]
    return []


def _timeline(entries, stop: Stop | None, today: date) -> tuple[TimelineEntry, ...]:
    entries = list(entries)
    if stop is not None:
        entries.append((STOPPED, stop.on, _("Stopped") if not stop.follow_on_drug else
                        _("Switched to %(drug)s") % {"drug": drug_label(stop.follow_on_drug)}))
        if stop.follow_on_drug and stop.follow_on_starts_on:
            entries.append((FOLLOW_ON, stop.follow_on_starts_on,
                            _("%(drug)s starts") % {"drug": capfirst(drug_label(stop.follow_on_drug))}))
        # What the stop ended is not shown as still to come.
        entries = [e for e in entries if not (e[0] in (NEXT_DOSE, COURSE_END, REVIEW) and e[1] > stop.on)]
    order = (STARTED, DOSE_GIVEN, NEXT_DOSE, COURSE_END, REVIEW, STOPPED, FOLLOW_ON)
    entries.sort(key=lambda e: (e[1], order.index(e[0])))
    return tuple(TimelineEntry(kind, on, str(label), on <= today) for kind, on, label in entries)


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _day(day: date | None) -> str:
    return format_date(day) if day else ""


def _number(value) -> str:
    return f"{Decimal(value).normalize():f}"


def _months_text(months: int) -> str:
    return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}


def _interval(interval: str) -> str:
    months, days = INTERVAL_STEPS[interval]
    return _months_text(months) if months else ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
