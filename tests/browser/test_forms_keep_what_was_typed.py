"""Forms that never lose what was typed (issue 20), in a real browser, budget about 20 s: a T-score typed "abc" is
refused beside its box and kept as typed (the browser's number box used to drop it without a word), a decimal comma
is read; a follow-up contact dated before its window asks for confirmation beside the date, and once confirmed is
recorded as early."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from followup.models import FollowUpContact
from tests.followup.conftest import decide_treatment, make_patient_episode  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def in_follow_up(site_a, nurse_a, clinician_a, make_patient_episode):
    # Fractured 30 days ago: the 4-week window (weeks 3 to 6) opened 9 days ago.
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date.today() - timedelta(days=30),
                                   assigned_nurse=nurse_a, family_name="Windowed")
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=episode.fracture_date)
    return episode


@pytest.fixture
def awaiting_assessment(site_a, nurse_a, make_patient_episode):
    return make_patient_episode(site_a, nurse_a, fracture_date=date.today() - timedelta(days=10),
                                assigned_nurse=nurse_a, family_name="Scanned")


def test_a_number_typed_wrong_is_kept_and_explained(page, live_server, nurse_a, awaiting_assessment, login_as,
                                                    screenshot):
    login_as(page, live_server, nurse_a)
    page.goto(f"{live_server.url}/episodes/{awaiting_assessment.pk}/")
    page.get_by_test_id("record-dxa").click()
    page.get_by_label("DXA performed on").fill(date.today().strftime("%d/%m/%Y"))
    lumbar = page.get_by_label("Lumbar spine T-score")
    lumbar.fill("abc")
    page.get_by_label("Total hip T-score").fill("-2,2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("“abc” is not a number. Type it like -2.5.")).to_be_visible()
    expect(lumbar).to_have_value("abc")
    expect(lumbar).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Total hip T-score")).to_have_value("-2,2")
    screenshot(page, "number-refused-beside-its-box")
    assert not Assessment.objects.filter(episode=awaiting_assessment, t_score_total_hip__isnull=False).exists()

    lumbar.fill("−2,9")  # the minus sign and a decimal comma, as some keyboards type them
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_test_id("who-class")).to_be_visible()
    saved = Assessment.objects.get(episode=awaiting_assessment)
    assert (saved.t_score_lumbar_spine, saved.t_score_total_hip) == (Decimal("-2.9"), Decimal("-2.2"))


def test_a_contact_before_its_window_is_confirmed_then_recorded_early(page, live_server, nurse_a, in_follow_up,
                                                                     login_as, screenshot):
    week_4 = in_follow_up.follow_ups.get(kind="week_4")
    early = week_4.window_opens - timedelta(days=2)
    login_as(page, live_server, nurse_a)
    page.goto(f"{live_server.url}/follow-ups/{week_4.pk}/contact/")
    confirm = page.get_by_label("Record it outside the window")
    expect(confirm).to_be_hidden()
    page.locator("#id_contacted_on").fill(early.strftime("%d/%m/%Y"))
    page.get_by_label("Yes, spoke to / saw the patient").check()
    page.get_by_label("Taking as prescribed").check()
    page.get_by_test_id("save-contact").click()
    expect(page.get_by_text("is before the 4-week window opens")).to_be_visible()
    expect(confirm).to_be_visible()
    screenshot(page, "contact-outside-its-window")
    assert not FollowUpContact.objects.exists()

    confirm.check()
    page.get_by_test_id("save-contact").click()
    expect(page.get_by_text("4-week follow-up recorded: Taking as prescribed.")).to_be_visible()
    saved = FollowUpContact.objects.get()
    assert (saved.contacted_on, saved.timing) == (early, "early")
