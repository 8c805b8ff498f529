"""A liaison nurse screens a radiology reports CSV, sees the suggestions with their evidence
highlighted in triage, confirms one into the pre-filled form and saves it, and dismisses another
with a reason."""
import csv
import io
from datetime import date, timedelta

from playwright.sync_api import expect

from casefinding.models import CandidateDecision

HEADER = ["accession", "local_id", "family_name", "given_name", "date_of_birth", "sex", "exam_date", "modality",
          "body_part", "report_text"]


def _reports_csv(tmp_path):
    exam = (date.today() - timedelta(days=4)).isoformat()
    rows = [
        ["RAD001", "N500001", "Screenwell", "Hilda", "1939-02-14", "F", exam, "CR", "LEFT HIP",
         "Clinical details: Fall at home. Findings: There is a displaced fracture of the left neck of femur. "
         "Conclusion: Left NOF fracture."],
        ["RAD002", "N500002", "Oldbone", "Walter", "1946-07-01", "M", exam, "CR", "CHEST",
         "Findings: Lungs clear. Incidental wedge compression deformity of T12."],
        ["RAD003", "N500003", "Clearfilm", "Nora", "1950-03-03", "F", exam, "CR", "WRIST",
         "Clinical details: ?fracture. Findings: No fracture seen."],
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    path = tmp_path / "radiology.csv"
    path.write_text(out.getvalue())
    return path


def test_a_nurse_screens_reports_and_acts_on_the_suggestions(page, live_server, nurse_a, login_as, screenshot, tmp_path):
    login_as(page, live_server, nurse_a)
    page.get_by_role("link", name="Radiology reports").click()
    page.get_by_label("Reports file").set_input_files(str(_reports_csv(tmp_path)))
    page.get_by_role("button", name="Upload and screen").click()
    expect(page.get_by_test_id("batch-candidates")).to_have_text("2")

    page.get_by_test_id("to-triage").click()
    suggestions = page.get_by_test_id("casefinding-suggestions")
    expect(suggestions).to_contain_text("SCREENWELL, Hilda")
    expect(suggestions).to_contain_text("OLDBONE, Walter")
    expect(suggestions).not_to_contain_text("CLEARFILM")
    expect(suggestions.locator("tr", has_text="SCREENWELL").locator("mark")).to_have_text(["NOF", "fracture"])
    screenshot(page, "casefinding-triage-suggestions")

    # Confirm: the new patient + fracture form opens pre-filled; the nurse sets the mechanism and saves.
    suggestions.locator("tr", has_text="SCREENWELL").get_by_test_id("confirm-candidate").click()
    expect(page.get_by_test_id("prefill-banner")).to_be_visible()
    expect(page.get_by_label("Hospital number")).to_have_value("N500001")
    expect(page.get_by_label("Family name")).to_have_value("Screenwell")
    expect(page.get_by_label("Fracture site")).to_have_value("hip")
    page.get_by_label("Mechanism").select_option("low")
    screenshot(page, "casefinding-prefilled-form")
    page.get_by_role("button", name="Save patient and fracture").click()
    expect(page.get_by_text("Fracture logged. It is in the triage list.")).to_be_visible()

    # Dismiss the other with a reason.
    page.get_by_role("link", name="My worklist").click()
    row = page.get_by_test_id("casefinding-suggestions").locator("tr", has_text="OLDBONE")
    row.get_by_test_id("dismiss-candidate").click()
    row.get_by_label("Reason").select_option("known")
    row.get_by_role("button", name="Dismiss suggestion").click()
    expect(page.get_by_text("Suggestion dismissed. The reason is recorded.")).to_be_visible()
    expect(page.get_by_test_id("casefinding-suggestions")).not_to_contain_text("OLDBONE")
    expect(page.get_by_test_id("triage-list")).to_contain_text("SCREENWELL, Hilda")
    screenshot(page, "casefinding-after-decisions")

    decisions = {d.report.accession: (d.decision, d.reason, d.by_id) for d in CandidateDecision.objects.select_related("report")}
    assert decisions == {"RAD001": ("confirmed", "", nurse_a.pk), "RAD002": ("dismissed", "known", nurse_a.pk)}
