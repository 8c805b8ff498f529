"""Investigate and treat: a nurse records an assessment and a recommendation, a clinician signs it off
from their queue, and the letter to primary care opens."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from patients import pathway
from patients import services as patient_services

pytestmark = pytest.mark.browser


@pytest.fixture
def episode_awaiting_assessment(site_a, nurse_a):
    patient = patient_services.patient_create(
        site=site_a, by=nurse_a, local_id="N777001", family_name="Journey", given_name="Joan",
        date_of_birth=date(1944, 6, 2), sex="female", gp_practice_name="Riverside Medical Practice",
    )
    episode = patient_services.episode_create(
        patient=patient, by=nurse_a, fracture_date=date.today() - timedelta(days=20), fracture_site="hip",
        side="left", mechanism="low", identified_on=date.today() - timedelta(days=19), source="ward",
    ).episode
    pathway.accept_for_assessment(episode, by=nurse_a)
    return episode


def test_nurse_assesses_and_recommends_then_clinician_signs_off_and_opens_the_letter(
    page, live_server, nurse_a, clinician_a, episode_awaiting_assessment, login_as, screenshot
):
    episode_url = f"{live_server.url}/episodes/{episode_awaiting_assessment.pk}/"
    login_as(page, live_server, nurse_a)
    page.goto(episode_url)

    # DXA: the first attempt without the scan date is refused beside the field.
    page.get_by_test_id("record-dxa").click()
    page.get_by_label("Lumbar spine T-score").fill("-2.9")
    page.get_by_label("Total hip T-score").fill("-2.2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter the date of the scan the T-scores come from.")).to_be_visible()
    page.get_by_label("DXA performed on").fill(date.today().isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("who-class")).to_contain_text("Osteoporosis")

    page.get_by_test_id("record-fracture_risk").click()
    page.get_by_label("FRAX major osteoporotic fracture (10-year %)").fill("28")
    page.get_by_label("FRAX hip fracture (10-year %)").fill("9.5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("frax")).to_contain_text("28.0%")

    page.get_by_test_id("complete-assessment").click()
    expect(page.get_by_text("Assessment complete. The episode is now assessed.")).to_be_visible()

    page.get_by_test_id("draft-decision").click()
    page.get_by_label("Recommendation").select_option("alendronate")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("awaiting-signoff")).to_be_visible()
    expect(page.get_by_test_id("sign-off")).to_have_count(0)  # a nurse cannot sign off
    screenshot(page, "assessment-nurse-awaiting-signoff")

    # The clinician lands on their worklist, which opens with the sign-off queue, and signs it off there.
    page.context.clear_cookies()
    login_as(page, live_server, clinician_a)
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
    queue = page.get_by_test_id("signoff-queue")
    expect(queue).to_contain_text("JOURNEY, Joan")
    screenshot(page, "assessment-clinician-queue")
    queue.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Signed off: Alendronate.")).to_be_visible()
    expect(page.get_by_test_id("queue-empty")).to_be_visible()

    page.goto(episode_url)
    expect(page.get_by_test_id("signed-off")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("Treatment decided")
    page.get_by_test_id("open-letter").click()
    letter = page.get_by_test_id("letter")
    expect(letter).to_contain_text("Re: Joan Journey")
    expect(letter).to_contain_text("osteoporosis")
    expect(letter).to_contain_text("Alendronate")
    expect(letter).to_contain_text("52 weeks")
    expect(page.get_by_test_id("letter-draft")).to_have_count(0)
    screenshot(page, "assessment-letter")

    with page.expect_download() as download:
        page.get_by_test_id("letter-pdf").click()
    assert download.value.suggested_filename == f"fls-letter-episode-{episode_awaiting_assessment.pk}.pdf"

    page.get_by_role("button", name="Record as sent").click()
    expect(page.get_by_text("Recorded the letter as sent.")).to_be_visible()
    expect(page.get_by_test_id("letters-sent")).to_contain_text("Riverside Medical Practice")

    # The copy as sent downloads as a PDF too, beside its entry in the list.
    with page.expect_download() as sent_copy:
        page.get_by_test_id("letter-sent-pdf").click()
    assert sent_copy.value.suggested_filename.startswith(f"fls-letter-episode-{episode_awaiting_assessment.pk}-sent-")
    with open(sent_copy.value.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"%PDF"
    screenshot(page, "assessment-letter-sent")
