"""The patient and episode pages: history, access log, edits that never overwrite someone else's
change, moves from the page, search, the triage list, and a fixed number of queries per page."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from patients import pathway
from patients.models import EpisodeState, PatientRecordAccess
from tests.factories import FractureEpisodeFactory, PatientFactory


@pytest.fixture
def episode(site_a, nurse_a):
    patient = PatientFactory(site=site_a, family_name="Hartley", given_name="Joan", local_id="N000777",
                             national_id="9434765919", date_of_birth=date(1944, 2, 29))
    return FractureEpisodeFactory(patient=patient, assigned_nurse=nurse_a)


def test_opening_a_record_is_logged_with_who_and_when(client, nurse_a, clinician_a, episode):
    client.force_login(nurse_a)
    client.get(reverse("patients:patient_detail", args=[episode.patient.pk]))
    client.force_login(clinician_a)
    client.get(reverse("patients:episode_detail", args=[episode.pk]))
    accesses = list(PatientRecordAccess.objects.order_by("viewed_at").values_list("user__username", "page"))
    assert accesses == [("nurse_a", "patient"), ("clinician_a", "episode")]
    page = client.get(reverse("patients:patient_detail", args=[episode.patient.pk])).content.decode()
    assert "nurse_a" in page or "Alice Nurse" in page


def test_the_episode_page_shows_the_timeline_and_change_history(client, nurse_a, clinician_a, episode):
    pathway.accept_for_assessment(episode, by=nurse_a, note="Seen on ward 7")
    client.force_login(clinician_a)
    edit = client.post(reverse("patients:episode_edit", args=[episode.pk]), {
        "episode-fracture_date": episode.fracture_date.isoformat(), "episode-fracture_site": "hip",
        "episode-side": "right", "episode-mechanism": "low",
        "episode-identified_on": episode.identified_on.isoformat(), "episode-source": "ward",
        "episode-assigned_nurse": nurse_a.pk, "episode-previous_fracture_count": "1",
        "episode-previous_fractures_note": "", "episode-version": episode.version,
    })
    assert edit.status_code == 302
    page = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()
    assert "Awaiting assessment" in page and "Seen on ward 7" in page
    history = page[page.index('data-testid="history"'):]
    assert "Chidi Clinician" in history
    assert "Left" in history and "Right" in history          # choice labels, not raw codes
    assert "Inpatient ward" in history


def test_an_edit_made_on_a_stale_form_is_refused_and_says_what_changed(client, nurse_a, clinician_a, episode):
    patient = episode.patient
    url = reverse("patients:patient_edit", args=[patient.pk])
    base = {
        "patient-local_id": patient.local_id, "patient-national_id": patient.national_id,
        "patient-family_name": patient.family_name, "patient-given_name": patient.given_name,
        "patient-date_of_birth": patient.date_of_birth.isoformat(), "patient-sex": "female",
        "patient-postcode": "", "patient-phone": "", "patient-residence": "own_home",
        "patient-gp_practice_name": "", "patient-gp_practice_code": "", "patient-gp_practice_contact": "",
        "patient-date_of_death": "", "patient-version": patient.version,
    }
    client.force_login(nurse_a)
    assert client.post(url, {**base, "patient-phone": "0113 000 0001"}).status_code == 302
    client.force_login(clinician_a)
    response = client.post(url, {**base, "patient-residence": "care_home"})   # built from the old version
    assert response.status_code == 200
    assert "Someone else changed this record while you were editing it (phone)" in response.content.decode()
    patient.refresh_from_db()
    assert (patient.phone, patient.residence) == ("0113 000 0001", "own_home")


def test_recording_a_date_of_death_closes_open_episodes_through_the_pathway(client, nurse_a, episode):
    patient = episode.patient
    client.force_login(nurse_a)
    client.post(reverse("patients:patient_edit", args=[patient.pk]), {
        "patient-local_id": patient.local_id, "patient-national_id": patient.national_id,
        "patient-family_name": patient.family_name, "patient-given_name": patient.given_name,
        "patient-date_of_birth": patient.date_of_birth.isoformat(), "patient-sex": "female",
        "patient-residence": "own_home", "patient-date_of_death": (date.today() - timedelta(days=1)).isoformat(),
        "patient-version": patient.version,
    })
    episode.refresh_from_db()
    assert episode.state == EpisodeState.DIED
    assert episode.events.last().transition == "record_death"


def test_a_move_from_the_episode_page_needs_its_reason(client, nurse_a, episode):
    client.force_login(nurse_a)
    url = reverse("patients:episode_transition", args=[episode.pk, "decline"])
    response = client.post(url, {"note": ""}, follow=True)
    assert "Patient declined needs a reason." in response.content.decode()
    client.post(url, {"note": "Does not want to take tablets"})
    episode.refresh_from_db()
    assert episode.state == EpisodeState.DECLINED


def test_an_illegal_move_from_a_stale_page_is_explained_not_an_error(client, nurse_a, episode):
    client.force_login(nurse_a)
    url = reverse("patients:episode_transition", args=[episode.pk, "accept_for_assessment"])
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "Cannot accept for assessment: the episode is awaiting assessment." in response.content.decode()


def test_a_move_only_redirects_back_inside_the_site(client, nurse_a, episode):
    client.force_login(nurse_a)
    response = client.post(
        reverse("patients:episode_transition", args=[episode.pk, "accept_for_assessment"]),
        {"next": "https://evil.example/phish"},
    )
    assert response.url == reverse("patients:episode_detail", args=[episode.pk])


@pytest.mark.parametrize("query", ["Hartley", "hart jo", "Joan HARTLEY", "N000777", "943 476 5919", "29/02/1944", "1944-02-29"])
def test_search_finds_a_patient_by_name_number_or_birth_date(client, nurse_a, episode, query):
    PatientFactory(site=episode.site, family_name="Other", given_name="Person", local_id="N000001",
                   date_of_birth=date(1950, 1, 1))
    client.force_login(nurse_a)
    page = client.get(reverse("patients:search"), {"q": query}).content.decode()
    assert "HARTLEY, Joan" in page
    assert "OTHER, Person" not in page


def test_search_never_finds_patients_of_another_site(client, nurse_b, episode):
    client.force_login(nurse_b)
    page = client.get(reverse("patients:search"), {"q": "Hartley"}).content.decode()
    assert "HARTLEY" not in page
    assert "No patient at your sites matches" in page


def test_the_triage_list_shows_newly_identified_episodes_oldest_first(client, nurse_a, site_a, site_b):
    old = FractureEpisodeFactory(patient=PatientFactory(site=site_a, family_name="Older"),
                                 identified_on=date.today() - timedelta(days=9), fracture_date=date.today() - timedelta(days=10))
    new = FractureEpisodeFactory(patient=PatientFactory(site=site_a, family_name="Newer"),
                                 identified_on=date.today() - timedelta(days=1), fracture_date=date.today() - timedelta(days=2))
    accepted = FractureEpisodeFactory(patient=PatientFactory(site=site_a, family_name="Accepted"))
    pathway.accept_for_assessment(accepted, by=None)
    FractureEpisodeFactory(patient=PatientFactory(site=site_b, family_name="Elsewhere"))
    client.force_login(nurse_a)
    page = client.get(reverse("patients:triage")).content.decode()
    table = page[page.index('data-testid="triage-list"'):]
    assert table.index("OLDER") < table.index("NEWER")
    assert "ACCEPTED" not in table and "ELSEWHERE" not in table
    assert old.pk and new.pk


def _episodes_at(site, n):
    for i in range(n):
        FractureEpisodeFactory(patient=PatientFactory(site=site), assigned_nurse=None)


@pytest.mark.parametrize("rows", [1, 12])
def test_the_triage_list_runs_a_fixed_number_of_queries(client, nurse_a, site_a, django_assert_num_queries, rows):
    _episodes_at(site_a, rows)
    client.force_login(nurse_a)
    # session, user, groups (nav), the sites (which gives their ids too), permissions (2), state counts, the
    # list, and the case-finding suggestions section (casefinding app; none pending here)
    with django_assert_num_queries(7):
        assert client.get(reverse("patients:triage")).status_code == 200


# Each round adds two events and two history rows with a person in them (the override).
@pytest.mark.parametrize("moves", [1, 4])
def test_the_episode_page_runs_a_fixed_number_of_queries(client, nurse_a, clinician_a, episode, django_assert_num_queries, moves):
    for i in range(moves):
        pathway.exclude(episode, by=nurse_a, reason=f"reason {i}")
        pathway.override_exclusion(episode, by=clinician_a, reason=f"override {i}")
    client.force_login(nurse_a)
    # The patient's site and identifier scheme come with the episode (the banner names the NHS number).
    with django_assert_num_queries(10):
        assert client.get(reverse("patients:episode_detail", args=[episode.pk])).status_code == 200


@pytest.mark.parametrize("episodes", [1, 5])
def test_the_patient_page_runs_a_fixed_number_of_queries(client, nurse_a, episode, django_assert_num_queries, episodes):
    for _ in range(episodes - 1):
        FractureEpisodeFactory(patient=episode.patient)
    client.force_login(nurse_a)
    with django_assert_num_queries(9):
        assert client.get(reverse("patients:patient_detail", args=[episode.patient.pk])).status_code == 200
