"""The daily scan reminds about each course item showing on its day exactly once (docs/clinical-rules.md#course-plans):
the episode's nurse is told, an overdue denosumab dose or a denosumab stopped with no follow-on is escalated to the
site's lead, and `scan_followups` counts what is outstanding."""
import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from fls.models import SiteMembership
from fls.roles import NURSE
from followup import services as followup_services
from followup.models import Notification
from patients.models import FractureEpisode
from tests.factories import UserFactory
from treatment import scan as course_scan
from treatment import services
from treatment.models import CourseReminder

pytestmark = pytest.mark.django_db

DOSE = date(2026, 2, 1)  # next denosumab dose 1 Aug 2026: due from 4 Jul, overdue from 2 Sep
SIX_MONTHS, EIGHT_MONTHS = date(2026, 8, 1), date(2026, 10, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False):
        yield


def scan(day, **kwargs):
    kwargs.setdefault("send_digests", False)
    return followup_services.followups_scan(today=day, **kwargs)


def course_summary(result) -> dict:
    """The summary's course counts, and the course reminders made (reminders_created counts the follow-ups' too)."""
    summary = result.summary()
    assert summary["reminders_created"] == (result.detail.get("due_reminders", 0)
                                            + result.detail.get("overdue_reminders", 0)
                                            + result.detail.get("treatment_reminders", 0))
    return {"reminders_created": result.detail.get("treatment_reminders", 0),
            **{key: summary[key] for key in ("doses_due", "doses_overdue", "course_events")}}


def notified(**filters) -> set[tuple]:
    return set(Notification.objects.filter(course_reminder__isnull=False, **filters)
               .values_list("user__username", "kind", "message"))


@pytest.fixture
def lead(clinician_a, site_a):
    SiteMembership.objects.filter(user=clinician_a, site=site_a).update(is_lead=True)
    return clinician_a


@pytest.fixture
def denosumab(make_course, nurse_a):
    """A denosumab course whose first dose was given on 1 Feb 2026."""
    course = make_course("denosumab")
    services.dose_record(course=course, by=nurse_a, given_on=DOSE, place="fls_clinic")
    return course


def test_a_denosumab_dose_is_due_at_six_months_then_overdue_at_eight_and_the_lead_is_told(denosumab, lead):
    due = scan(SIX_MONTHS)

    assert course_summary(due) == {"reminders_created": 1, "doses_due": 1, "doses_overdue": 0, "course_events": 0}
    reminder = CourseReminder.objects.get()
    assert (reminder.course, reminder.code, reminder.refers_to, reminder.scan_date, reminder.escalated) == (
        denosumab, "dose_due", SIX_MONTHS, SIX_MONTHS, False)
    assert notified() == {("nurse_a", "treatment", "Denosumab: dose due (on 1 Aug 2026)")}

    overdue = scan(EIGHT_MONTHS)

    assert course_summary(overdue) == {"reminders_created": 1, "doses_due": 0, "doses_overdue": 1,
                                       "course_events": 0}
    reminder = CourseReminder.objects.get(code="dose_overdue")
    assert (reminder.refers_to, reminder.escalated) == (SIX_MONTHS, True)
    assert notified(course_reminder=reminder) == {
        ("nurse_a", "treatment", "Denosumab: dose overdue (due 1 Aug 2026)"),
        ("clinician_a", "treatment_escalated", "Escalated: Denosumab: dose overdue (due 1 Aug 2026)"),
    }
    assert overdue.detail["treatment_escalated"] == 1
    assert overdue.escalated == 0  # the follow-ups' escalations only, as before


def test_the_same_scan_again_or_the_next_day_makes_no_new_reminder(denosumab, lead):
    first = scan(EIGHT_MONTHS)
    counts = (CourseReminder.objects.count(), Notification.objects.count())

    again, next_day = scan(EIGHT_MONTHS), scan(date(2026, 10, 2))

    assert first.reminders_created >= 1
    assert again.reminders_created == next_day.reminders_created == 0
    assert course_summary(again)["doses_overdue"] == 1  # still outstanding: counted, not reminded again
    assert (CourseReminder.objects.count(), Notification.objects.count()) == counts


def test_nothing_is_reminded_before_the_item_shows_and_a_dose_given_clears_it(denosumab, nurse_a, frozen):
    assert course_summary(scan(date(2026, 7, 3))) == {
        "reminders_created": 0, "doses_due": 0, "doses_overdue": 0, "course_events": 0}
    with time_machine.travel("2026-07-20 10:00 +00:00", tick=False):
        services.dose_record(course=denosumab, by=nurse_a, given_on=date(2026, 7, 20), place="gp")
    # The next dose is now 20 Jan 2027: nothing shows in August.
    assert course_summary(scan(SIX_MONTHS)) == {
        "reminders_created": 0, "doses_due": 0, "doses_overdue": 0, "course_events": 0}


def test_the_summary_counts_what_is_outstanding_at_the_scanned_sites(make_course, nurse_a, nurse_b, site_b, lead):
    on_time = make_course("denosumab")
    services.dose_record(course=on_time, by=nurse_a, given_on=DOSE, place="fls_clinic")  # due on 1 Aug
    make_course("denosumab")  # first dose never recorded: overdue since 3 Mar
    stopped = make_course("denosumab")
    services.dose_record(course=stopped, by=nurse_a, given_on=DOSE, place="fls_clinic")
    services.course_stop(course=stopped, by=lead, stopped_on=DOSE, reason="patient_choice", note="Declined")
    make_course("alendronate")  # reviewed at 5 years: nothing yet
    make_course("denosumab", site=site_b, nurse=nurse_b)  # another site's

    result = scan(SIX_MONTHS, site_ids=[on_time.site_id])

    assert course_summary(result) == {"reminders_created": 3, "doses_due": 1, "doses_overdue": 1,
                                      "course_events": 1}
    assert set(CourseReminder.objects.values_list("code", "escalated")) == {
        ("dose_due", False), ("dose_overdue", True), ("denosumab_stopped_without_follow_on", True)}
    assert not CourseReminder.objects.filter(site=site_b).exists()
    assert course_scan.outstanding_counts(site_ids=[site_b.pk], today=SIX_MONTHS) == {
        "doses_due": 0, "doses_overdue": 1, "course_events": 0}


def test_the_command_ends_with_the_course_counts(denosumab, lead, site_a):
    out = StringIO()
    call_command("scan_followups", today=EIGHT_MONTHS.isoformat(), site=site_a.code, no_digest=True, stdout=out)
    summary = json.loads(out.getvalue().strip().splitlines()[-1])

    assert list(summary) == ["due", "overdue", "reminders_created", "escalated", "doses_due", "doses_overdue",
                             "course_events"]
    assert (summary["doses_due"], summary["doses_overdue"], summary["course_events"]) == (0, 1, 0)
    assert summary["reminders_created"] == CourseReminder.objects.count() + summary["due"] + summary["overdue"]

    out = StringIO()
    call_command("scan_followups", today=EIGHT_MONTHS.isoformat(), site=site_a.code, no_digest=True, stdout=out)
    assert json.loads(out.getvalue())["reminders_created"] == 0


@pytest.mark.worklist_read_model_unchecked  # the nurse taken off behind the services' back
def test_with_no_nurse_assigned_every_nurse_at_the_site_is_told(denosumab, site_a, nurse_b):
    other = UserFactory(username="nurse_a2", roles=[NURSE], sites=[site_a])
    FractureEpisode.objects.filter(pk=denosumab.episode_id).update(assigned_nurse=None)

    scan(SIX_MONTHS)

    assert {user for user, _kind, _message in notified()} == {"nurse_a", other.username}


def test_with_no_lead_named_the_managers_hear_of_an_overdue_dose(denosumab, manager_a):
    scan(EIGHT_MONTHS)
    assert {(user, kind) for user, kind, _message in notified(kind="treatment_escalated")} == {
        ("manager_a", "treatment_escalated")}


def test_a_lead_who_is_the_episodes_nurse_gets_the_escalated_notification_once(make_course, nurse_a, site_a):
    SiteMembership.objects.filter(user=nurse_a, site=site_a).update(is_lead=True)
    course = make_course("denosumab")
    services.dose_record(course=course, by=nurse_a, given_on=DOSE, place="fls_clinic")

    scan(EIGHT_MONTHS)

    assert [(user, kind) for user, kind, _message in notified()] == [("nurse_a", "treatment_escalated")]


def test_the_digest_counts_treatment_notifications_and_names_no_one(denosumab, lead, nurse_a):
    scan(EIGHT_MONTHS, send_digests=True)

    body = next(m.body for m in mail.outbox if m.to == [nurse_a.email])
    assert "Treatment due: 1" in body and "Treatment due tab" in body
    assert denosumab.episode.patient.family_name not in body
    lead_body = next(m.body for m in mail.outbox if m.to == [lead.email])
    assert "Treatment overdue, escalated to the FLS lead: 1" in lead_body
