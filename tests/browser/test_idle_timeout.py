"""The idle timeout in Chromium, with a 12-second timeout and an 8-second warning so it takes seconds: a nurse
types into a follow-up contact, is warned, is signed out, signs in again and finds what she typed put back,
and saves it; another stays signed in from the warning."""
import re
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.followup.conftest import decide_treatment, make_patient_episode  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = "Taking alendronate weekly; asked about dental work, told to mention it to the dentist."


@pytest.fixture(autouse=True)
def short_timeout(settings):
    # The live server runs in this process, so it sees these at once.
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0.2  # 12 seconds
    settings.SESSION_IDLE_WARNING_SECONDS = 8


@pytest.fixture
def contact_page(live_server, site_a, nurse_a, clinician_a, make_patient_episode):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date.today() - timedelta(days=30),
                                   assigned_nurse=nurse_a, family_name="Idle")
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=episode.fracture_date)
    follow_up = episode.follow_ups.order_by("due_on")[0]
    return f"{live_server.url}/follow-ups/{follow_up.pk}/contact/"


def test_typing_survives_being_signed_out_for_idleness(page, live_server, login_as, screenshot, nurse_a,
                                                       persona_password, contact_page):
    login_as(page, live_server, nurse_a)
    page.goto(contact_page)
    page.get_by_label("Yes, spoke to / saw the patient").check()
    page.get_by_label("Taking as prescribed").check()
    page.get_by_label("Falls since the last contact").fill("1")
    page.get_by_label("Notes").fill(NOTES)

    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=10_000)
    expect(warning).to_contain_text("You will be signed out in 8 seconds")
    expect(warning.get_by_role("button", name="Stay signed in")).to_be_focused()
    screenshot(page, "idle-warning")

    # Nobody answers: at the end the page goes to the login page, which says why.
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/follow-ups/\d+/contact/$"), timeout=15_000)
    expect(page.get_by_role("alert")).to_contain_text("You were signed out because FLS Tracker was not used for 12 seconds")
    screenshot(page, "idle-signed-out")

    page.get_by_label("Username").fill(nurse_a.username)
    page.get_by_label("Password").fill(persona_password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    assert page.url == contact_page
    expect(page.get_by_test_id("typing-restored")).to_contain_text("We restored what you had typed")
    expect(page.get_by_label("Notes")).to_have_value(NOTES)
    expect(page.get_by_label("Falls since the last contact")).to_have_value("1")
    expect(page.get_by_label("Yes, spoke to / saw the patient")).to_be_checked()
    expect(page.get_by_label("Taking as prescribed")).to_be_checked()
    screenshot(page, "idle-restored")
    # Put back once: nothing is left in the tab's storage.
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('fls-typed:'))") == []

    page.get_by_test_id("save-contact").click()
    expect(page.get_by_text("4-week follow-up recorded: Taking as prescribed.")).to_be_visible()


def test_stay_signed_in_keeps_the_session_and_the_page(page, live_server, login_as, nurse_a, contact_page):
    login_as(page, live_server, nurse_a)
    page.goto(contact_page)
    opened = time.monotonic()
    page.get_by_label("Notes").fill(NOTES)
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=10_000)
    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    # Still here: nothing needs keeping for after a sign-in.
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('fls-typed:'))") == []

    # With these short timings the next warning comes 4 s later; Escape means "stay signed in" too.
    expect(warning).to_be_visible(timeout=10_000)
    page.keyboard.press("Escape")
    expect(warning).to_be_hidden()

    # Past the first deadline (12 s after the page opened): still on the page, still signed in.
    page.wait_for_timeout(max(0, 13 - (time.monotonic() - opened)) * 1000)
    assert page.url == contact_page
    expect(page.get_by_label("Notes")).to_have_value(NOTES)
    page.goto(contact_page)
    assert page.url == contact_page
