"""A manager opens the access report from the menu, narrows it to one nurse and a few days, finds one patient by
hospital number, and downloads the CSV, which is then logged as an export of that patient."""
import csv
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patients.models import PatientRecordAccess
from patients.services import patient_record_viewed
from tests.factories import PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seen(patient, user, *, days_ago, page="patient", kind="view"):
    patient_record_viewed(patient=patient, by=user, page=page, kind=kind)
    access = PatientRecordAccess.objects.order_by("-id").first()
    PatientRecordAccess.objects.filter(pk=access.pk).update(viewed_at=timezone.now() - timedelta(days=days_ago))


def test_a_manager_filters_by_nurse_and_dates_finds_a_patient_and_downloads_the_csv(
    page, live_server, login_as, screenshot, manager_a, nurse_a, clinician_a, nurse_b, site_a, site_b
):
    ada = PatientFactory(site=site_a, local_id="N100", family_name="Lovelace", given_name="Ada")
    bea = PatientFactory(site=site_a, local_id="N200", family_name="Brown", given_name="Bea")
    south = PatientFactory(site=site_b, local_id="S100", family_name="Southby", given_name="Cai")
    seen(ada, nurse_a, days_ago=2)
    seen(ada, nurse_a, days_ago=3, page="letter", kind="letter")
    seen(bea, nurse_a, days_ago=4)
    seen(bea, nurse_a, days_ago=40)  # outside the dates chosen
    seen(ada, clinician_a, days_ago=1)  # another person
    seen(south, nurse_b, days_ago=1)  # another site
    today = timezone.localdate()

    login_as(page, live_server, manager_a)
    page.get_by_test_id("nav-access-report").click()
    expect(page.get_by_test_id("home-heading")).to_have_text("Access report")
    # It opens on the last 30 days: the access 40 days ago is not counted.
    expect(page.get_by_test_id("access-total")).to_have_text("4")
    expect(page.get_by_text("Southby")).to_have_count(0)

    page.get_by_label("Who", exact=True).select_option(label="Alice Nurse (nurse_a)")
    page.get_by_label("From", exact=True).fill((today - timedelta(days=7)).isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_test_id("access-filter-apply").click()
    expect(page.get_by_test_id("access-total")).to_have_text("3")
    expect(page.get_by_test_id("access-row")).to_have_count(3)
    expect(page.get_by_test_id("access-row").first).to_contain_text("LOVELACE, Ada")
    expect(page.get_by_test_id("access-row").nth(1)).to_contain_text("Letter opened")

    # The hospital number is posted; the address carries the patient's internal id only.
    page.get_by_label("Patient's hospital number or NHS number").fill(" n100 ")
    page.get_by_test_id("access-patient-find").click()
    expect(page.get_by_test_id("access-patient")).to_contain_text("LOVELACE, Ada")
    assert "N100" not in page.url.upper() and f"patient={ada.pk}" in page.url
    expect(page.get_by_test_id("access-total")).to_have_text("2")
    expect(page.get_by_label("Who", exact=True)).to_have_value(str(nurse_a.pk))  # the other filters kept
    screenshot(page, "access-report-filtered")

    with page.expect_download() as download_info:
        page.get_by_test_id("access-csv").click()
    download = download_info.value
    assert download.suggested_filename == f"fls-access-report-{today.isoformat()}.csv"
    with open(download.path(), newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["username"], row["hospital_number"], row["kind"]) for row in rows] == [
        ("nurse_a", "N100", "Viewed"), ("nurse_a", "N100", "Letter opened"),
    ]
    # The download is itself logged: an export of Ada's record by the manager.
    assert list(PatientRecordAccess.objects.filter(user=manager_a).values_list("patient_id", "kind", "page")) == [
        (ada.pk, "export", "access report"),
    ]

    # Bad dates get a message beside the field, never an error page.
    page.get_by_label("From", exact=True).fill("1999-12-31")
    page.get_by_test_id("access-filter-apply").click()
    expect(page.get_by_text("Enter a date between 1 Jan 2000 and today.")).to_be_visible()
    expect(page.get_by_test_id("access-filter-invalid")).to_be_visible()
    screenshot(page, "access-report-bad-dates")
