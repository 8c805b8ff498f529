"""A hospital number that differs from an existing one only by spaces is the same number: it is normalised
(patients.identifiers.normalise_hospital_number) before the duplicate check, on the forms, in the services, the
import and case-finding, so the clash is reported beside the field, never an IntegrityError 500 (issue 14)."""
import pytest
from django.urls import reverse

from casefinding.intake import clean_report
from patients import services
from patients.identifiers import normalise_hospital_number
from patients.models import Patient
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

CLASH = "A patient with this hospital number already exists at this site."


def _form(patient, local_id):
    return {"patient-local_id": local_id, "patient-family_name": patient.family_name,
            "patient-given_name": patient.given_name, "patient-date_of_birth": patient.date_of_birth.isoformat(),
            "patient-sex": "female", "patient-residence": "own_home", "patient-version": patient.version}


@pytest.mark.parametrize("typed", ["H1  23", " H1 23 ", "H1\t23", "H1 \u00a023"])
def test_changing_a_hospital_number_to_an_existing_one_with_other_spaces_is_refused(client, nurse_a, site_a, typed):
    PatientFactory(site=site_a, local_id="H1 23")
    other = PatientFactory(site=site_a, local_id="H999")
    client.force_login(nurse_a)

    response = client.post(reverse("patients:patient_edit", args=[other.pk]), _form(other, typed))

    assert response.status_code == 200
    assert CLASH in response.content.decode()
    assert Patient.objects.get(pk=other.pk).local_id == "H999"


def test_the_service_refuses_it_too(site_a, nurse_a):
    PatientFactory(site=site_a, local_id="H1 23")
    other = PatientFactory(site=site_a, local_id="H999")
    with pytest.raises(services.DuplicatePatient):
        services.patient_update(patient=other, by=nurse_a, expected_version=other.version, local_id="H1   23")


def test_a_new_patient_with_the_number_spaced_differently_is_a_duplicate(site_a, nurse_a):
    PatientFactory(site=site_a, local_id="H1 23")
    with pytest.raises(services.DuplicatePatient):
        PatientFactory(site=site_a, local_id="  H1\t23 ")


def test_one_normaliser_for_forms_imports_and_case_finding():
    assert normalise_hospital_number("  H1\t\u00a023 ") == "H1 23"
    cells = {"accession": "A1", "local_id": " H1  23 ", "family_name": "Ann", "given_name": "B",
             "date_of_birth": "1940-01-02", "sex": "f", "exam_date": "2026-01-10", "report_text": "x"}
    assert clean_report(cells)["local_id"] == "H1 23"
