"""A clinician's first sign-in sets up two-factor: she scans (here: reads) the key on the page, enters the code
her app makes, keeps her backup codes, signs out, and signs in again with her password and a fresh code."""
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _app_code(secret: str, at: float) -> str:
    """What an authenticator app given `secret` shows at time `at`."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = at
    return f"{totp.token():06d}"


def _password(page, live_server, user, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


def test_a_clinician_enrols_signs_out_and_signs_in_with_a_code(page, live_server, clinician_a, persona_password,
                                                                 screenshot):
    _password(page, live_server, clinician_a, persona_password)

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    expect(page.get_by_test_id("two-factor-qr-code").locator("svg")).to_be_visible()
    # Nothing else of the app until the step is done.
    expect(page.get_by_role("link", name="My worklist")).to_have_count(0)
    screenshot(page, "two-factor-enrol")

    secret = page.get_by_test_id("two-factor-secret").inner_text()
    page.get_by_label("Code").fill("000000" if _app_code(secret, time.time() - 600) != "000000" else "111111")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    screenshot(page, "two-factor-enrol-wrong-code")

    time.sleep(1.1)  # django-otp makes the next try after one wrong code wait a second
    enrolled_at = time.time()
    page.get_by_label("Code").fill(_app_code(secret, enrolled_at))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    screenshot(page, "two-factor-backup-codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")

    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("nav-two-factor").click()
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("On: you sign in with a code")
    expect(page.get_by_test_id("backup-codes-left")).to_contain_text("You have 10 unused backup codes.")
    screenshot(page, "two-factor-status")

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to FLS Tracker")).to_be_visible()

    _password(page, live_server, clinician_a, persona_password)
    expect(page.get_by_text("Enter the 6-digit code from your app (or a backup code).")).to_be_visible()
    screenshot(page, "two-factor-verify")
    # Each code works once: within the same 30 seconds the app shows the next one soon, which is accepted.
    now = time.time()
    at = now + 30 if int(now // 30) == int(enrolled_at // 30) else now
    page.get_by_label("Code").fill(_app_code(secret, at))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
