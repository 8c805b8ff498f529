"""Episodes at each worklist stage, made directly (the pathway's own tests cover how they get there). Each
builder refreshes the worklists' read model after its write, as the services do (fls.read_models)."""
from datetime import date, timedelta

from django.utils import timezone

from assessments.models import Assessment, BloodResult, TreatmentDecision
from followup.models import FollowUp
from treatment.models import CourseItem, TreatmentCourse
from fls.read_models import episodes_changed
from patients.models import FractureEpisode
from tests.factories import FractureEpisodeFactory, PatientFactory

TODAY = date(2026, 3, 11)  # a Wednesday


def _refreshed(episode_id, record):
    episodes_changed([episode_id])
    return record


def episode_at(site, state="identified", *, family_name=None, nurse=None, fracture_site="hip",
               identified_on=None, **patient_kwargs):
    patient = PatientFactory(site=site, **({"family_name": family_name} if family_name else {}), **patient_kwargs)
    identified_on = identified_on or TODAY - timedelta(days=20)
    episode = FractureEpisodeFactory(patient=patient, site=site, fracture_site=fracture_site,
                                     fracture_date=identified_on - timedelta(days=2), identified_on=identified_on)
    FractureEpisode.objects.filter(pk=episode.pk).update(state=state, assigned_nurse=nurse)
    episodes_changed([episode.pk])
    episode.refresh_from_db()
    return episode


def accepted_through_the_pathway(site, nurse, *, fracture_site="hip", **patient):
    """An episode logged and accepted for assessment the way the app does it (patients.services and the
    pathway), with its events and mirrored facts, rather than put in its state directly."""
    from patients import pathway
    from patients import services as patient_services

    patient = patient_services.patient_create(site=site, by=nurse, confirm_possible_duplicate=True, sex="female",
                                              **patient)
    episode = patient_services.episode_create(
        patient=patient, by=nurse, fracture_date=TODAY - timedelta(days=30), fracture_site=fracture_site, side="left",
        mechanism="low", identified_on=TODAY - timedelta(days=28), source="ed").episode
    pathway.accept_for_assessment(episode, by=nurse)
    return episode


def with_assessment(episode, by, *, dxa_requested=False, dxa_done=False):
    return _refreshed(episode.pk, Assessment.objects.create(
        episode=episode, assessed_on=TODAY - timedelta(days=5), assessed_by=by,
        dxa_requested_on=TODAY - timedelta(days=5) if dxa_requested else None,
        dxa_performed_on=TODAY - timedelta(days=1) if dxa_done else None,
    ))


def with_decision(episode, by, *, signed_off=False):
    return _refreshed(episode.pk, TreatmentDecision.objects.create(
        episode=episode, recommendation="alendronate", initiated_by="fls", drafted_by=by,
        drafted_at=timezone.now() - timedelta(days=2), calcium_vitamin_d="start",
        signed_off_by=by if signed_off else None, signed_off_at=timezone.now() if signed_off else None,
    ))


def with_blood(assessment, by, *, value, low="2.2", high="2.6"):
    return _refreshed(assessment.episode_id, BloodResult.objects.create(
        assessment=assessment, test="calcium", value=value, unit="mmol/L", reference_low=low, reference_high=high,
        recorded_by=by))


def with_follow_up(episode, *, kind="week_12", opens, closes, status="scheduled"):
    return _refreshed(episode.pk, FollowUp.objects.create(
        episode=episode, site_id=episode.site_id, kind=kind, anchor="fracture", anchor_date=episode.fracture_date,
        opens_week=12, due_week=12, closes_week=16, window_opens=opens, due_on=opens, window_closes=closes,
        status=status,
    ))


def course_with_item(site, *, code="dose_due", refers_to=None, appears_from=None, nurse=None, family_name=None,
                     state="completed", drug="denosumab", escalate=False, replaced_from=None, identified_on=None):
    """A course with one item (the *Treatment due* tab's row), made directly: its plan's own rules are
    treatment's tests'. Its episode's read model is refreshed as the services do."""
    refers_to = refers_to or TODAY
    episode = episode_at(site, state, nurse=nurse, family_name=family_name, identified_on=identified_on)
    course = TreatmentCourse.objects.create(episode=episode, site=site, drug=drug,
                                            starts_on=refers_to - timedelta(days=400))
    CourseItem.objects.create(course=course, site=site, episode=episode, code=code, refers_to=refers_to,
                              appears_from=appears_from or refers_to - timedelta(days=28),
                              replaced_from=replaced_from, escalate=escalate)
    episodes_changed([episode.pk])
    return course
