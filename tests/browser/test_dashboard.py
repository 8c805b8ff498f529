"""The manager's dashboard draws its KPI trend charts and the assessment-delay distribution in Chromium."""
import pytest
from playwright.sync_api import expect

from tests.browser.charts import a_year_of_episodes, drawn_canvases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_renders_its_charts(page, live_server, login_as, screenshot, manager_a, nurse_a, site_a):
    a_year_of_episodes(nurse_a, site_a)

    login_as(page, live_server, manager_a)

    expect(page.get_by_test_id("home-heading")).to_have_text("Service dashboard")
    expect(page.get_by_test_id("kpi-4")).to_be_visible()
    drawn = drawn_canvases(page)
    assert len(drawn) == 12 and all(drawn)
    screenshot(page, "audit-dashboard")
