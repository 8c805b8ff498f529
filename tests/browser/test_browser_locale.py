"""The browser is set up as the demo sites' staff have theirs: British English in London time, and, where
Chromium has its en-GB locale, date fields that read a typed date day first (09/03/1941)."""
import pytest
from playwright.sync_api import expect

from tests.conftest import chromium_has_british_english


def test_the_browser_is_british_in_london_time(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.request.all_headers()["accept-language"].startswith("en-GB")
    assert page.evaluate("navigator.language") == "en-GB"
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Europe/London"


@pytest.mark.skipif(not chromium_has_british_english(),
                    reason="this Chromium has no en-GB locale, so date fields are laid out month first "
                           "(Debian: apt-get install chromium-l10n)")
def test_a_date_typed_into_a_date_field_is_read_day_first(page, live_server, nurse_a, login_as):
    login_as(page, live_server, nurse_a)
    page.get_by_test_id("log-fracture").click()
    date_of_birth = page.get_by_label("Date of birth")
    # Key by key, as a nurse types it; fill() would set the ISO value whatever the layout.
    date_of_birth.press_sequentially("09031941")
    expect(date_of_birth).to_have_value("1941-03-09")
