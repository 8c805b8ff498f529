"""A nurse who mistypes her password five times sees signing in paused, in the app's layout, and even her right
password is then refused until the pause ends."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_five_wrong_passwords_pause_signing_in(page, live_server, nurse_a, persona_password, screenshot):
    def sign_in(password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("nurse_a")
        page.get_by_label("Password").fill(password)
        with page.expect_response(f"{live_server.url}/accounts/login/") as answer:
            page.get_by_role("button", name="Log in").click()
        return answer.value

    for _ in range(4):
        assert sign_in("not-her-password").status == 200
        expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()

    assert sign_in("not-her-password").status == 429
    expect(page.get_by_role("heading", name="Signing in is paused")).to_be_visible()
    expect(page.get_by_test_id("locked-out")).to_contain_text("paused for 15 minutes")
    screenshot(page, "login-throttled")

    assert sign_in(persona_password).status == 429
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
