"""Demo data for the follow-up step (called by demo.services.demo_seed for its stages): follow-ups due,
overdue, made, lost and completed, then the day's reminder scan. Everything goes through the services
and so through patients.pathway, exactly as the pages do."""
from datetime import timedelta

from django.utils.translation import gettext

from assessments import demo as assessment_demo
from assessments import services as assessment_services

from . import services
from .models import FollowUp

# The stages this step adds to demo.services.STAGE_PLAN, with how long ago the fracture was (days).
FRACTURE_DAYS_AGO = {
    "follow_up_due": (25, 38),  # the 4-week window (weeks 3–6) is open
    "follow_up_overdue": (50, 75),  # the 4-week window closed, the 12-week not yet open
    "follow_up_12_week_due": (90, 105),  # 4-week made; the 12-week window (12–16) is open
    "follow_up_lost": (25, 40),  # three unanswered attempts inside the 4-week window
    "follow_up_completed": (370, 390),  # all three made: the 52-week one completed the episode
}
STAGES = tuple(FRACTURE_DAYS_AGO)


def fracture_date_for(stage: str, *, rng, today):
    low, high = FRACTURE_DAYS_AGO[stage]
    return today - timedelta(days=rng.randint(low, high))


def _contact(episode, kind, *, by, day, reached=True, adherence="as_prescribed", **fields):
    follow_up = FollowUp.objects.get(episode=episode, kind=kind)
    # The demo's dates are the ones the nurse meant: one outside the window is confirmed, as she would.
    return services.contact_record(follow_up=follow_up, by=by, expected_version=follow_up.version, contacted_on=day,
                                   method="phone", reached=reached, adherence=adherence if reached else "",
                                   confirm_outside_window=True, **fields)


def advance(episode, stage: str, *, rng, nurse, clinician, today):
    """Take an episode awaiting assessment into follow-up, then on to `stage` (one of STAGES)."""
    assessment_demo.advance(episode, "awaiting_signoff", rng=rng, nurse=nurse, clinician=clinician, today=today)
    started_on = min(today, episode.fracture_date + timedelta(days=rng.randint(3, 14)))
    decision = assessment_services.treatment_decision_save(
        episode=episode, by=nurse, recommendation=rng.choice(["alendronate", "risedronate", "zoledronic_acid"]),
        status="started", started_on=started_on,
    )
    assessment_demo.sign_off(decision, clinician)
    episode.refresh_from_db()
    fracture = episode.fracture_date
    if stage == "follow_up_due" and rng.random() < 0.3:
        services.follow_up_set_method(follow_up=FollowUp.objects.get(episode=episode, kind="week_4"), by=nurse,
                                      method="letter")
    elif stage == "follow_up_12_week_due":
        _contact(episode, "week_4", by=nurse, day=fracture + timedelta(days=28),
                 adherence=rng.choice(["as_prescribed", "as_prescribed", "irregularly"]), falls_since_last_contact=0)
    elif stage == "follow_up_lost":
        for offset in (21, 22, 23):
            _contact(episode, "week_4", by=nurse, day=fracture + timedelta(days=offset), reached=False,
                     notes=gettext("No answer."))
    elif stage == "follow_up_completed":
        # One of the earlier contacts was never made (it shows as missed once the 52-week one is).
        if episode.pk % 2:
            _contact(episode, "week_4", by=nurse, day=fracture + timedelta(days=28))
        else:
            _contact(episode, "week_12", by=nurse, day=fracture + timedelta(days=90),
                     strength_balance_started_on=fracture + timedelta(days=60))
        _contact(episode, "week_52", by=nurse, day=fracture + timedelta(days=364),
                 adherence=rng.choice(["as_prescribed", "irregularly", "stopped"]), stopped_reason="side_effects")


def scan(today):
    """The day's reminders, as beat would have made them (no emails: the demo has no mail server)."""
    return services.followups_scan(today=today, send_digests=False)


# A stop's reason as a contact records it (treatment.models.StopReason -> followup.models.StoppedReason).
_STOPPED_REASONS = {"side_effects": "side_effects", "patient_choice": "patient_choice",
                    "clinician_advice": "clinician_advice", "drug_holiday": "clinician_advice",
                    "course_completed": "clinician_advice", "contraindication": "clinician_advice"}


def contacts_made_on_time(episode, *, nurse, today):
    """The follow-ups of an episode on a long treatment course (treatment.demo) whose window closed before today,
    each made on its due day, reaching the patient: taking the treatment, or stopped once the courses were
    stopped with no drug after them. So a course started years ago leaves no follow-up overdue."""
    from treatment.models import TreatmentCourse

    stops = [course for course in TreatmentCourse.objects.filter(episode=episode, status="stopped",
                                                                 follow_on_drug="").order_by("stopped_on")]
    for follow_up in FollowUp.objects.filter(episode=episode, status="scheduled",
                                             window_closes__lt=today).order_by("due_on"):
        stop = next((course for course in stops if course.stopped_on <= follow_up.due_on), None)
        if stop is None:
            _contact(episode, follow_up.kind, by=nurse, day=follow_up.due_on, falls_since_last_contact=0)
        else:
            _contact(episode, follow_up.kind, by=nurse, day=follow_up.due_on, adherence="stopped",
                     stopped_reason=_STOPPED_REASONS.get(stop.stop_reason, "other"),
                     stopped_reason_other="" if stop.stop_reason in _STOPPED_REASONS else stop.get_stop_reason_display())
