"""The error pages in Chromium: the app's layout, what happened in plain words and a way back home."""
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mistyped_address_shows_the_404_page_and_its_way_back_leads_home(
    page, live_server, login_as, screenshot, nurse_a
):
    login_as(page, live_server, nurse_a)

    response = page.goto(f"{live_server.url}/patients/no-such-page/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Error 404")).to_be_visible()
    # Still inside the app: the nurse's own navigation is there.
    expect(page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="My worklist")).to_be_visible()
    screenshot(page, "error-404")

    with page.expect_navigation():
        page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")


def test_a_page_outside_the_nurses_role_shows_the_403_page(page, live_server, login_as, screenshot, nurse_a):
    login_as(page, live_server, nurse_a)

    response = page.goto(f"{live_server.url}/operations/")

    assert response.status == 403
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    screenshot(page, "error-403")


@pytest.mark.urls("tests.fls.urls_with_a_failing_page")
def test_an_unexpected_failure_shows_the_500_page_in_the_apps_colours(page, live_server, screenshot):
    response = page.goto(f"{live_server.url}/failing-page/")

    assert response.status == 500
    expect(page.get_by_role("heading", name="Something went wrong")).to_be_visible()
    expect(page.get_by_text("RuntimeError")).to_have_count(0)
    # The app's stylesheet reached the page: the brand bar has the house colour.
    expect(page.locator("nav.navbar")).to_have_css("background-color", "rgb(11, 85, 103)")
    screenshot(page, "error-500")
    with page.expect_navigation():
        page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", name="Log in to FLS Tracker")).to_be_visible()
