"""Clinical dates have plausible bounds (fls.dates): no birth before 1900, no fracture, scan, blood result,
contact or letter before 1980 or in the future, and a date outside any period the service holds in a query
string gets a message, never a 500 (issue 14: ?to=0001-01-01 was an OverflowError, and a blood result dated
0001-01-01 was accepted)."""
from datetime import date

import pytest
from django.urls import reverse

from assessments.models import BloodResult
from casefinding.intake import report_batch_from_file
from patients.importing import import_batch_create, import_batch_run
from patients.models import Patient
from tests.patients.csv_rows import csv_bytes, row
from tests.worklists.builders import episode_at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["to=0001-01-01", "from=0001-01-01", "to=9999-12-31", "from=2026-02-30"])
def test_an_export_for_an_impossible_period_is_refused_with_a_message(client, manager_a, query):
    client.force_login(manager_a)
    for name in ("audit:dataset_csv", "audit:kpi_csv", "audit:outcome_csv"):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 400
        assert "date" in response.content.decode()


def test_the_dashboard_for_an_impossible_period_says_so_and_shows_the_last_year(client, manager_a):
    client.force_login(manager_a)
    response = client.get(reverse("audit:dashboard") + "?to=0001-01-01")
    assert response.status_code == 200
    assert "0001-01-01 is outside the dates the service holds" in response.content.decode()


def test_a_worklist_filter_with_an_impossible_date_is_left_out_with_a_message(client, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse") + "?from=0001-01-01")
    assert response.status_code == 200
    assert "0001-01-01 is outside the dates the service holds" in response.content.decode()


@pytest.mark.parametrize("taken_on, message", [
    ("0001-01-01", "Enter a date on or after 1 Jan 1980."),
    ("9999-12-31", "This date cannot be in the future."),
])
def test_a_blood_result_with_an_impossible_date_is_refused_beside_the_field(client, nurse_a, site_a, taken_on,
                                                                            message):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:blood_result_add", args=[episode.pk]), {
        "test": "calcium", "taken_on": taken_on, "value": "2.4", "unit": "mmol/L"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BloodResult.objects.exists()


def test_a_birth_before_1900_is_refused(client, nurse_a, site_a):
    patient = episode_at(site_a).patient
    client.force_login(nurse_a)
    response = client.post(reverse("patients:patient_edit", args=[patient.pk]), {
        "patient-local_id": patient.local_id, "patient-family_name": "Old", "patient-given_name": "Ann",
        "patient-date_of_birth": "1899-12-31", "patient-sex": "female", "patient-residence": "own_home",
        "patient-version": patient.version})
    assert "Check the date of birth: that would make the patient over 120." in response.content.decode()
    assert Patient.objects.get(pk=patient.pk).date_of_birth == patient.date_of_birth


def test_an_imported_fracture_dated_0001_is_a_row_problem(site_a, nurse_a):
    batch = import_batch_create(site=site_a, by=nurse_a, filename="ed.csv",
                                raw_bytes=csv_bytes([row(1, fracture_date="0001-01-01")]))
    batch = import_batch_run(batch.pk)
    assert batch.rejected == 1
    assert {"row": 2, "column": "fracture_date", "message": "Enter a date on or after 1 Jan 1980."} in batch.problems


def test_a_radiology_report_dated_0001_is_a_row_problem(site_a, nurse_a):
    raw = ("accession,local_id,family_name,given_name,date_of_birth,sex,exam_date,modality,body_part,report_text\n"
           "ACC-1,H1,Old,Ann,1940-01-02,female,0001-01-01,XR,wrist,Fracture of the radius.\n").encode()
    batch = report_batch_from_file(site=site_a, by=nurse_a, filename="r.csv", raw_bytes=raw).batch
    assert batch.problems == [{"row": 2, "column": "exam_date", "message": "Enter a date on or after 1 Jan 1980."}]


def test_todays_and_recent_dates_are_plausible(site_a, nurse_a):
    from fls.dates import PlausibleDate

    PlausibleDate()(date(1980, 1, 1))
    PlausibleDate("birth")(date(1900, 1, 1))
