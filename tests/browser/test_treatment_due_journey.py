"""The *Treatment due* tab in the browser: the nurse opens it from her worklist, in place, narrows it to the overdue
doses, and each dose row offers the dose form; the URL keeps the tab and the kind."""
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.worklists.builders import course_with_item

pytestmark = pytest.mark.browser


@pytest.fixture
def courses(site_a, nurse_a):
    today = date.today()
    made = {
        "due": course_with_item(site_a, nurse=nurse_a, family_name="Dueson", refers_to=today + timedelta(days=10),
                                identified_on=today - timedelta(days=500)),
        "overdue": course_with_item(site_a, nurse=nurse_a, family_name="Lateham", code="dose_overdue", escalate=True,
                                    refers_to=today - timedelta(days=40), identified_on=today - timedelta(days=500)),
        "review": course_with_item(site_a, nurse=nurse_a, family_name="Reviewer", code="review_due", drug="alendronate",
                                   refers_to=today + timedelta(days=20), identified_on=today - timedelta(days=2000)),
    }
    return made


def test_nurse_opens_the_treatment_due_tab_and_narrows_it_to_overdue_doses(
    page, live_server, nurse_a, courses, login_as, screenshot
):
    login_as(page, live_server, nurse_a)
    expect(page.get_by_test_id("count-treatment")).to_have_text("3")
    page.evaluate("window.__noReload = true")
    page.get_by_test_id("tab-treatment").click()
    expect(page).to_have_url(re.compile(r"[?&]tab=treatment"))  # pushed by htmx, no reload
    table = page.get_by_test_id("worklist-treatment")
    expect(table.get_by_test_id("worklist-row")).to_have_count(3)
    # The escalated (overdue) dose first, then by date.
    expect(table.get_by_test_id("worklist-row").first).to_contain_text("LATEHAM")
    expect(table.get_by_test_id("record-dose")).to_have_count(2)  # the review has no dose to record
    expect(table.get_by_test_id("record-review")).to_have_count(1)  # but its own form
    screenshot(page, "worklist-treatment-due")

    page.get_by_test_id("kind-overdue").click()
    expect(page).to_have_url(re.compile(r"tab=treatment.*kind=overdue|kind=overdue.*tab=treatment"))
    expect(table.get_by_test_id("worklist-row")).to_have_count(1)
    expect(page.get_by_test_id("count-treatment")).to_have_text("1")
    expect(table.get_by_test_id("record-dose")).to_have_attribute(
        "href", re.compile("^" + re.escape(reverse("treatment:dose_add", args=[courses["overdue"].pk]) + "?next=")))
    assert page.evaluate("window.__noReload") is True

    page.reload()
    expect(page.get_by_test_id("worklist-treatment").get_by_test_id("worklist-row")).to_have_count(1)
    expect(page.get_by_test_id("kind-overdue")).to_have_attribute("aria-current", "true")
