"""The manager's dashboard draws its KPI trend charts and the assessment-delay distribution in Chromium."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.audit.conftest import AuditData

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_renders_its_charts(page, live_server, login_as, screenshot, manager_a, nurse_a, site_a):
    data = AuditData(nurse_a)
    today = date.today()
    for months_ago in range(1, 12):
        fracture = today - timedelta(days=30 * months_ago)
        episode = data.episode(site_a, fracture, "vertebra" if months_ago % 4 == 0 else "wrist")
        if months_ago % 3:
            data.assess(episode, fracture + timedelta(days=10 * months_ago), falls="done",
                        dxa_requested_on=fracture, dxa_performed_on=fracture + timedelta(days=40))
            data.decide(episode, "alendronate", status="started", started_on=fracture + timedelta(days=20))

    login_as(page, live_server, manager_a)

    expect(page.get_by_test_id("home-heading")).to_have_text("Service dashboard")
    expect(page.get_by_test_id("kpi-4")).to_be_visible()
    page.wait_for_function("window.auditCharts && window.auditCharts.length === 12")
    # A drawn canvas has non-transparent pixels.
    drawn = page.evaluate("""() => [...document.querySelectorAll('canvas')].map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
        return false; })""")
    assert len(drawn) == 12 and all(drawn)
    screenshot(page, "audit-dashboard")
