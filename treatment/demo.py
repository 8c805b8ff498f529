"""Demo data for the treatment step (called by demo.services.demo_seed for each site): patients on the course of
every drug with course rules (treatment.course_plan.COURSE_RULES), started at various times up to five years ago,
so that on the demo's day each of the plan's items shows somewhere: doses due and overdue, courses ending, reviews
due, a denosumab stopped with and without its follow-on drug, a switch, a drug holiday.

Everything goes through assessments.services and treatment.services, exactly as the pages do. The services refuse
a date after today (the real clock), so each event is written with its own past date: an assessment before the
treatment's start, the decision signed off now and recorded as started on its past start date, then each dose,
review and stop on its day. Deterministic: dates are counted from the demo's day; the rest comes from `rng`.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from assessments import demo as assessment_demo
from assessments import services as assessment_services

from . import services
from .course_plan import add_months
from .models import DosePlace, ReviewOutcome, StopReason, TreatmentCourse


@dataclass(frozen=True)
class StopAt:
    """A stop `months` after the course start (with `days` more): its reason, the note a stop without a
    follow-on drug needs, and the follow-on drug starting `follow_on_after_days` after the stop."""
    months: int
    reason: str
    note: str = ""
    follow_on_drug: str = ""
    follow_on_after_days: int = 0
    follow_on_doses: tuple[int, ...] = ()  # months after the follow-on's start (a drug given in clinic)
    days: int = 0


@dataclass(frozen=True)
class CourseScenario:
    """One patient's course: the drug, its start (`months_ago` calendar months before the demo's day, then
    `days_later` days on), the doses given (months after the start; denosumab and zoledronic acid), a drug-holiday
    review (months after the start, its outcome) and a stop or switch."""
    code: str
    drug: str
    months_ago: int
    days_later: int = 0
    doses: tuple[int, ...] = ()
    review: tuple[int, str] | None = None
    stop: StopAt | None = None

    def starts_on(self, today: date) -> date:
        return add_months(today, -self.months_ago) + timedelta(days=self.days_later)


# The demo's notes are written in each site's language, as its staff would (demo.services seeds a site with its
# language active): translatable, and made into text only when a note is written.
_NO_FOLLOW_ON = gettext_lazy("Follow-on treatment discussed with the patient and their GP (demo).")
_GIVEN_BY = [gettext_lazy("Staff nurse"), gettext_lazy("Practice nurse"), gettext_lazy("FLS nurse")]
# Booking lead time 28 days (the default, TreatmentSettings.booking_lead_days): "this month" is within it.
SCENARIOS = {scenario.code: scenario for scenario in [
    CourseScenario("alendronate_on", "alendronate", 38),
    CourseScenario("alendronate_stopped", "alendronate", 26,
                   stop=StopAt(8, StopReason.SIDE_EFFECTS, gettext_lazy("Indigestion despite taking it as advised (demo)."))),
    # The 5-year review in two weeks: review due.
    CourseScenario("risedronate_review_due", "risedronate", 60, days_later=14),
    CourseScenario("ibandronate_on", "ibandronate", 16),
    # The third infusion's year is up in ten days, with the 3-year review: dose due and review due.
    CourseScenario("zoledronic_acid_due_and_review", "zoledronic_acid", 36, days_later=10, doses=(0, 12, 24)),
    # The next infusion was due five months ago, overdue (15 months since the last) two months ago.
    CourseScenario("zoledronic_acid_overdue", "zoledronic_acid", 29, doses=(0, 12)),
    # Three infusions, then a drug holiday at the review (a month before its 3-year date), 13 months ago.
    CourseScenario("zoledronic_acid_holiday", "zoledronic_acid", 48, doses=(0, 12, 24),
                   review=(35, ReviewOutcome.HOLIDAY)),
    # The third injection was due two months ago: more than 7 months since the last, overdue today.
    CourseScenario("denosumab_overdue", "denosumab", 14, doses=(0, 6)),
    # The fifth injection is due in ten days: dose due.
    CourseScenario("denosumab_due", "denosumab", 24, days_later=10, doses=(0, 6, 12, 18)),
    # Six injections, then switched to zoledronic acid six months after the last (on time), infused then.
    CourseScenario("denosumab_switched", "denosumab", 42, doses=(0, 6, 12, 18, 24, 30),
                   stop=StopAt(36, StopReason.SWITCHED, follow_on_drug="zoledronic_acid", follow_on_doses=(0,))),
    # Stopped with alendronate to follow, starting 12 months after the last injection: follow-on late.
    CourseScenario("denosumab_follow_on_late", "denosumab", 25, doses=(0, 6, 12),
                   stop=StopAt(23, StopReason.CLINICIAN_ADVICE, follow_on_drug="alendronate",
                               follow_on_after_days=30)),
    # Stopped last month with no follow-on drug: never simply stopped, escalated.
    CourseScenario("denosumab_stopped_without_follow_on", "denosumab", 19, doses=(0, 6, 12),
                   stop=StopAt(18, StopReason.PATIENT_CHOICE, _NO_FOLLOW_ON)),
    # Anabolic courses ending at their maximum within the month: course ending.
    CourseScenario("teriparatide_ending", "teriparatide", 24, days_later=12),
    CourseScenario("romosozumab_ending", "romosozumab", 12, days_later=20),
    # Romosozumab's twelve months completed, alendronate after it.
    CourseScenario("romosozumab_then_alendronate", "romosozumab", 15,
                   stop=StopAt(12, StopReason.COURSE_COMPLETED, follow_on_drug="alendronate")),
    CourseScenario("abaloparatide_on", "abaloparatide", 7),
    # Stopped two months ago with no antiresorptive named: anabolic stopped without follow-on.
    CourseScenario("teriparatide_stopped_without_follow_on", "teriparatide", 13,
                   stop=StopAt(11, StopReason.SIDE_EFFECTS, format_lazy("{} {}", gettext_lazy("Nausea and dizziness (demo)."), _NO_FOLLOW_ON))),
]}

# Every site gets a course of every drug and every item of the plan showing on the demo's day (EVERY_SITE); the
# other scenarios are shared out, one site each.
EVERY_SITE = ("alendronate_on", "risedronate_review_due", "ibandronate_on", "zoledronic_acid_due_and_review",
              "denosumab_overdue", "denosumab_follow_on_late", "denosumab_stopped_without_follow_on",
              "romosozumab_ending", "abaloparatide_on", "teriparatide_stopped_without_follow_on")
SHARED_OUT = ("denosumab_due", "denosumab_switched", "zoledronic_acid_holiday", "zoledronic_acid_overdue",
              "teriparatide_ending", "alendronate_stopped", "romosozumab_then_alendronate")


def scenarios_for_site(index: int, sites: int) -> list[CourseScenario]:
    """The scenarios of the `index`-th of `sites` sites."""
    return [SCENARIOS[code] for code in EVERY_SITE] + [
        SCENARIOS[code] for position, code in enumerate(SHARED_OUT) if position % sites == index]


def fracture_date_for(scenario: CourseScenario, *, rng, today: date) -> date:
    # 15 days or more: identified up to 14 days after the fracture, still before the treatment's start.
    return scenario.starts_on(today) - timedelta(days=rng.randint(15, 40))


def advance(episode, scenario: CourseScenario, *, rng, nurse, clinician, today: date) -> TreatmentCourse:
    """Take an episode accepted for assessment (its fracture before the scenario's start) through the assessment
    and a signed-off decision of the scenario's drug, started on the scenario's start, then record its doses,
    review and stop or switch. Returns the episode's first course."""
    start = scenario.starts_on(today)
    # Assessed before the start: the assessment's dates are counted up to it.
    assessment_demo.advance(episode, "assessed", rng=rng, nurse=nurse, clinician=clinician, today=start)
    decision = assessment_services.treatment_decision_save(
        episode=episode, by=nurse, recommendation=scenario.drug, calcium_vitamin_d="start", status="started",
        started_on=start)
    assessment_demo.sign_off(decision, clinician)
    course = TreatmentCourse.objects.get(decision=decision)
    _doses(course, start, scenario.doses, nurse=nurse, rng=rng)
    if scenario.review:
        months, outcome = scenario.review
        services.review_record(course=course, by=clinician, reviewed_on=add_months(start, months), outcome=outcome,
                               next_review_months=24 if outcome == ReviewOutcome.CONTINUE else None,
                               note=gettext("Reviewed in clinic (demo)."))
    if scenario.stop:
        stop = scenario.stop
        stopped_on = add_months(start, stop.months) + timedelta(days=stop.days)
        follow_on_starts = stopped_on + timedelta(days=stop.follow_on_after_days) if stop.follow_on_drug else None
        services.course_stop(course=course, by=clinician, stopped_on=stopped_on, reason=stop.reason, note=str(stop.note),
                             follow_on_drug=stop.follow_on_drug, follow_on_starts_on=follow_on_starts)
        if stop.follow_on_doses:
            follow_on = TreatmentCourse.objects.get(follows=course)
            _doses(follow_on, follow_on_starts, stop.follow_on_doses, nurse=nurse, rng=rng)
    return course


def _doses(course, start: date, months: tuple[int, ...], *, nurse, rng) -> None:
    place = DosePlace.DAY_UNIT if course.drug == "zoledronic_acid" else DosePlace.FLS_CLINIC
    for month in months:
        services.dose_record(course=course, by=nurse, given_on=add_months(start, month), place=place,
                             given_by=str(rng.choice(_GIVEN_BY)),
                             batch=f"DEMO{rng.randint(1000, 9999)}")
