"""Under the Content-Security-Policy, the main pages of each role run with no violation in Chromium: no inline
script or style is blocked, htmx still filters the worklist, Chart.js still draws the dashboard's charts,
an import's progress bar still has its width."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from patients.importing import import_batch_create, import_batch_run
from tests.browser.charts import a_year_of_episodes, drawn_canvases
from tests.browser.waiting import wait_until
from tests.factories import UserFactory
from tests.followup.conftest import decide_treatment, make_patient_episode  # noqa: F401 (a fixture)
from tests.patients.csv_rows import csv_bytes, row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Registered before any page script runs (Playwright's init scripts are not subject to the page's policy).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def violations(page):
    """Every Content-Security-Policy violation Chromium reports, in the console or as an event."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)

    def collect():
        try:
            seen.extend(page.evaluate("window.__cspViolations || []"))
        except Exception:  # the page is navigating; its console messages are already in `seen`
            pass
        return list(dict.fromkeys(seen))

    return collect


def visit(page, url, violations):
    assert page.goto(url).ok, url
    page.wait_for_load_state("networkidle")
    assert violations() == [], f"{url}: {violations()}"
    # htmx's own indicator <style> would be a violation; make sure nothing added one.
    assert page.evaluate("document.querySelectorAll('style').length") == 0


@pytest.fixture
def episode_due(site_a, nurse_a, clinician_a, make_patient_episode):
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date.today() - timedelta(days=30),
                                   assigned_nurse=nurse_a, family_name="Policy")
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=episode.fracture_date)
    return episode


def test_a_nurses_pages_run_with_no_policy_violation(page, live_server, login_as, screenshot, violations,
                                                     nurse_a, site_a, episode_due):
    batch = import_batch_run(import_batch_create(
        site=site_a, by=nurse_a, filename="ed-list.csv", raw_bytes=csv_bytes([row(1), row(2)])).pk)
    follow_up = episode_due.follow_ups.order_by("due_on")[0]
    login_as(page, live_server, nurse_a)
    assert violations() == []

    visit(page, f"{live_server.url}/worklist/", violations)
    # htmx still works under the policy: a filter updates the results in place and the URL.
    with page.expect_response(lambda response: "/worklist/" in response.url and response.request.headers.get("hx-request")):
        page.locator("#wl-q").fill("Policy")
    wait_until(page, "location.search.includes('q=Policy')")
    assert violations() == []

    visit(page, f"{live_server.url}/patients/{episode_due.patient_id}/", violations)
    visit(page, f"{live_server.url}/episodes/{episode_due.pk}/", violations)
    visit(page, f"{live_server.url}/follow-ups/{follow_up.pk}/contact/", violations)
    # The contact form's script (now a static file) still hides the questions for a patient not reached.
    page.get_by_label("No answer / not reached").check()
    expect(page.locator("#reached-part")).to_be_hidden()
    page.get_by_label("Yes, spoke to / saw the patient").check()
    expect(page.locator("#reached-part")).to_be_visible()
    assert violations() == []

    visit(page, f"{live_server.url}/triage/", violations)
    visit(page, f"{live_server.url}/imports/new/", violations)
    visit(page, f"{live_server.url}/imports/{batch.pk}/", violations)
    # The progress bar's width comes from static/js/fls.js now, not a style attribute.
    assert page.locator("[data-progress-percent]").evaluate("bar => bar.style.width") == "100%"
    visit(page, f"{live_server.url}/episodes/{episode_due.pk}/letter/", violations)
    screenshot(page, "csp-letter")


def test_a_clinicians_pages_run_with_no_policy_violation(page, live_server, login_as, violations, clinician_a,
                                                         episode_due):
    login_as(page, live_server, clinician_a)
    visit(page, f"{live_server.url}/worklist/clinician/", violations)
    visit(page, f"{live_server.url}/sign-off/", violations)
    visit(page, f"{live_server.url}/episodes/{episode_due.pk}/", violations)


def test_the_dashboard_draws_its_charts_under_the_policy(page, live_server, login_as, screenshot, violations,
                                                         manager_a, nurse_a, site_a):
    a_year_of_episodes(nurse_a, site_a)

    login_as(page, live_server, manager_a)
    visit(page, f"{live_server.url}/audit/", violations)
    drawn = drawn_canvases(page)
    assert len(drawn) == 12 and all(drawn)
    assert violations() == []
    screenshot(page, "csp-dashboard")
    visit(page, f"{live_server.url}/imports/new/", violations)


def test_the_administration_pages_run_with_no_policy_violation(page, live_server, login_as, violations, admin_a,
                                                               nurse_a, site_a):
    login_as(page, live_server, admin_a)
    visit(page, f"{live_server.url}/operations/", violations)
    visit(page, f"{live_server.url}/follow-ups/settings/{site_a.code}/", violations)
    visit(page, f"{live_server.url}/admin/", violations)
    visit(page, f"{live_server.url}/admin/fls/site/{site_a.pk}/change/", violations)
    visit(page, f"{live_server.url}/admin/fls/site/{site_a.pk}/history/", violations)
    # Not visited: a clinical record's history (django-simple-history's template has one style="border-top: 0",
    # which the policy blocks, harmlessly; README, Security).

    # Users and their roles are a superuser's: the change form with its two-list role and permission pickers.
    superuser = UserFactory(username="root_a", is_staff=True, sites=[site_a])
    type(superuser).objects.filter(pk=superuser.pk).update(is_superuser=True)
    page.context.clear_cookies()
    login_as(page, live_server, superuser)
    visit(page, f"{live_server.url}/admin/fls/user/{nurse_a.pk}/change/", violations)
