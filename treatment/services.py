"""Every write to treatment courses: a course opened from a signed-off decision, a dose recorded (or marked entered
in error), a drug-holiday review, a stop or a switch; and the course plan kept as CourseItem rows in the same
transaction (docs/clinical-rules.md#course-plans).

Keyword-only functions that validate, save in a transaction and raise ValidationError with messages for the person
at the keyboard, each field's beside the field. Locks are taken episode first, then its decision, then the course,
in every service and reaction, so two writers never wait on each other in a circle.
"""
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import thresholds as T
from assessments import services as decision_services
from assessments.models import Recommendation, TreatmentDecision, TreatmentStatus
from fls.read_models import episodes_changed
from fls.records import record_lock, record_save
from fls.text import SHORT_NOTE_MAX, checked_text
from patients.models import FractureEpisode

from . import course_plan as plans
from .models import (COURSE_DRUGS, CourseItem, CourseReview, CourseStatus, DoseGiven, DosePlace, ReviewOutcome,
                     StopReason, TreatmentCourse, TreatmentSettings)

_DRUGS = {value for value, _label in COURSE_DRUGS}


# --- Settings and plans ---------------------------------------------------------------------------------------

def settings_for_site(site_id: int) -> TreatmentSettings | None:
    """The site's settings, or None for a site whose administrator has not changed them (the defaults apply: the row
    is made when they are first saved in the admin, not by a clinical write)."""
    return TreatmentSettings.objects.filter(site_id=site_id).first()


def plan_settings(site_settings: TreatmentSettings | None) -> plans.CoursePlanSettings:
    if site_settings is None:
        return plans.CoursePlanSettings()
    return plans.CoursePlanSettings(booking_lead_days=site_settings.booking_lead_days,
                                    zoledronic_acid_overdue_months=site_settings.zoledronic_acid_overdue_months)


def plan_of(course: TreatmentCourse, *, today: date, doses=None, reviews=None,
            settings: plans.CoursePlanSettings | None = None) -> plans.CoursePlan:
    """The course's plan on `today`. `doses` and `reviews`: the course's, when the caller has read them (a list
    page's prefetch), else read here."""
    if doses is None:
        doses = [d.given_on for d in course.doses.all() if not d.entered_in_error]
    if reviews is None:
        reviews = list(course.reviews.all())
    continued = [r for r in reviews if r.outcome == ReviewOutcome.CONTINUE]
    last = max(continued, key=lambda r: (r.reviewed_on, r.pk)) if continued else None
    stop = None
    if course.status == CourseStatus.STOPPED:
        stop = plans.Stop(on=course.stopped_on, follow_on_drug=course.follow_on_drug,
                          follow_on_starts_on=course.follow_on_starts_on)
    return plans.course_plan(
        drug=course.drug, start=course.starts_on, today=today, interval=course.interval,
        duration_months=course.duration_months, doses=doses, stop=stop,
        reviewed=(last.reviewed_on, last.next_review_months) if last else None,
        settings=settings or plan_settings(settings_for_site(course.site_id)))


def _replan(course: TreatmentCourse, *, new: bool = False) -> None:
    """Replace the course's items with its plan's: in the caller's transaction, under the course's lock. A `new`
    course has no doses, reviews or items to read or replace."""
    plan = plan_of(course, today=timezone.localdate(), **({"doses": [], "reviews": []} if new else {}))
    if not new:
        CourseItem.objects.filter(course=course).delete()
    CourseItem.objects.bulk_create([
        CourseItem(course=course, site_id=course.site_id, episode_id=course.episode_id, **row)
        for row in plans.item_rows(plan)])
    episodes_changed([course.episode_id])  # the worklists' read model (its *Treatment due* tab)


def replan_site(site_id: int) -> int:
    """Every active or stopped course of a site planned again (after its settings change). Returns the count."""
    n = 0
    for course in TreatmentCourse.objects.filter(site_id=site_id).order_by("pk").iterator(chunk_size=500):
        with transaction.atomic():
            locked = record_lock(TreatmentCourse, pk=course.pk)
            _replan(locked)
        n += 1
    return n


# --- Reactions to the treatment decision (registered in treatment.apps) -------------------------------------

def _course_fields_from(decision: TreatmentDecision) -> dict:
    return {"drug": decision.recommendation, "drug_other": decision.recommendation_other, "dose": decision.dose,
            "route": decision.route, "interval": decision.interval, "duration_months": decision.duration_months}


def course_from_decision(decision: TreatmentDecision, by) -> TreatmentCourse | None:
    """A signed-off decision saved (assessments.services.SIGNED_DECISION_SAVED): open its course with its regimen,
    or move the start of a course with no dose given yet to the recorded start; a decision declined or
    contraindicated stops its course if no dose was given (never started). A decision with no drug opens none.
    Called under the decision's lock, in its transaction."""
    if not decision.is_signed_off or decision.recommendation == Recommendation.NONE:
        return None
    if decision.status in (TreatmentStatus.DECLINED, TreatmentStatus.CONTRAINDICATED):
        _course_not_started(decision, by)
        return None
    course = record_lock(TreatmentCourse, or_none=True, decision=decision)
    starts_on = decision.started_on or timezone.localdate(decision.signed_off_at)
    if course is None:
        course = TreatmentCourse(episode_id=decision.episode_id, site_id=decision.site_id, decision=decision,
                                 starts_on=starts_on, created_by=by, **_course_fields_from(decision))
        record_save(course, by=by)
        _replan(course, new=True)
        return course
    if course.is_active and course.starts_on != starts_on and not course.doses.filter(entered_in_error=False).exists():
        record_save(course, by=by, fields={"starts_on": starts_on})
    else:
        return course
    _replan(course)
    return course


def _course_not_started(decision: TreatmentDecision, by) -> None:
    course = record_lock(TreatmentCourse, or_none=True, decision=decision)
    if course is None or not course.is_active or course.doses.filter(entered_in_error=False).exists():
        return
    record_save(course, by=by, fields={"status": CourseStatus.STOPPED, "stopped_on": timezone.localdate(),
                                       "stop_reason": StopReason.NEVER_STARTED,
                                       "stop_note": decision.get_status_display()[:SHORT_NOTE_MAX]})
    _replan(course)


# --- Doses ----------------------------------------------------------------------------------------------------

def _require(by, perm: str, message: str) -> None:
    if by is None or not by.has_perm(perm):
        raise PermissionDenied(message)


def _lock_course(course: TreatmentCourse, expected_version: int | None) -> TreatmentCourse:
    """The course, locked after its episode (the lock order of every service here)."""
    FractureEpisode.objects.select_for_update().filter(pk=course.episode_id).first()
    return record_lock(TreatmentCourse.objects.select_related("episode", "site"), pk=course.pk,
                       expected_version=expected_version)


def _check_date(day: date | None, field: str, *, course: TreatmentCourse, errors: dict, missing: str) -> None:
    """`missing`: the whole sentence to say when there is no date."""
    if day is None:
        errors[field] = [missing]
    elif day > timezone.localdate():
        errors[field] = [_("The date cannot be in the future.")]
    elif day < course.episode.fracture_date:
        errors[field] = [_("The date cannot be before the fracture (%(date)s).") % {
            "date": plans._day(course.episode.fracture_date)}]


def dose_record(*, course: TreatmentCourse, by, given_on: date | None, place: str, given_by: str = "",
                batch: str = "", expected_version: int | None = None) -> DoseGiven:
    """Record a dose given. The course's plan moves on from it (the next dose counts from this one). The first dose
    of a course whose decision still says "not started yet" records the treatment's start on the decision too.
    `expected_version`: the course's version the form was drawn from (a dose recorded meanwhile refuses it)."""
    _require(by, "treatment.add_dosegiven", _("You cannot record doses."))
    with transaction.atomic():
        locked = _lock_course(course, expected_version)
        errors: dict = {}
        if not locked.is_active:
            raise ValidationError(_("This course was stopped on %(date)s: no dose can be added to it.") % {
                "date": plans._day(locked.stopped_on)})
        _check_date(given_on, "given_on", course=locked, errors=errors, missing=_("Enter the date the dose was given."))
        if place not in DosePlace.values:
            errors["place"] = [_("Choose where the dose was given.")]
        given_by = checked_text(given_by or "", 100, field="given_by").strip()
        batch = checked_text(batch or "", 40, field="batch").strip()
        if not errors and locked.doses.filter(given_on=given_on, entered_in_error=False).exists():
            errors["given_on"] = [_("A dose on this date is already recorded.")]
        if errors:
            raise ValidationError(errors)
        first = not locked.doses.filter(entered_in_error=False).exists()
        dose = DoseGiven(course=locked, given_on=given_on, place=place, given_by=given_by, batch=batch,
                         recorded_by=by)
        record_save(dose, by=by)
        record_save(locked, by=by)  # the course's version moves: a form drawn before this dose is stale
        if first and locked.decision_id:
            _decision_started(locked, given_on=given_on, by=by)
        _replan(locked)
    course.version = locked.version
    return dose


def _decision_started(course: TreatmentCourse, *, given_on: date, by) -> None:
    """The first dose is the treatment's start: a decision still "not started yet" is saved as started on that day
    through its own service, so the follow-ups waiting for the start are started too (its reactions; this course,
    which has its dose now, keeps its plan)."""
    decision = TreatmentDecision.objects.filter(pk=course.decision_id).select_related("episode").first()
    if decision.status == TreatmentStatus.PLANNED:
        decision_services.treatment_decision_save(episode=decision.episode, by=by, status=TreatmentStatus.STARTED,
                                                  started_on=given_on)


def dose_mark_entered_in_error(*, dose: DoseGiven, by) -> DoseGiven:
    _require(by, "treatment.change_dosegiven", _("You cannot change doses."))
    with transaction.atomic():
        locked_course = _lock_course(dose.course, None)
        locked = record_lock(DoseGiven, pk=dose.pk)
        if locked.entered_in_error:
            return locked
        record_save(locked, by=by, fields={"entered_in_error": True})
        record_save(locked_course, by=by)
        _replan(locked_course)
    return locked


# --- Reviews, stops and switches ------------------------------------------------------------------------------

def review_record(*, course: TreatmentCourse, by, reviewed_on: date | None, outcome: str,
                  next_review_months: int | None = None, reasons: str = "", note: str = "",
                  expected_version: int | None = None) -> CourseReview:
    """Record the drug-holiday review of a bisphosphonate: continue (review again after `next_review_months`) or a
    holiday (the course stops on the review's date, reason "drug holiday")."""
    _require(by, "treatment.add_coursereview", _("You cannot record reviews."))
    with transaction.atomic():
        locked = _lock_course(course, expected_version)
        if not locked.is_active:
            raise ValidationError(_("This course was stopped on %(date)s.") % {"date": plans._day(locked.stopped_on)})
        rule = plans.COURSE_RULES.get(locked.drug)
        if rule is None or not rule.reviewed:
            raise ValidationError(_("Only a bisphosphonate course has a drug-holiday review."))
        errors: dict = {}
        _check_date(reviewed_on, "reviewed_on", course=locked, errors=errors, missing=_("Enter the date of the review."))
        if outcome not in ReviewOutcome.values:
            errors["outcome"] = [_("Choose the decision.")]
        elif outcome == ReviewOutcome.CONTINUE and not next_review_months:
            errors["next_review_months"] = [_("Say when to review again.")]
        elif outcome == ReviewOutcome.HOLIDAY:
            next_review_months = None
        note = checked_text(note or "", SHORT_NOTE_MAX, field="note").strip()
        reasons = checked_text(reasons or "", 200, field="reasons").strip()
        if errors:
            raise ValidationError(errors)
        review = CourseReview(course=locked, reviewed_on=reviewed_on, outcome=outcome,
                              next_review_months=next_review_months, reasons=reasons, note=note, recorded_by=by)
        record_save(review, by=by)
        fields = {}
        if outcome == ReviewOutcome.HOLIDAY:
            fields = {"status": CourseStatus.STOPPED, "stopped_on": reviewed_on,
                      "stop_reason": StopReason.DRUG_HOLIDAY, "stop_note": note}
        record_save(locked, by=by, fields=fields)
        _replan(locked)
    course.version = locked.version
    return review


# A drug whose stop asks for the drug that follows (docs/clinical-rules.md#course-plans): denosumab and the
# anabolic drugs. With none named, the reason must say why (the plan then escalates it).
def needs_follow_on(drug: str) -> bool:
    return drug == Recommendation.DENOSUMAB or drug in T.ANABOLIC


def _follow_on_errors(locked: TreatmentCourse, *, follow_on_drug: str, follow_on_starts_on: date | None,
                     stopped_on: date | None, errors: dict) -> None:
    if follow_on_drug not in _DRUGS or follow_on_drug == Recommendation.OTHER:
        errors["follow_on_drug"] = [_("Choose the follow-on drug from the list.")]
    elif follow_on_drug == locked.drug:
        errors["follow_on_drug"] = [_("The follow-on drug is the drug being stopped.")]
    if follow_on_starts_on is None:
        errors["follow_on_starts_on"] = [_("Enter the date the follow-on drug starts.")]
    elif stopped_on and follow_on_starts_on < stopped_on:
        errors["follow_on_starts_on"] = [_("The follow-on drug cannot start before the stop.")]


def _open_follow_on(locked: TreatmentCourse, *, by) -> TreatmentCourse:
    """The follow-on drug's course, with its usual regimen, naming the course it follows."""
    usual = T.REGIMENS.get(locked.follow_on_drug)
    follow_on = TreatmentCourse(
        episode_id=locked.episode_id, site_id=locked.site_id, follows=locked, drug=locked.follow_on_drug,
        starts_on=locked.follow_on_starts_on, created_by=by,
        dose=usual.dose if usual else "", route=usual.route if usual else "",
        interval=usual.interval if usual else "", duration_months=usual.duration_months if usual else None)
    record_save(follow_on, by=by)
    _replan(follow_on, new=True)
    return follow_on


def follow_on_start(*, course: TreatmentCourse, by, follow_on_drug: str, follow_on_starts_on: date | None,
                    expected_version: int | None = None) -> TreatmentCourse:
    """Name the drug that follows a course stopped without one (denosumab, an anabolic drug): the stopped course
    records it, its plan's item moves on (a late start is still flagged), and the follow-on course opens."""
    _require(by, "treatment.change_treatmentcourse", _("You cannot change a course."))
    with transaction.atomic():
        locked = _lock_course(course, expected_version)
        if locked.is_active:
            raise ValidationError(_("This course has not been stopped: stop or switch it instead."))
        if locked.follow_on_drug or TreatmentCourse.objects.filter(follows=locked).exists():
            raise ValidationError(_("This course's follow-on drug is already recorded."))
        errors: dict = {}
        _follow_on_errors(locked, follow_on_drug=follow_on_drug or "", follow_on_starts_on=follow_on_starts_on,
                          stopped_on=locked.stopped_on, errors=errors)
        if errors:
            raise ValidationError(errors)
        record_save(locked, by=by, fields={"follow_on_drug": follow_on_drug,
                                           "follow_on_starts_on": follow_on_starts_on})
        _replan(locked)
        follow_on = _open_follow_on(locked, by=by)
    course.version = locked.version
    return follow_on


def course_stop(*, course: TreatmentCourse, by, stopped_on: date | None, reason: str, note: str = "",
                follow_on_drug: str = "", follow_on_starts_on: date | None = None,
                expected_version: int | None = None) -> TreatmentCourse:
    """Stop a course, or switch it: with `follow_on_drug`, the next course opens (with that drug's usual regimen),
    starting on `follow_on_starts_on`, and names this one as the course it follows. Returns the stopped course."""
    _require(by, "treatment.change_treatmentcourse", _("You cannot stop a course."))
    with transaction.atomic():
        locked = _lock_course(course, expected_version)
        if not locked.is_active:
            raise ValidationError(_("This course was already stopped on %(date)s.") % {
                "date": plans._day(locked.stopped_on)})
        errors: dict = {}
        _check_date(stopped_on, "stopped_on", course=locked, errors=errors, missing=_("Enter the date the course stopped."))
        first = locked.doses.filter(entered_in_error=False).order_by("given_on").first()
        if not errors and first is not None and stopped_on < first.given_on:
            errors["stopped_on"] = [_("The course cannot stop before its first dose (%(date)s).") % {
                "date": plans._day(first.given_on)}]
        follow_on_drug = follow_on_drug or ""
        if reason not in StopReason.values:
            errors["reason"] = [_("Choose the reason.")]
        elif reason == StopReason.SWITCHED and not follow_on_drug:
            errors["follow_on_drug"] = [_("Name the drug the patient switches to.")]
        note = checked_text(note or "", SHORT_NOTE_MAX, field="note").strip()
        if follow_on_drug:
            _follow_on_errors(locked, follow_on_drug=follow_on_drug, follow_on_starts_on=follow_on_starts_on,
                              stopped_on=stopped_on, errors=errors)
        elif follow_on_starts_on is not None:
            errors["follow_on_drug"] = [_("Name the follow-on drug, or leave its start date blank.")]
        elif needs_follow_on(locked.drug) and not note:
            errors["note"] = [_("%(drug)s is followed by another drug: name it, or say here why there is none.") % {
                "drug": locked.drug_label}]
        if errors:
            raise ValidationError(errors)
        record_save(locked, by=by, fields={
            "status": CourseStatus.STOPPED, "stopped_on": stopped_on,
            "stop_reason": StopReason.SWITCHED if follow_on_drug and reason != StopReason.COURSE_COMPLETED else reason,
            "stop_note": note, "follow_on_drug": follow_on_drug, "follow_on_starts_on": follow_on_starts_on})
        _replan(locked)
        if follow_on_drug:
            _open_follow_on(locked, by=by)
    course.version = locked.version
    course.status = locked.status
    return locked
