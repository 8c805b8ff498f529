"""A signed-off decision opens its course with its regimen; doses, reviews, stops and switches are recorded on it and
its plan (docs/clinical-rules.md#course-plans) is kept as CourseItem rows in the same transaction."""
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from assessments import services as assessment_services
from assessments.models import TreatmentDecision
from fls.versioning import StaleRecord
from treatment import services
from treatment.models import CourseReview, DoseGiven, TreatmentCourse

from .conftest import items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False):
        yield


def dose(course, by, on, **kw):
    kw.setdefault("place", "fls_clinic")
    return services.dose_record(course=course, by=by, given_on=on, **kw)


def test_signing_off_denosumab_opens_its_course_with_the_regimen_and_the_first_dose_due(make_course):
    course = make_course("denosumab")
    assert (course.drug, course.dose, course.route, course.interval) == ("denosumab", "60 mg", "sc", "six_monthly")
    assert course.starts_on == date(2026, 2, 2)  # not started yet: the day it was signed off
    assert course.decision.episode_id == course.episode_id
    # Due at once (the booking lead time before the start is past); overdue a month on (limit 7 less 6).
    assert items(course) == [("dose_due", date(2026, 2, 2), date(2026, 1, 5)),
                             ("dose_overdue", date(2026, 2, 2), date(2026, 3, 3))]


def test_a_decision_with_no_drug_or_declined_opens_no_course(make_patient_episode, site_a, nurse_a, clinician_a):
    from tests.followup.conftest import decide_treatment

    none = make_patient_episode(site_a, nurse_a)
    decide_treatment(none, nurse=nurse_a, clinician=clinician_a, status="planned", recommendation="none")
    assert not TreatmentCourse.objects.filter(episode=none).exists()


def test_the_first_dose_starts_the_treatment_and_the_next_counts_from_it(make_course, nurse_a):
    course = make_course("denosumab")
    dose(course, nurse_a, date(2026, 2, 1), given_by="Staff nurse", batch="AB12")
    course.refresh_from_db()
    decision = TreatmentDecision.objects.get(pk=course.decision_id)
    assert (decision.status, decision.started_on) == ("started", date(2026, 2, 1))
    # Next on 1 Aug, due 28 days before (4 Jul), overdue after 7 months (from 2 Sep).
    assert items(course) == [("dose_due", date(2026, 8, 1), date(2026, 7, 4)),
                             ("dose_overdue", date(2026, 8, 1), date(2026, 9, 2))]
    due = course.items.get(code="dose_due")
    assert due.shows_on(date(2026, 7, 4)) and due.shows_on(date(2026, 9, 1)) and not due.shows_on(date(2026, 9, 2))
    assert course.items.get(code="dose_overdue").escalate


def test_a_dose_the_form_cannot_take_is_refused_beside_its_field_and_nothing_is_saved(make_course, nurse_a):
    course = make_course("denosumab")
    for given_on, place, field in [(None, "gp", "given_on"), (date(2026, 2, 3), "gp", "given_on"),
                                   (date(2025, 12, 1), "gp", "given_on"), (date(2026, 2, 1), "moon", "place")]:
        with pytest.raises(ValidationError) as refused:
            dose(course, nurse_a, given_on, place=place)
        assert field in refused.value.message_dict
    dose(course, nurse_a, date(2026, 2, 1))
    with pytest.raises(ValidationError) as again:
        dose(course, nurse_a, date(2026, 2, 1))
    assert "already recorded" in again.value.message_dict["given_on"][0]
    assert DoseGiven.objects.filter(course=course).count() == 1


def test_a_form_drawn_before_another_dose_was_recorded_is_refused(make_course, nurse_a):
    course = make_course("zoledronic_acid")
    seen = course.version
    dose(course, nurse_a, date(2026, 1, 20), expected_version=seen)
    with pytest.raises(StaleRecord):
        dose(TreatmentCourse.objects.get(pk=course.pk), nurse_a, date(2026, 1, 21), expected_version=seen)


def test_only_staff_who_record_treatment_may(make_course, manager_a):
    course = make_course("denosumab")
    with pytest.raises(PermissionDenied):
        dose(course, manager_a, date(2026, 2, 1))


def test_a_dose_entered_in_error_is_kept_and_the_plan_goes_back(make_course, nurse_a):
    course = make_course("denosumab")
    dose(course, nurse_a, date(2026, 1, 10))
    second = dose(course, nurse_a, date(2026, 2, 1))
    services.dose_mark_entered_in_error(dose=second, by=nurse_a)
    course.refresh_from_db()
    assert DoseGiven.objects.filter(course=course).count() == 2
    assert items(course)[0] == ("dose_due", date(2026, 7, 10), date(2026, 6, 12))


def test_denosumab_is_never_simply_stopped(make_course, clinician_a):
    course = make_course("denosumab")
    dose(course, clinician_a, date(2026, 1, 10))
    with pytest.raises(ValidationError) as refused:
        services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="side_effects")
    assert "note" in refused.value.message_dict
    services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="patient_choice",
                         note="Declines further injections and any tablets.")
    course.refresh_from_db()
    assert course.status == "stopped"
    assert items(course) == [("denosumab_stopped_without_follow_on", date(2026, 7, 10), date(2026, 2, 1))]
    assert course.items.get().escalate


def test_a_switch_opens_the_follow_on_course_and_a_late_start_is_flagged(make_course, clinician_a):
    course = make_course("denosumab", fracture_date=date(2025, 11, 20))
    dose(course, clinician_a, date(2025, 12, 1))
    with pytest.raises(ValidationError) as refused:
        services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="clinician_advice",
                             follow_on_drug="zoledronic_acid")
    assert "follow_on_starts_on" in refused.value.message_dict
    services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="clinician_advice",
                         follow_on_drug="zoledronic_acid", follow_on_starts_on=date(2026, 7, 15))
    course.refresh_from_db()
    follow_on = course.followed_by
    assert (course.stop_reason, follow_on.drug, follow_on.starts_on, follow_on.interval) == (
        "switched", "zoledronic_acid", date(2026, 7, 15), "yearly")
    # Past 7 months after the last injection (1 Jul): flagged, escalated.
    assert [i[0] for i in items(course)] == ["denosumab_follow_on_late"]
    assert items(follow_on)[0][0] == "dose_due"


def test_a_bisphosphonate_review_continues_or_starts_a_holiday(make_course, clinician_a):
    course = make_course("alendronate", status="started", started_on=date(2026, 1, 10))
    assert items(course) == [("review_due", date(2031, 1, 10), date(2030, 12, 13))]
    with pytest.raises(ValidationError) as refused:
        services.review_record(course=course, by=clinician_a, reviewed_on=date(2026, 2, 1), outcome="continue")
    assert "next_review_months" in refused.value.message_dict
    services.review_record(course=course, by=clinician_a, reviewed_on=date(2026, 2, 1), outcome="continue",
                           next_review_months=24, reasons="aged 75 or over")
    assert items(course) == [("review_due", date(2028, 2, 1), date(2028, 1, 4))]
    services.review_record(course=course, by=clinician_a, reviewed_on=date(2026, 2, 2), outcome="holiday")
    course.refresh_from_db()
    assert (course.status, course.stop_reason, course.stopped_on) == ("stopped", "drug_holiday", date(2026, 2, 2))
    assert items(course) == [] and CourseReview.objects.filter(course=course).count() == 2


def test_a_review_is_only_for_a_bisphosphonate(make_course, clinician_a):
    course = make_course("teriparatide")
    with pytest.raises(ValidationError):
        services.review_record(course=course, by=clinician_a, reviewed_on=date(2026, 2, 1), outcome="holiday")


def test_an_anabolic_course_ends_on_its_maximum(make_course):
    course = make_course("romosozumab", status="started", started_on=date(2026, 1, 10))
    assert items(course) == [("course_ending", date(2027, 1, 10), date(2026, 12, 13))]


def test_a_start_recorded_after_sign_off_moves_the_course_and_a_decline_stops_it(make_course, nurse_a):
    course = make_course("zoledronic_acid")
    decision = TreatmentDecision.objects.get(pk=course.decision_id)
    assessment_services.treatment_decision_save(episode=decision.episode, by=nurse_a, status="declined",
                                                status_reason="Prefers not to.")
    course.refresh_from_db()
    assert (course.status, course.stop_reason) == ("stopped", "never_started")
    assert items(course) == []


def test_the_decisions_start_date_moves_an_undosed_course(make_course, nurse_a):
    course = make_course("zoledronic_acid")
    decision = TreatmentDecision.objects.get(pk=course.decision_id)
    assessment_services.treatment_decision_save(episode=decision.episode, by=nurse_a, status="started",
                                                started_on=date(2026, 1, 20))
    course.refresh_from_db()
    assert course.starts_on == date(2026, 1, 20)
    assert items(course)[0][:2] == ("dose_due", date(2026, 1, 20))


def test_the_follow_on_of_a_course_stopped_without_one_is_recorded_later(make_course, clinician_a):
    course = make_course("denosumab")
    dose(course, clinician_a, date(2026, 1, 10))
    services.course_stop(course=course, by=clinician_a, stopped_on=date(2026, 2, 1), reason="patient_choice",
                         note="Wants to think about tablets.")
    with pytest.raises(ValidationError) as refused:
        services.follow_on_start(course=course, by=clinician_a, follow_on_drug="denosumab",
                                 follow_on_starts_on=date(2026, 1, 1))
    assert set(refused.value.message_dict) == {"follow_on_drug", "follow_on_starts_on"}
    follow_on = services.follow_on_start(course=course, by=clinician_a, follow_on_drug="alendronate",
                                         follow_on_starts_on=date(2026, 9, 1))
    course.refresh_from_db()
    assert (follow_on.follows_id, course.follow_on_drug) == (course.pk, "alendronate")
    # Starting 8 months after the last injection: late, still escalated; the unnamed-follow-on item is gone.
    assert [i[0] for i in items(course)] == ["denosumab_follow_on_late"]
    with pytest.raises(ValidationError):
        services.follow_on_start(course=course, by=clinician_a, follow_on_drug="risedronate",
                                 follow_on_starts_on=date(2026, 2, 2))


def test_an_active_course_has_no_follow_on_to_record(make_course, clinician_a):
    with pytest.raises(ValidationError):
        services.follow_on_start(course=make_course("denosumab"), by=clinician_a, follow_on_drug="alendronate",
                                 follow_on_starts_on=date(2026, 2, 2))
