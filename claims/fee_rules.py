"""Japan's FLS management fee (B001-34): which level is claimable, when, and what is missing. Pure: no database, no
clock; the facts come in as ClaimFacts (claims.selectors reads them) and the answer is a ClaimsPicture as of a day.

docs/clinical-rules.md#levels-of-the-fls-management-fee, #level-3-for-12-months,
#facility-standard-for-the-fls-management-fee, #emergency-fixation-add-on. The numbers (points, 12 months, 75
years, 48 hours) are the fee schedule row's in force on the claim's day (FeeSchedule), never written here.

Each level's line has a status:
    claimable       every condition met (its date: the day the last one was), the facility standard met that day;
    not yet         something is missing that may still come (the stay goes on, or it is only unrecorded);
    not claimable   it cannot be claimed (the stay ended without it, the patient is under the add-on's age...).
and `missing`, what stands in the way in the clinic's words.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext as _

CLAIMABLE = "claimable"
NOT_YET = "not_yet"
NOT_CLAIMABLE = "not_claimable"

ACUTE = "acute"
POST_ACUTE = ("rehabilitation", "community_care")

# docs/clinical-rules.md#facility-standard-for-the-fls-management-fee: "at least one training a year", read as
# 365 days (unverified, the project's choice).
TRAINING_VALID_DAYS = 365


@dataclass(frozen=True)
class Schedule:
    """A FeeSchedule row's numbers."""
    effective_from: date
    level_1_points: int
    level_2_points: int
    level_3_points: int
    level_3_months: int
    addon_min_age: int
    addon_within_hours: int
    verified: bool = False

    def points(self, level: int) -> int:
        return {1: self.level_1_points, 2: self.level_2_points, 3: self.level_3_points}[level]


@dataclass(frozen=True)
class Stay:
    """An admission: `discharged_on` None while in hospital; `surgery_started` the local date and time, or None."""
    id: int | None
    ward: str
    admitted_on: date
    discharged_on: date | None = None
    level_1_elsewhere: bool = False
    surgery_started: datetime | None = None

    def holds(self, day: date) -> bool:
        return self.admitted_on <= day and (self.discharged_on is None or day <= self.discharged_on)

    def open_on(self, day: date) -> bool:
        """Still going on `day` (no discharge by then): what is missing may still come."""
        return self.discharged_on is None or self.discharged_on >= day


@dataclass(frozen=True)
class Facility:
    doctor: str = ""
    nurse: str = ""
    pharmacist: str = ""
    last_training_on: date | None = None


@dataclass(frozen=True)
class CourseSpan:
    """A treatment course: from its start to its stop (None: on)."""
    starts_on: date
    stopped_on: date | None = None

    def active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.stopped_on is None or day <= self.stopped_on)


@dataclass(frozen=True)
class ClaimFacts:
    """What the rules read about one episode."""
    in_scope: bool  # a site in Japan and a hip fracture
    fracture_date: date
    age_at_fracture: int
    fracture_time: time | None = None
    evaluated_on: date | None = None  # the osteoporosis evaluation: the assessment's date
    treatment_planned_on: date | None = None  # the signed-off decision recommending a drug: the day signed off
    courses: tuple[CourseSpan, ...] = ()
    stays: tuple[Stay, ...] = ()
    outpatient_contacts: tuple[date, ...] = ()  # follow-up contacts reaching the patient, doses at the FLS clinic
    facility: Facility | None = None
    schedules: tuple[Schedule, ...] = ()

    @property
    def fractured_at(self) -> datetime | None:
        return datetime.combine(self.fracture_date, self.fracture_time) if self.fracture_time else None


class _Status:
    """For templates, which never compare a status with a string (tests/fls/test_templates_use_choices.py)."""
    status: str

    @property
    def claimable(self) -> bool:
        return self.status == CLAIMABLE

    @property
    def waiting(self) -> bool:
        return self.status == NOT_YET


@dataclass
class AddOn(_Status):
    status: str
    missing: list[str] = field(default_factory=list)
    hours: float | None = None  # from the fracture to the start of surgery


@dataclass
class ClaimLine(_Status):
    level: int
    status: str
    on: date | None = None
    points: int | None = None
    schedule: Schedule | None = None
    missing: list[str] = field(default_factory=list)
    stay: Stay | None = None
    addon: AddOn | None = None


@dataclass
class Level3(_Status):
    status: str
    missing: list[str] = field(default_factory=list)
    lines: list[ClaimLine] = field(default_factory=list)  # one per month claimable so far
    first_month: date | None = None  # the window, first days of months
    last_month: date | None = None
    open_months: list[date] = field(default_factory=list)


@dataclass
class ClaimsPicture:
    in_scope: bool
    level_1: list[ClaimLine] = field(default_factory=list)
    level_2: list[ClaimLine] = field(default_factory=list)
    level_3: Level3 | None = None
    facility_gaps: list[str] = field(default_factory=list)
    unverified: bool = False  # some number shown comes from an unverified schedule

    def claimable_lines(self) -> list[ClaimLine]:
        lines = [line for line in self.level_1 + self.level_2 if line.claimable]
        return lines + (self.level_3.lines if self.level_3 else [])

    def lines_in_month(self, month: date) -> list[ClaimLine]:
        return [line for line in self.claimable_lines() if first_of_month(line.on) == first_of_month(month)]


# --- Small date helpers ----------------------------------------------------------------------------------------

def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after `month`'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def schedule_on(schedules, day: date) -> Schedule | None:
    """The schedule in force on `day`: the latest to take effect on or before it."""
    in_force = [s for s in schedules if s.effective_from <= day]
    return max(in_force, key=lambda s: s.effective_from) if in_force else None


# --- The facility standard --------------------------------------------------------------------------------------

def facility_standard_gaps(facility: Facility | None, day: date) -> list[str]:
    """What the site's facility standard lacks on `day` (nothing: met)."""
    if facility is None:
        return [_("The facility standard is not recorded.")]
    gaps = []
    if not facility.doctor.strip():
        gaps.append(_("No designated doctor is named."))
    if not facility.nurse.strip():
        gaps.append(_("No designated nurse is named."))
    if not facility.pharmacist.strip():
        gaps.append(_("No designated pharmacist is named."))
    if facility.last_training_on is None:
        gaps.append(_("No staff training is recorded."))
    elif (day - facility.last_training_on).days > TRAINING_VALID_DAYS:
        gaps.append(_("The last staff training was more than a year before."))
    return gaps


def _facility_refusal(facts: ClaimFacts, day: date) -> list[str]:
    gaps = facility_standard_gaps(facts.facility, day)
    return [_("Facility standard not met: %(gaps)s") % {"gaps": " ".join(gaps)}] if gaps else []


def _line(level: int, facts: ClaimFacts, *, on: date | None, missing: list[str], open_: bool, stay=None,
          unfixable: bool = False) -> ClaimLine:
    """A level's line from what is missing: claimable on `on` when nothing is and the facility standard is met that
    day; otherwise not yet while `open_` (and nothing `unfixable`), else not claimable."""
    schedule = schedule_on(facts.schedules, on or facts.fracture_date)
    if not missing and on is not None:
        refusal = _facility_refusal(facts, on)
        if schedule is None:
            refusal.append(_("No fee schedule is in force on that day."))
        if refusal:
            return ClaimLine(level, NOT_CLAIMABLE, on=on, schedule=schedule, missing=refusal, stay=stay)
        return ClaimLine(level, CLAIMABLE, on=on, points=schedule.points(level), schedule=schedule, stay=stay)
    status = NOT_YET if open_ and not unfixable else NOT_CLAIMABLE
    return ClaimLine(level, status, schedule=schedule, missing=missing, stay=stay)


# --- Level 1: the acute stay with surgery ------------------------------------------------------------------------

def level_1_line(facts: ClaimFacts, stay: Stay, *, as_of: date) -> ClaimLine:
    """Level 1 for one acute admission: surgery, the evaluation and the treatment plan during the stay."""
    missing, fixable_later = [], True
    open_ = stay.open_on(as_of)
    if stay.surgery_started is None:
        missing.append(_("The time surgery started is not recorded."))  # unrecorded: may be entered after discharge
    evaluated = facts.evaluated_on if facts.evaluated_on and facts.evaluated_on <= as_of else None
    if evaluated is None:
        missing.append(_("The osteoporosis evaluation is not recorded."))
        fixable_later = fixable_later and open_
    elif not stay.holds(evaluated):
        missing.append(_("The osteoporosis evaluation was not done during the admission."))
        fixable_later = False
    planned = facts.treatment_planned_on if facts.treatment_planned_on and facts.treatment_planned_on <= as_of \
        else None
    if planned is None:
        missing.append(_("Treatment is not planned yet (no signed-off treatment decision with a drug)."))
        fixable_later = fixable_later and open_
    elif not stay.holds(planned):
        missing.append(_("Treatment was not planned during the admission."))
        fixable_later = False
    on = None
    if not missing:
        on = max(stay.surgery_started.date(), evaluated, planned)
    line = _line(1, facts, on=on, missing=missing, open_=True, stay=stay, unfixable=not fixable_later)
    line.addon = emergency_fixation_addon(facts, stay, line)
    return line


def emergency_fixation_addon(facts: ClaimFacts, stay: Stay, level_1: ClaimLine) -> AddOn:
    """The add-on 緊急整復固定加算: 75 or over at the fracture, surgery started within 48 hours of it, only with
    level 1 (docs/clinical-rules.md#emergency-fixation-add-on; the numbers are the schedule's)."""
    schedule = level_1.schedule or schedule_on(facts.schedules, facts.fracture_date)
    if schedule is None:
        return AddOn(NOT_CLAIMABLE, [_("No fee schedule is in force on that day.")])
    if facts.age_at_fracture < schedule.addon_min_age:
        return AddOn(NOT_CLAIMABLE, [_("The patient was %(age)s at the fracture, under %(minimum)s.") % {
            "age": facts.age_at_fracture, "minimum": schedule.addon_min_age}])
    missing = []
    if facts.fracture_time is None:
        missing.append(_("The time of the fracture is not recorded."))
    if stay.surgery_started is None:
        missing.append(_("The time surgery started is not recorded."))
    if missing:
        return AddOn(NOT_CLAIMABLE if level_1.status == NOT_CLAIMABLE else NOT_YET, missing)
    hours = (stay.surgery_started - facts.fractured_at).total_seconds() / 3600
    if hours > schedule.addon_within_hours:
        return AddOn(NOT_CLAIMABLE, [_("Surgery started %(hours)s hours after the fracture, later than %(limit)s "
                                       "hours.") % {"hours": _hours(hours), "limit": schedule.addon_within_hours}],
                     hours=hours)
    if level_1.status != CLAIMABLE:
        return AddOn(level_1.status, [_("Only with level 1, which is not claimable yet.") if
                                      level_1.status == NOT_YET else _("Only with level 1, which is not claimable.")],
                     hours=hours)
    return AddOn(CLAIMABLE, hours=hours)


def _hours(hours: float) -> str:
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


# --- Level 2: the rehabilitation or community-care stay -----------------------------------------------------------

def _first_active_day(courses, start: date, end: date) -> date | None:
    """The first day in [start, end] on which a treatment course is active."""
    days = []
    for course in courses:
        day = max(start, course.starts_on)
        if day <= end and (course.stopped_on is None or day <= course.stopped_on):
            days.append(day)
    return min(days) if days else None


def level_2_line(facts: ClaimFacts, stay: Stay, *, as_of: date) -> ClaimLine:
    """Level 2 for one rehabilitation or community-care admission after level 1 at another hospital, with the
    evaluation done and treatment continuing during the stay."""
    if not stay.level_1_elsewhere:
        return ClaimLine(2, NOT_CLAIMABLE, stay=stay, missing=[_("Level 1 was not claimed at another hospital.")],
                         schedule=schedule_on(facts.schedules, stay.admitted_on))
    open_ = stay.open_on(as_of)
    end = min(as_of, stay.discharged_on) if stay.discharged_on else as_of
    missing = []
    evaluated = facts.evaluated_on if facts.evaluated_on and facts.evaluated_on <= end else None
    if evaluated is None:
        missing.append(_("The osteoporosis evaluation is not recorded."))
    treated = _first_active_day(facts.courses, stay.admitted_on, end) if stay.admitted_on <= end else None
    if treated is None:
        missing.append(_("Treatment is not continuing (no treatment course active during the admission)."))
    on = max(stay.admitted_on, evaluated, treated) if not missing else None
    return _line(2, facts, on=on, missing=missing, open_=open_, stay=stay)


# --- Level 3: outpatient, monthly for 12 months --------------------------------------------------------------------

def _level_1_since(facts: ClaimFacts, level_1: list[ClaimLine]) -> date | None:
    """When level 1 was claimed: here (the first claimable line's date) or at another hospital (before the first
    admission that says so)."""
    days = [line.on for line in level_1 if line.claimable]
    days += [stay.admitted_on for stay in facts.stays if stay.ward in POST_ACUTE and stay.level_1_elsewhere]
    return min(days) if days else None


def level_3(facts: ClaimFacts, level_1: list[ClaimLine], *, as_of: date) -> Level3:
    """Level 3: a month with an outpatient contact (outside any admission, after level 1, with the evaluation done
    and treatment continuing that day), from the month of the first such claim for the schedule's 12 months."""
    since = _level_1_since(facts, level_1)
    if since is None:
        waiting = any(line.status == NOT_YET for line in level_1)
        return Level3(NOT_YET if waiting else NOT_CLAIMABLE,
                      [_("Level 1 has not been claimed, here or at another hospital.")])

    def claimable_on(day: date) -> bool:
        return (day >= since and day <= as_of and not any(stay.holds(day) for stay in facts.stays)
                and facts.evaluated_on is not None and facts.evaluated_on <= day
                and any(course.active_on(day) for course in facts.courses)
                and not facility_standard_gaps(facts.facility, day)
                and schedule_on(facts.schedules, day) is not None)

    days = sorted(day for day in set(facts.outpatient_contacts) if claimable_on(day))
    if not days:
        return Level3(NOT_YET, _level_3_missing(facts, since, as_of))
    first_month = first_of_month(days[0])
    window = schedule_on(facts.schedules, days[0]).level_3_months
    last_month = add_months(first_month, window - 1)
    lines, claimed = [], set()
    for day in days:
        month = first_of_month(day)
        if month > last_month or month in claimed:
            continue
        claimed.add(month)
        schedule = schedule_on(facts.schedules, day)
        lines.append(ClaimLine(3, CLAIMABLE, on=day, points=schedule.level_3_points, schedule=schedule))
    open_months, month = [], max(first_of_month(as_of), first_month)
    while month <= last_month:
        if month not in claimed:
            open_months.append(month)
        month = add_months(month, 1)
    return Level3(CLAIMABLE, [], lines, first_month, last_month, open_months)


def _level_3_missing(facts: ClaimFacts, since: date, as_of: date) -> list[str]:
    missing = []
    if facts.evaluated_on is None or facts.evaluated_on > as_of:
        missing.append(_("The osteoporosis evaluation is not recorded."))
    if not any(course.active_on(as_of) for course in facts.courses):
        missing.append(_("Treatment is not continuing (no active treatment course)."))
    contacts = [day for day in facts.outpatient_contacts
                if since <= day <= as_of and not any(stay.holds(day) for stay in facts.stays)]
    if not contacts:
        missing.append(_("No outpatient contact since level 1 (a follow-up contact that reached the patient, or a "
                         "dose given at the FLS clinic)."))
    missing += _facility_refusal(facts, as_of)
    return missing or [_("No outpatient contact with the evaluation done and treatment continuing that day.")]


# --- The whole picture ---------------------------------------------------------------------------------------------

def claims_picture(facts: ClaimFacts, *, as_of: date) -> ClaimsPicture:
    """Every level for the episode as of `as_of`; out of scope (not a hip fracture at a site in Japan): nothing."""
    if not facts.in_scope:
        return ClaimsPicture(in_scope=False)
    stays = sorted((s for s in facts.stays if s.admitted_on <= as_of), key=lambda s: (s.admitted_on, s.id or 0))
    level_1 = [level_1_line(facts, stay, as_of=as_of) for stay in stays if stay.ward == ACUTE]
    level_2 = [level_2_line(facts, stay, as_of=as_of) for stay in stays if stay.ward in POST_ACUTE]
    picture = ClaimsPicture(
        in_scope=True, level_1=level_1, level_2=level_2, level_3=level_3(facts, level_1, as_of=as_of),
        facility_gaps=facility_standard_gaps(facts.facility, as_of))
    shown = [line.schedule for line in level_1 + level_2 + picture.level_3.lines if line.schedule]
    shown.append(schedule_on(facts.schedules, as_of))
    picture.unverified = any(s is not None and not s.verified for s in shown)
    return picture

