"""A user of another site gets 404 (never 403, never the record) for every patient page."""
import pytest
from django.urls import reverse

from patients.models import EpisodeState, PatientRecordAccess
from tests.factories import FractureEpisodeFactory, PatientFactory


@pytest.fixture
def north_episode(site_a):
    return FractureEpisodeFactory(patient=PatientFactory(site=site_a, family_name="Northerner"))


GET_PAGES = [
    ("patients:patient_detail", "patient"),
    ("patients:patient_edit", "patient"),
    ("patients:episode_new", "patient"),
    ("patients:episode_detail", "episode"),
    ("patients:episode_edit", "episode"),
]


@pytest.mark.parametrize("name, kind", GET_PAGES)
def test_another_sites_nurse_gets_404_for_each_page(client, nurse_a, nurse_b, north_episode, name, kind):
    pk = north_episode.patient.pk if kind == "patient" else north_episode.pk
    client.force_login(nurse_a)
    assert client.get(reverse(name, args=[pk])).status_code == 200
    client.force_login(nurse_b)
    response = client.get(reverse(name, args=[pk]))
    assert response.status_code == 404
    assert "NORTHERNER" not in response.content.decode().upper()


@pytest.mark.parametrize("name, args", [
    ("patients:episode_transition", ["accept_for_assessment"]),
    ("patients:episode_assign_to_me", []),
])
def test_another_sites_nurse_cannot_act_on_an_episode(client, nurse_b, north_episode, name, args):
    client.force_login(nurse_b)
    assert client.post(reverse(name, args=[north_episode.pk, *args])).status_code == 404
    north_episode.refresh_from_db()
    assert north_episode.state == EpisodeState.IDENTIFIED
    assert north_episode.assigned_nurse is None


def test_a_refused_view_is_not_logged_as_an_access(client, nurse_b, north_episode):
    client.force_login(nurse_b)
    client.get(reverse("patients:patient_detail", args=[north_episode.patient.pk]))
    assert not PatientRecordAccess.objects.exists()


def test_editing_cannot_move_a_patient_to_another_site(client, nurse_a, nurse_b, north_episode, site_b):
    patient = north_episode.patient
    client.force_login(nurse_a)
    client.post(reverse("patients:patient_edit", args=[patient.pk]), {
        "patient-site": site_b.pk, "patient-local_id": patient.local_id, "patient-family_name": "X",
        "patient-given_name": "Y", "patient-date_of_birth": patient.date_of_birth.isoformat(),
        "patient-sex": "female", "patient-residence": "own_home", "patient-version": patient.version,
    })
    patient.refresh_from_db()
    assert patient.site_id == north_episode.site_id


def test_a_nurse_cannot_be_assigned_to_another_sites_episode(client, nurse_a, nurse_b, north_episode):
    from django.core.exceptions import ValidationError

    from patients.services import episode_assign

    with pytest.raises(ValidationError, match="does not work at this episode's site"):
        episode_assign(episode=north_episode, nurse=nurse_b, by=nurse_a)
