"""The nurse's worklist: she filters, searches and pages in place (no full reload) and the URL keeps the state,
so reloading or sharing the link shows the same list."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.waiting import wait_until
from tests.factories import FractureEpisodeFactory, PatientFactory
from worklists import selectors

pytestmark = pytest.mark.browser


@pytest.fixture
def triage_queue(site_a, nurse_a):
    today = date.today()
    for i in range(30):
        patient = PatientFactory(site=site_a, family_name=f"Wristie{i:02d}" if i % 2 else f"Hipson{i:02d}")
        FractureEpisodeFactory(
            patient=patient, site=site_a, fracture_site="wrist" if i % 2 else "hip",
            fracture_date=today - timedelta(days=40 - i), identified_on=today - timedelta(days=39 - i),
            assigned_nurse=nurse_a if i % 3 == 0 else None)


def test_nurse_filters_and_pages_in_place_and_the_url_keeps_the_state(
    page, live_server, nurse_a, triage_queue, login_as, screenshot, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 10)
    login_as(page, live_server, nurse_a)
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
    expect(page.get_by_test_id("count-identified")).to_have_text("30")
    expect(page.get_by_test_id("triage-list").get_by_test_id("worklist-row")).to_have_count(10)

    # A marker on the window survives only if nothing reloads the page.
    page.evaluate("window.__noReload = true")
    page.get_by_label("Fracture site").select_option("wrist")
    expect(page.get_by_test_id("count-identified")).to_have_text("15")
    wait_until(page, "location.search.includes('fracture=wrist')")
    expect(page.get_by_test_id("page-status")).to_contain_text("Page 1 of 2")

    page.get_by_test_id("page-next").click()
    expect(page.get_by_test_id("page-status")).to_contain_text("Page 2 of 2")
    wait_until(page, "location.search.includes('page=2') && location.search.includes('fracture=wrist')")
    expect(page.get_by_test_id("triage-list").get_by_test_id("worklist-row")).to_have_count(5)
    assert page.evaluate("window.__noReload") is True
    for row in page.get_by_test_id("worklist-row").all():
        expect(row).to_contain_text("Wrist")

    page.get_by_label("Search", exact=True).fill("wristie2")
    expect(page.get_by_test_id("count-identified")).to_have_text("5")
    wait_until(page, "location.search.includes('q=wristie2')")
    assert page.evaluate("window.__noReload") is True
    screenshot(page, "worklist-filtered")

    # Reloading the URL (or sharing it) shows the same list with the same filters.
    page.reload()
    expect(page.get_by_label("Fracture site")).to_have_value("wrist")
    expect(page.get_by_label("Search", exact=True)).to_have_value("wristie2")
    expect(page.get_by_test_id("count-identified")).to_have_text("5")
