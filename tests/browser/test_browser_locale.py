"""The browser is set up as the demo sites' staff have theirs: British English in London time; date boxes read a
typed date in the site's order (09/03/1941 at a UK site) whatever the browser's locale."""
from playwright.sync_api import expect


def test_the_browser_is_british_in_london_time(page, live_server):
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert response.request.all_headers()["accept-language"].startswith("en-GB")
    assert page.evaluate("navigator.language") == "en-GB"
    assert page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "Europe/London"


def test_a_date_is_typed_in_the_sites_order_whatever_the_browser(page, live_server, nurse_a, login_as):
    """A UK site's date box is a text box that shows its pattern (fls.dates.DateEntry), not the browser's own date
    field, whose layout follows the browser's locale: a nurse types 09/03/1941 key by key and it stays so."""
    login_as(page, live_server, nurse_a)
    page.get_by_test_id("log-fracture").click()
    date_of_birth = page.get_by_label("Date of birth")
    expect(date_of_birth).to_have_attribute("placeholder", "DD/MM/YYYY")
    date_of_birth.press_sequentially("09/03/1941")
    expect(date_of_birth).to_have_value("09/03/1941")
