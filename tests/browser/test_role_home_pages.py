"""Each role signs in through the real login form in Chromium and lands on its own home page."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# persona: (home heading, navigation links the role sees, navigation links it must not see)
ROLE_HOMES = {
    "nurse_a": ("My worklist", ["My worklist", "Log a fracture"], ["Sign-off queue", "Dashboard", "Operations"]),
    "clinician_a": ("My worklist", ["My worklist", "Log a fracture"], ["Dashboard", "Operations"]),
    "manager_a": ("Service dashboard", ["Dashboard", "Operations"], ["My worklist", "Sign-off queue", "Log a fracture"]),
    "admin_a": ("Service operations", ["Operations", "Administration"], ["My worklist", "Sign-off queue", "Dashboard", "Log a fracture"]),
}


@pytest.mark.parametrize("persona", ROLE_HOMES)
def test_each_role_logs_in_and_lands_on_its_home_page(page, live_server, login_as, screenshot, request, persona):
    heading, shown, hidden = ROLE_HOMES[persona]
    user = request.getfixturevalue(persona)

    login_as(page, live_server, user)

    expect(page.get_by_test_id("home-heading")).to_have_text(heading)
    expect(page.get_by_test_id("my-sites")).to_contain_text("North General Hospital")
    navigation = page.get_by_role("navigation", name="Main navigation")
    for link in shown:
        expect(navigation.get_by_role("link", name=link, exact=True)).to_be_visible()
    for link in hidden:
        expect(navigation.get_by_role("link", name=link, exact=True)).to_have_count(0)
    screenshot(page, f"home-{persona}")


def test_a_wrong_password_is_refused_with_a_message(page, live_server, login_as, screenshot, nurse_a):
    login_as(page, live_server, nurse_a, password="not-her-password")

    expect(page.get_by_role("heading", name="Log in to FLS Tracker")).to_be_visible()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    screenshot(page, "login-wrong-password")
