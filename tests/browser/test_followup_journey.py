"""Follow up: the day's scan puts a follow-up on the nurse's worklist; she sees it due, records a contact
in which the patient was reached and is taking the treatment, and sees it leave the due list and her
worklist."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.followup.conftest import decide_treatment, make_patient_episode  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def episode_due(site_a, nurse_a, clinician_a, make_patient_episode):
    # Fractured 30 days ago: the 4-week window (weeks 3–6) is open today.
    episode = make_patient_episode(site_a, nurse_a, fracture_date=date.today() - timedelta(days=30),
                                   assigned_nurse=nurse_a, family_name="Followup")
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=episode.fracture_date)
    return episode


def test_nurse_records_a_reached_contact_and_it_leaves_the_due_list(
    page, live_server, nurse_a, episode_due, login_as, screenshot
):
    from followup import services

    # The day's scan puts the follow-up on the nurse's worklist (derived from its reminder).
    assert services.followups_scan(today=date.today(), send_digests=False).reminders_created == 1
    login_as(page, live_server, nurse_a)
    page.get_by_test_id("nav-follow-ups").click()
    rows = page.get_by_test_id("follow-up-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("FOLLOWUP")
    expect(rows.first).to_contain_text("4-week")
    expect(page.get_by_test_id("my-worklist")).to_contain_text("4-week, due")
    screenshot(page, "followup-due-list")

    rows.first.get_by_test_id("record-contact").click()
    page.get_by_label("Yes, spoke to / saw the patient").check()
    # Stopped without a reason is refused beside the field, and nothing is saved.
    page.get_by_role("radio", name="Stopped", exact=True).check()
    page.get_by_test_id("save-contact").click()
    expect(page.get_by_text("Give the reason the treatment was stopped.")).to_be_visible()

    page.get_by_label("Taking as prescribed").check()
    page.get_by_label("Falls since the last contact").fill("0")
    page.get_by_label("Notes").fill("Taking alendronate weekly; no problems.")
    screenshot(page, "followup-contact-form")
    page.get_by_test_id("save-contact").click()

    expect(page.get_by_text("4-week follow-up recorded: Taking as prescribed.")).to_be_visible()
    expect(page.get_by_test_id("follow-up-row")).to_have_count(0)
    expect(page.get_by_test_id("count-due")).to_have_text("0")
    expect(page.get_by_test_id("my-worklist")).to_have_count(0)
    screenshot(page, "followup-after-contact")

    page.goto(f"{live_server.url}/episodes/{episode_due.pk}/")
    expect(page.get_by_test_id("follow-up-plan")).to_contain_text("Taking as prescribed")
    screenshot(page, "followup-episode-plan")
