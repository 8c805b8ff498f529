"""Keep treatment going (issue 17): a clinician signs off denosumab with its regimen; the nurse records the first
dose from the episode page; the daily scan run 6 months later puts the next dose on the nurse's *Treatment due* tab
as due, and 8 months later as overdue, escalated to the FLS lead's notifications; the nurse records the dose from
the tab's row and the row is gone. The clock is moved with time_machine (the live server runs in this process, so it
sees the same day); each move signs everyone in again, as a real half-year would. Budget: about 30 s."""
from datetime import date, datetime, timedelta, timezone as dt_timezone
from decimal import Decimal

import pytest
import time_machine
from django.db import connections
from playwright.sync_api import expect

from assessments import services as assessment_services
from fls.models import SiteMembership
from followup.services import followups_scan
from patients import pathway
from patients import services as patient_services
from treatment.course_plan import add_months

pytestmark = pytest.mark.browser

START = date(2026, 3, 2)


@pytest.fixture
def clock():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=dt_timezone.utc), tick=True) as traveller:
        yield traveller


@pytest.fixture
def lead(clinician_a, site_a):
    SiteMembership.objects.filter(user=clinician_a, site=site_a).update(is_lead=True)
    return clinician_a


@pytest.fixture
def drafted(clock, site_a, nurse_a):
    patient = patient_services.patient_create(
        site=site_a, by=nurse_a, local_id="N771717", family_name="Steadfast", given_name="Dora",
        date_of_birth=date(1945, 7, 1), sex="female", gp_practice_name="Riverside Medical Practice")
    episode = patient_services.episode_create(
        patient=patient, by=nurse_a, fracture_date=START - timedelta(days=30), fracture_site="hip", side="left",
        mechanism="low", identified_on=START - timedelta(days=29), source="ward", assigned_nurse=nurse_a).episode
    pathway.accept_for_assessment(episode, by=nurse_a)
    assessment_services.assessment_record_part(
        episode=episode, part="dxa", by=nurse_a, expected_version=None, dxa_performed_on=START - timedelta(days=3),
        t_score_lumbar_spine=Decimal("-2.9"), t_score_total_hip=Decimal("-2.6"))
    for test, value, unit, low, high in (("calcium", "2.35", "mmol/L", "2.2", "2.6"),
                                         ("vitamin_d", "72", "nmol/L", "50", "200"),
                                         ("egfr", "68", "mL/min/1.73m²", "60", "120")):
        assessment_services.blood_result_add(episode=episode, by=nurse_a, test=test, value=Decimal(value), unit=unit,
                                             reference_low=Decimal(low), reference_high=Decimal(high),
                                             taken_on=START - timedelta(days=3))
    assessment_services.assessment_complete(episode=episode, by=nurse_a)
    assessment_services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="denosumab",
                                                calcium_vitamin_d="start")
    return episode


def test_a_denosumab_dose_is_due_then_overdue_and_escalated_then_cleared_by_recording_it(
    page, live_server, clock, drafted, nurse_a, lead, login_as, screenshot
):
    episode_url = f"{live_server.url}/episodes/{drafted.pk}/"

    # The clinician signs off denosumab with its regimen, from the sign-off page.
    login_as(page, live_server, lead)
    page.goto(f"{live_server.url}/episodes/{drafted.pk}/treatment/sign-off/")
    expect(page.get_by_label("Dose")).to_have_value("60 mg")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_role("alert").filter(has_text="Signed off: Denosumab.")).to_be_visible()

    # The nurse records the first dose from the episode page; the timeline shows the next, six months on.
    page.context.clear_cookies()
    login_as(page, live_server, nurse_a)
    page.goto(episode_url)
    panel = page.get_by_test_id("treatment-panel")
    expect(panel.locator("[data-code=dose_due]")).to_be_visible()
    panel.get_by_test_id("record-dose-denosumab").click()
    page.get_by_label("Date given").fill(START.isoformat())
    page.get_by_label("Where").select_option("fls_clinic")
    page.get_by_label("Batch number").fill("DMAB-2603")
    page.get_by_role("button", name="Save").click()
    next_dose = add_months(START, 6)
    expect(panel.get_by_test_id("treatment-timeline")).to_contain_text(f"{next_dose:%-d %b %Y}: Next dose")
    expect(panel.locator("[data-code]")).to_have_count(0)
    screenshot(page, "treatment-course-first-dose")

    # Six months on: the scan makes the dose due, on the nurse's Treatment due tab.
    clock.move_to(datetime(2026, 9, 2, 8, 0, tzinfo=dt_timezone.utc))
    assert followups_scan(today=date(2026, 9, 2)).summary()["doses_due"] == 1
    page.context.clear_cookies()
    login_as(page, live_server, nurse_a)
    _treatment_due_row(page, live_server, expect_code="dose_due")
    screenshot(page, "treatment-due-tab-due")

    # Eight months on: overdue, and the lead hears of it.
    clock.move_to(datetime(2026, 11, 2, 8, 0, tzinfo=dt_timezone.utc))
    summary = followups_scan(today=date(2026, 11, 2)).summary()
    assert (summary["doses_due"], summary["doses_overdue"]) == (0, 1)
    page.context.clear_cookies()
    login_as(page, live_server, lead)
    page.goto(f"{live_server.url}/notifications/")
    expect(page.get_by_text("Denosumab: dose overdue")).to_be_visible()
    screenshot(page, "lead-notified-of-overdue-denosumab")

    # The nurse records the dose from the tab's row: the row is gone.
    page.context.clear_cookies()
    login_as(page, live_server, nurse_a)
    row = _treatment_due_row(page, live_server, expect_code="dose_overdue")
    screenshot(page, "treatment-due-tab-overdue")
    row.get_by_role("link", name="Record dose").click()
    page.get_by_label("Date given").fill("2026-11-02")
    page.get_by_label("Where").select_option("gp")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Dose of Denosumab on 2 Nov 2026 recorded.")).to_be_visible()
    expect(page.get_by_test_id("worklist-treatment").get_by_test_id("worklist-row")).to_have_count(0)
    screenshot(page, "treatment-due-tab-cleared")
    connections.close_all()


def _treatment_due_row(page, live_server, *, expect_code):
    page.goto(f"{live_server.url}/worklist/?tab=treatment")
    row = page.get_by_test_id("worklist-treatment").get_by_test_id("worklist-row").filter(has_text="STEADFAST")
    expect(row.locator(f"[data-code={expect_code}]")).to_be_visible()
    return row
