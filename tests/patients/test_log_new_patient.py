"""Logging a new patient and fracture from the browser form: errors beside fields, nothing
half-saved, duplicates refused or confirmed, ineligible fractures excluded with the reason."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from patients.models import EpisodeState, FractureEpisode, Patient
from tests.factories import FractureEpisodeFactory, PatientFactory

URL = reverse("patients:patient_new")


def form_data(**overrides):
    data = {
        "patient-local_id": "N123456",
        "patient-national_id": "943 476 5919",
        "patient-family_name": "Example",
        "patient-given_name": "Edith",
        "patient-date_of_birth": "1948-05-17",
        "patient-sex": "female",
        "patient-postcode": "ls1 4ap",
        "patient-phone": "0113 496 0000",
        "patient-residence": "own_home",
        "patient-gp_practice_name": "Park Surgery",
        "patient-gp_practice_code": "B86001",
        "patient-gp_practice_contact": "",
        "episode-fracture_date": (date.today() - timedelta(days=5)).isoformat(),
        "episode-fracture_site": "hip",
        "episode-side": "left",
        "episode-mechanism": "low",
        "episode-identified_on": (date.today() - timedelta(days=2)).isoformat(),
        "episode-source": "ed",
        "episode-assigned_nurse": "",
        "episode-previous_fracture_count": "0",
        "episode-previous_fractures_note": "",
    }
    data.update(overrides)
    return data


def _field_error(response, field, message):
    """The message is rendered inside the field's own invalid-feedback block."""
    html = response.content.decode()
    anchor = html.index(f'id="id_{field}"')
    feedback = html.index("invalid-feedback", anchor)
    return message in html[feedback: feedback + 400]


def test_a_nurse_logs_a_patient_and_fracture(client, nurse_a, site_a):
    client.force_login(nurse_a)
    response = client.post(URL, form_data())
    episode = FractureEpisode.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("patients:episode_detail", args=[episode.pk])
    assert episode.state == EpisodeState.IDENTIFIED
    assert episode.site == site_a
    patient = episode.patient
    assert (patient.national_id, patient.postcode, patient.created_by) == ("9434765919", "LS1 4AP", nurse_a)
    assert episode.events.get().by == nurse_a


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("patient-national_id", "9434765918", "This is not a valid NHS number: its check digit does not match."),
        ("patient-national_id", "12345", "This is not a valid NHS number: it should look like 943 476 5919."),
        ("patient-date_of_birth", "2999-01-01", "The date of birth cannot be in the future."),
        ("patient-postcode", "12345", "Enter a UK postcode such as SW1A 1AA."),
        ("patient-family_name", "", "This field is required."),
        ("episode-fracture_date", "2999-01-01", "The fracture date cannot be in the future."),
        ("episode-fracture_date", "1940-01-01", "The fracture date is before the patient&#x27;s date of birth."),
        ("episode-identified_on", "2000-01-01", "A fracture cannot be identified before the date it happened."),
        ("episode-fracture_site", "kneecap", "Select a valid choice."),
        ("episode-previous_fracture_count", "-1", "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(client, nurse_a, field, value, message):
    client.force_login(nurse_a)
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert _field_error(response, field, message)
    assert not Patient.objects.exists()
    assert not FractureEpisode.objects.exists()


def test_an_invalid_fracture_never_leaves_a_half_saved_patient(client, nurse_a):
    client.force_login(nurse_a)
    client.post(URL, form_data(**{"episode-mechanism": ""}))
    assert Patient.objects.count() == 0


def test_the_same_hospital_number_is_refused_with_a_link_to_the_existing_patient(client, nurse_a, site_a):
    existing = PatientFactory(site=site_a, local_id="N123456")
    client.force_login(nurse_a)
    response = client.post(URL, form_data())
    assert response.status_code == 200
    assert _field_error(response, "patient-local_id", "A patient with this hospital number already exists at this site.")
    assert reverse("patients:patient_detail", args=[existing.pk]) in response.content.decode()
    assert Patient.objects.count() == 1


def test_the_same_hospital_number_at_another_site_is_a_different_patient(client, nurse_a, site_b):
    PatientFactory(site=site_b, local_id="N123456")
    client.force_login(nurse_a)
    assert client.post(URL, form_data()).status_code == 302
    assert Patient.objects.count() == 2


def test_the_same_name_and_birth_date_asks_for_confirmation(client, nurse_a, site_a):
    PatientFactory(site=site_a, local_id="OTHER1", family_name="Example", given_name="Edith",
                   date_of_birth=date(1948, 5, 17))
    client.force_login(nurse_a)
    response = client.post(URL, form_data())
    assert response.status_code == 200
    assert "Is this the same person?" in response.content.decode()
    assert Patient.objects.count() == 1
    confirmed = client.post(URL, form_data(confirm_duplicate="1"))
    assert confirmed.status_code == 302
    assert Patient.objects.count() == 2


def test_an_ineligible_fracture_is_logged_but_excluded_with_the_reason_shown(client, nurse_a):
    client.force_login(nurse_a)
    response = client.post(URL, form_data(**{"episode-mechanism": "high"}), follow=True)
    episode = FractureEpisode.objects.get()
    assert episode.state == EpisodeState.EXCLUDED
    assert "High-trauma mechanism" in episode.excluded_reason
    page = response.content.decode()
    assert "Fracture logged but excluded" in page
    assert "High-trauma mechanism" in page


def test_a_patient_under_fifty_is_excluded_by_age(client, nurse_a):
    client.force_login(nurse_a)
    dob = date.today().replace(year=date.today().year - 45) - timedelta(days=30)
    client.post(URL, form_data(**{"patient-date_of_birth": dob.isoformat()}))
    assert FractureEpisode.objects.get().excluded_reason.startswith("Aged 45 at the fracture")


def test_a_new_fracture_for_a_known_patient_is_a_linked_refracture(client, nurse_a, site_a):
    patient = PatientFactory(site=site_a)
    first = FractureEpisodeFactory(patient=patient, fracture_date=date.today() - timedelta(days=400),
                                   identified_on=date.today() - timedelta(days=399))
    client.force_login(nurse_a)
    data = {k.replace("episode-", "episode-"): v for k, v in form_data().items() if k.startswith("episode-")}
    response = client.post(reverse("patients:episode_new", args=[patient.pk]), data, follow=True)
    second = FractureEpisode.objects.exclude(pk=first.pk).get()
    assert second.refracture_of == first
    assert second.is_refracture
    page = response.content.decode()
    assert "logged as a refracture" in page
    assert reverse("patients:episode_detail", args=[first.pk]) in page


def test_clinicians_may_log_patients_but_managers_may_not(client, clinician_a, manager_a):
    client.force_login(clinician_a)
    assert client.get(URL).status_code == 200
    client.force_login(manager_a)
    assert client.get(URL).status_code == 403
