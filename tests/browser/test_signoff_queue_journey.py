"""The sign-off queue from the clinician's menu: the true total at all their sites, one site chosen from the
list, its second page, and a sign-off there that comes back to that page with one fewer waiting."""
import pytest
from playwright.sync_api import expect

from assessments.selectors import SIGNOFF_PAGE_SIZE
from fls.roles import CLINICIAN
from tests.factories import UserFactory
from tests.worklists.builders import episode_at, with_assessment, with_decision

pytestmark = pytest.mark.browser

AT_A = SIGNOFF_PAGE_SIZE + 4
AT_B = 3


@pytest.fixture
def waiting(site_a, site_b, nurse_a, nurse_b):
    for i in range(AT_A + AT_B):
        site, nurse = (site_a, nurse_a) if i < AT_A else (site_b, nurse_b)
        episode = episode_at(site, "assessed", family_name=f"Queue{i:02d}")
        with_assessment(episode, nurse)
        with_decision(episode, nurse)


def test_clinician_chooses_a_site_pages_on_and_signs_off_from_the_second_page(
    page, live_server, site_a, site_b, waiting, login_as, screenshot
):
    clinician = UserFactory(roles=[CLINICIAN], sites=[site_a, site_b])
    login_as(page, live_server, clinician)
    page.get_by_test_id("nav-signoff-queue").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("Sign-off queue")
    expect(page.get_by_test_id("queue-total")).to_have_text(str(AT_A + AT_B))

    page.get_by_label("Site").select_option(label=site_a.name)  # the form submits itself
    expect(page.get_by_role("heading", name=f"At {site_a.name}")).to_be_visible()
    expect(page.get_by_test_id("queue-total")).to_have_text(str(AT_A))
    expect(page.get_by_test_id("queue-row")).to_have_count(SIGNOFF_PAGE_SIZE)

    page.get_by_test_id("signoff-page-next").click()
    expect(page.get_by_test_id("signoff-page-status")).to_have_text(f"Page 2 of 2 · {AT_A} results")
    expect(page.get_by_test_id("queue-row")).to_have_count(AT_A - SIGNOFF_PAGE_SIZE)
    screenshot(page, "signoff-queue-one-site-page-2")

    first = page.get_by_test_id("queue-row").first
    first.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Signed off:")).to_be_visible()
    # Back on the second page of the same site, one fewer waiting.
    expect(page.get_by_test_id("queue-total")).to_have_text(str(AT_A - 1))
    expect(page.get_by_test_id("signoff-page-status")).to_have_text(f"Page 2 of 2 · {AT_A - 1} results")
    expect(page.get_by_test_id("queue-row")).to_have_count(AT_A - 1 - SIGNOFF_PAGE_SIZE)
    expect(page.get_by_role("heading", name=f"At {site_a.name}")).to_be_visible()
