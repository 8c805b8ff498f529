"""A liaison nurse logs a new patient with a hip fracture and finds it in the triage list."""
from datetime import date, timedelta

from playwright.sync_api import expect


def test_a_nurse_logs_a_new_patient_and_sees_it_in_triage(page, live_server, nurse_a, login_as, screenshot):
    login_as(page, live_server, nurse_a)
    expect(page.get_by_test_id("home-heading")).to_have_text("My worklist")
    page.get_by_test_id("log-fracture").click()

    # First attempt with a mistyped NHS number: the error appears beside the field.
    page.get_by_label("Hospital number").fill("N424242")
    page.get_by_label("NHS number").fill("943 476 5918")
    page.get_by_label("Family name").fill("Playwright")
    page.get_by_label("Given name").fill("Peggy")
    # Dates typed as a UK service types them (DD/MM/YYYY, issue 20), a one-digit day and month as people do.
    page.get_by_label("Date of birth").fill("9/3/1941")
    page.get_by_label("Sex").select_option("female")
    page.get_by_label("Fracture date").fill((date.today() - timedelta(days=3)).strftime("%d/%m/%Y"))
    page.get_by_label("Fracture site").select_option("wrist")
    page.locator("#id_episode-side").select_option("right")
    page.get_by_label("Mechanism").select_option("low")
    page.get_by_label("Source").select_option("fracture_clinic")
    page.get_by_role("button", name="Save patient and fracture").click()
    expect(page.get_by_text("This is not a valid NHS number: its check digit does not match.")).to_be_visible()
    screenshot(page, "nurse-new-patient-error")

    page.get_by_label("NHS number").fill("943 476 5919")
    page.get_by_role("button", name="Save patient and fracture").click()
    expect(page.get_by_text("Fracture logged. It is in the triage list.")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("Identified")

    page.get_by_role("link", name="My worklist").click()
    triage = page.get_by_test_id("triage-list")
    expect(triage).to_contain_text("PLAYWRIGHT, Peggy")
    expect(triage).to_contain_text("Wrist / distal radius")
    expect(page.get_by_test_id("count-identified")).to_have_text("1")
    screenshot(page, "nurse-triage-list")

    triage.get_by_role("button", name="Accept for assessment").click()
    expect(page.get_by_text("Episode is now awaiting assessment.")).to_be_visible()
    expect(page.get_by_test_id("triage-list")).not_to_contain_text("PLAYWRIGHT")
