"""The README's and the docs' screenshots, taken from the demo in a real browser (issue 20), budget about 60 s.

Every run takes them (into test-artifacts/screenshots/docs-*.png), so a page that breaks them fails here;
`scripts/docs-screenshots.sh` runs this test with FLS_DOCS_SCREENSHOTS=docs/screenshots to write the files the
README shows. The browser is British (tests/conftest.py), so a UK nurse's dates read DD/MM/YYYY."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.services import demo_seed
from fls.models import User

pytestmark = pytest.mark.browser

PASSWORD = "docs-screenshots-2026"
WIDTH, HEIGHT = 1300, 760


@pytest.fixture
def demo(db):
    demo_seed(patients=60, seed=1, password=PASSWORD)


def _save(page, screenshot, name: str, *, full_page=False) -> None:
    path = screenshot(page, f"docs-{name}")
    folder = os.environ.get("FLS_DOCS_SCREENSHOTS", "").strip()
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)
    assert path.stat().st_size > 10_000  # a page, not a blank


def test_the_docs_screenshots(page, live_server, demo, login_as, screenshot):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})

    login_as(page, live_server, User.objects.get(username="nurse_north"), password=PASSWORD)
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
    expect(page.get_by_label("Identified from")).to_have_attribute("placeholder", "DD/MM/YYYY")
    _save(page, screenshot, "nurse-worklist")

    page.get_by_test_id("nav-follow-ups").click()
    expect(page.get_by_test_id("list-heading")).to_be_visible()
    _save(page, screenshot, "follow-ups")

    page.context.clear_cookies()
    login_as(page, live_server, User.objects.get(username="nurse_sakura"), password=PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    _save(page, screenshot, "nurse-worklist-japanese")
