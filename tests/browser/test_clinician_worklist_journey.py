"""The clinician's worklist: the true number waiting on each list, each list paged on its own, and an answer
given from a later page comes back to that page."""
import pytest
from playwright.sync_api import expect

from tests.worklists.builders import episode_at, with_assessment, with_blood, with_decision
from worklists import selectors
from worklists.services import advice_request_create

pytestmark = pytest.mark.browser

PAGE = selectors.CLINICIAN_PAGE_SIZE
WAITING = PAGE + 3


@pytest.fixture
def busy_clinic(site_a, nurse_a):
    for i in range(WAITING):
        episode = episode_at(site_a, "assessed", family_name=f"Waiting{i:02d}")
        with_blood(with_assessment(episode, nurse_a), nurse_a, value="3.1")
        with_decision(episode, nurse_a)
        advice_request_create(episode=episode, by=nurse_a, question=f"Question {i:02d}?")


def test_clinician_pages_each_list_and_answers_from_a_later_page(
    page, live_server, clinician_a, busy_clinic, login_as, screenshot
):
    login_as(page, live_server, clinician_a)
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
    for key in ("signoff", "bloods", "advice"):
        expect(page.get_by_test_id(f"count-{key}")).to_have_text(str(WAITING))
        expect(page.get_by_test_id(f"{key}-page-status")).to_have_text(f"Page 1 of 2 · {WAITING} results")
    expect(page.get_by_test_id("signoff-queue").get_by_test_id("queue-row")).to_have_count(PAGE)
    expect(page.get_by_test_id("abnormal-bloods").get_by_test_id("blood-row")).to_have_count(PAGE)

    page.get_by_test_id("bloods-page-next").click()
    expect(page.get_by_test_id("bloods-page-status")).to_contain_text("Page 2 of 2")
    expect(page.get_by_test_id("abnormal-bloods").get_by_test_id("blood-row")).to_have_count(WAITING - PAGE)
    expect(page.get_by_test_id("signoff-page-status")).to_contain_text("Page 1 of 2")

    page.get_by_test_id("advice-page-next").click()
    advice = page.get_by_test_id("advice-requests")
    expect(advice.get_by_test_id("advice-row")).to_have_count(WAITING - PAGE)
    expect(page.get_by_test_id("bloods-page-status")).to_contain_text("Page 2 of 2")  # kept its page
    screenshot(page, "clinician-worklist-paged")

    row = advice.get_by_test_id("advice-row").filter(has_text=f"Question {WAITING - 1:02d}?")
    row.get_by_label("Advice").fill("Zoledronic acid after renal review")
    row.get_by_role("button", name="Answer").click()
    expect(page.get_by_text("Advice recorded.")).to_be_visible()
    expect(page.get_by_test_id("count-advice")).to_have_text(str(WAITING - 1))
    # Back on the same pages of both lists it had open.
    expect(page.get_by_test_id("advice-page-status")).to_contain_text("Page 2 of 2")
    expect(page.get_by_test_id("bloods-page-status")).to_contain_text("Page 2 of 2")
    expect(advice.get_by_test_id("advice-row")).to_have_count(WAITING - PAGE - 1)
