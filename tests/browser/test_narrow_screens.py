"""Ward tablet (768 px) and phone (390 px): every main page fits the screen with no sideways scroll of the page
itself, and each list's action button can be reached without scrolling sideways (issue 20). Tables scroll inside
their own container with the action column kept in view; long names and identifiers wrap; the navbar collapses.

Names are at the field's maximum (100 characters, one word) to stress wrapping. Budget: about 120 s for the module
(five sign-ins, some forty pages at two widths; about 75 s on an idle two-core machine).
"""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casefinding.intake import report_batch_from_file
from patients.importing import import_batch_create, import_batch_run
from tests.casefinding.conftest import report_row, reports_csv
from tests.followup.conftest import make_patient_episode  # noqa: F401 (a fixture)
from tests.followup.conftest import decide_treatment
from tests.patients.csv_rows import csv_bytes, row
from tests.worklists.builders import episode_at, with_assessment, with_decision

pytestmark = pytest.mark.browser

WIDTHS = (768, 390)
LONG_FAMILY = ("Wolfeschlegelsteinhausenbergerdorff" * 3)[:100]
LONG_GIVEN = ("Maximilianahildegardisa" * 5)[:100]

# What the assertion found too wide, collected so one run reports every page (not only the first).
_PAGE_FITS = """() => {
  const doc = document.documentElement;
  return {scroll: doc.scrollWidth, inner: window.innerWidth};
}"""


def _fits(page, name, problems, *, action=None):
    """The page has no sideways scroll; `action` (a locator), scrolled into view vertically, is on screen."""
    width = page.viewport_size["width"]
    sizes = page.evaluate(_PAGE_FITS)
    if sizes["scroll"] > sizes["inner"]:
        problems.append(f"{name} at {width}: the page is {sizes['scroll']} px wide")
    if action is not None:
        expect(action).to_have_count(1)
        # Scroll vertically only: a sideways scroll of the page would hide the problem the test looks for.
        top = action.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
        page.evaluate(f"window.scrollTo(0, {max(0, top - 200)})")
        # The button and the others beside it in its cell (Sign off and Review, Accept and Triage).
        spans = action.evaluate("""el => [...(el.closest('td') || el.parentElement).querySelectorAll('.btn')]
            .map(b => { const r = b.getBoundingClientRect(); return [b.textContent.trim(), r.left, r.right]; })""")
        for text, left, right in spans:
            if left < 0 or right > width:
                problems.append(f"{name} at {width}: its {text!r} button spans {left:.0f}–{right:.0f} px")
        page.evaluate("window.scrollTo(0, 0)")


def _visit(page, url, name, problems, *, action_test_id=None, action_name=None, shot=False, screenshot=None):
    page.goto(url)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        action = None
        if action_test_id:
            action = page.get_by_test_id(action_test_id).first
        elif action_name:
            action = page.get_by_role("button", name=action_name, exact=True).first
        _fits(page, name, problems, action=action)
        if shot:
            screenshot(page, f"narrow-{name}-{width}")


@pytest.fixture
def nurse_pages(site_a, nurse_a, clinician_a, make_patient_episode):
    """An episode at each stage of the nurse's worklist, and one in follow-up with its 4-week contact due."""
    long = dict(family_name=LONG_FAMILY, given_name=LONG_GIVEN)
    episode_at(site_a, "identified", nurse=nurse_a, **long)
    episode_at(site_a, "awaiting_assessment", nurse=nurse_a, **long)
    with_assessment(episode_at(site_a, "awaiting_assessment", nurse=nurse_a, **long), nurse_a, dxa_requested=True)
    assessed = episode_at(site_a, "assessed", nurse=nurse_a, **long)
    with_decision(assessed, nurse_a)
    with_assessment(assessed, nurse_a)
    # In follow-up, fractured five weeks ago: the 4-week window (weeks 3 to 6) is open.
    episode = make_patient_episode(site_a, nurse_a, fracture_date=timezone.localdate() - timedelta(weeks=5),
                                   assigned_nurse=nurse_a, family_name=LONG_FAMILY)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=episode.fracture_date)
    return episode


def test_the_nurse_s_pages_fit_a_tablet_and_a_phone(page, live_server, nurse_a, nurse_pages, login_as, screenshot):
    from followup import services

    services.followups_scan(today=timezone.localdate(), send_digests=False)
    login_as(page, live_server, nurse_a)
    problems = []
    url = live_server.url
    _visit(page, f"{url}/worklist/?tab=triage", "worklist", problems, action_name="Accept for assessment",
           shot=True, screenshot=screenshot)
    for tab in ("assessment", "dxa", "decision", "signoff", "due", "overdue", "lost", "treatment"):
        _visit(page, f"{url}/worklist/?tab={tab}", f"worklist-{tab}", problems)
    _visit(page, f"{url}/follow-ups/", "followups", problems, action_test_id="record-contact", shot=True,
           screenshot=screenshot)
    _visit(page, f"{url}/follow-ups/overdue/", "followups-overdue", problems)
    _visit(page, f"{url}/follow-ups/lost/", "followups-lost", problems)
    follow_up = nurse_pages.follow_ups.get(kind="week_4")
    _visit(page, f"{url}/follow-ups/{follow_up.pk}/contact/", "contact-form", problems, shot=True,
           screenshot=screenshot)
    _visit(page, f"{url}/episodes/{nurse_pages.pk}/", "episode", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{url}/patients/{nurse_pages.patient_id}/", "patient", problems)
    _visit(page, f"{url}/patients/new/", "log-a-fracture", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{url}/notifications/", "notifications", problems)

    # On a phone the worklist's tabs are one strip that scrolls inside itself, with the current tab in view.
    page.set_viewport_size({"width": 390, "height": 900})
    for tab in ("triage", "treatment"):
        page.goto(f"{url}/worklist/?tab={tab}")
        strip = page.get_by_test_id("worklist-tabs")
        sizes = strip.evaluate("""el => { const box = el.getBoundingClientRect(),
            tab = el.querySelector('.nav-link.active').getBoundingClientRect(), line = el.querySelector('.nav-link');
            return {height: box.height, line: line.getBoundingClientRect().height, scroll: el.scrollWidth,
                    width: el.clientWidth, left: tab.left - box.left, right: box.right - tab.right}; }""")
        if sizes["height"] > sizes["line"] + 4:
            problems.append(f"worklist tabs on {tab} at 390: {sizes['height']:.0f} px high, more than one line")
        if sizes["scroll"] <= sizes["width"]:
            problems.append(f"worklist tabs on {tab} at 390: the strip does not scroll ({sizes})")
        if sizes["left"] < 0 or sizes["right"] < 0:
            problems.append(f"worklist tabs on {tab} at 390: the current tab is out of view ({sizes})")
    screenshot(page, "narrow-worklist-tabs-treatment-390")

    # The navbar collapses to its toggler; opened, its links, search box and user menu fit.
    page.set_viewport_size({"width": 390, "height": 900})
    page.get_by_role("button", name="Toggle navigation").click()
    page.wait_for_selector("#mainNav.show")  # opened, not still sliding open
    expect(page.get_by_role("searchbox", name="Search patients")).to_be_visible()
    page.get_by_test_id("user-menu").click()
    expect(page.get_by_test_id("nav-notifications")).to_be_visible()
    _fits(page, "navbar-open", problems, action=page.get_by_test_id("nav-notifications"))
    screenshot(page, "narrow-navbar-open-390")
    assert not problems, "\n".join(problems)


@pytest.fixture
def waiting_for_sign_off(site_a, nurse_a):
    for _ in range(2):
        episode = episode_at(site_a, "assessed", family_name=LONG_FAMILY, given_name=LONG_GIVEN)
        with_assessment(episode, nurse_a)
        with_decision(episode, nurse_a)


def test_the_clinician_s_pages_fit_a_tablet_and_a_phone(
    page, live_server, clinician_a, waiting_for_sign_off, login_as, screenshot
):
    login_as(page, live_server, clinician_a)
    problems = []
    _visit(page, f"{live_server.url}/worklist/clinician/", "clinician-worklist", problems)
    _visit(page, f"{live_server.url}/sign-off/", "signoff-queue", problems, action_name="Sign off", shot=True,
           screenshot=screenshot)
    assert not problems, "\n".join(problems)


@pytest.fixture
def manager_with_a_japanese_site(site_a, nurse_pages):
    """A manager of site A and of a Japanese site (so the FLS fee claims list is theirs too), with a hip fracture
    there. The claims' fee schedule is seeded as its migration does (a browser test's flush removes it)."""
    import importlib

    from django.apps import apps

    from fls.roles import MANAGER
    from tests.factories import SiteFactory, UserFactory

    importlib.import_module("claims.migrations.0002_fee_schedule_2024").seed(apps, None)
    sakura = SiteFactory(code="sakura", name="Sakura City Hospital", country="JP", fls_model="A",
                         timezone="Asia/Tokyo")
    episode_at(sakura, "awaiting_assessment", family_name=LONG_FAMILY, given_name=LONG_GIVEN)
    return UserFactory(username="manager_both", first_name="Mei", last_name="Manager", roles=[MANAGER],
                       sites=[site_a, sakura])


def test_the_manager_s_pages_fit_a_tablet_and_a_phone(
    page, live_server, manager_with_a_japanese_site, login_as, screenshot
):
    login_as(page, live_server, manager_with_a_japanese_site)
    problems = []
    _visit(page, f"{live_server.url}/audit/", "dashboard", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{live_server.url}/audit/access/", "access-report", problems)
    _visit(page, f"{live_server.url}/claims/", "claims", problems)
    expect(page.get_by_test_id("month-form")).to_be_visible()
    expect(page.get_by_test_id("no-japanese-site")).to_have_count(0)
    assert not problems, "\n".join(problems)


@pytest.fixture
def forms_and_imports(site_a, nurse_a):
    """An episode awaiting assessment (its forms), an import with a rejected row, a screened radiology batch."""
    episode = episode_at(site_a, "awaiting_assessment", nurse=nurse_a, family_name=LONG_FAMILY, given_name=LONG_GIVEN)
    with_assessment(episode, nurse_a, dxa_requested=True)
    imported = import_batch_run(import_batch_create(
        site=site_a, by=nurse_a, filename="ed-list.csv",
        raw_bytes=csv_bytes([row(1, family_name=LONG_FAMILY), row(2, fracture_site="elbowish")])).pk)
    screened = report_batch_from_file(site=site_a, by=nurse_a, filename="reports.csv", raw_bytes=reports_csv(
        [report_row(family_name=LONG_FAMILY, given_name=LONG_GIVEN)])).batch
    return episode, imported, screened


def test_the_nurse_s_forms_and_imports_fit_a_tablet_and_a_phone(
    page, live_server, nurse_a, forms_and_imports, login_as, screenshot
):
    episode, imported, screened = forms_and_imports
    login_as(page, live_server, nurse_a)
    problems = []
    url = live_server.url
    for part in ("falls", "dxa", "spine", "safety", "risk_factors", "fracture_risk", "summary"):
        _visit(page, f"{url}/episodes/{episode.pk}/assessment/{part}/", f"assessment-{part}", problems,
               shot=part == "dxa", screenshot=screenshot)
    _visit(page, f"{url}/episodes/{episode.pk}/treatment/", "treatment-decision", problems, shot=True,
           screenshot=screenshot)
    _visit(page, f"{url}/episodes/{episode.pk}/edit/", "episode-edit", problems)
    _visit(page, f"{url}/patients/{episode.patient_id}/edit/", "patient-edit", problems)
    _visit(page, f"{url}/patients/search/?q=Wolf", "patient-search", problems)
    _visit(page, f"{url}/imports/", "imports", problems)
    _visit(page, f"{url}/imports/new/", "import-upload", problems)
    _visit(page, f"{url}/imports/{imported.pk}/", "import", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{url}/case-finding/reports/", "report-upload", problems)
    _visit(page, f"{url}/case-finding/batches/{screened.pk}/", "report-batch", problems, shot=True,
           screenshot=screenshot)
    _visit(page, f"{url}/case-finding/disagreements/", "screen-vs-nurse", problems)
    assert not problems, "\n".join(problems)


def test_the_administrator_s_pages_fit_a_tablet_and_a_phone(page, live_server, admin_a, site_a, login_as, screenshot):
    login_as(page, live_server, admin_a)
    problems = []
    url = live_server.url
    _visit(page, f"{url}/operations/", "operations", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{url}/follow-ups/settings/", "follow-up-settings", problems)
    _visit(page, f"{url}/follow-ups/settings/{site_a.code}/", "follow-up-settings-site", problems)
    _visit(page, f"{url}/sites/{site_a.code}/", "site", problems)
    # Django's admin has its own layout for narrow screens: its pages scroll their wide lists inside themselves.
    _visit(page, f"{url}/admin/", "admin", problems, shot=True, screenshot=screenshot)
    _visit(page, f"{url}/admin/fls/site/{site_a.pk}/change/", "admin-site", problems)
    assert not problems, "\n".join(problems)
