"""The bulk import writes the records entering each fracture by hand writes (patient_create, then
episode_create): the same patients and episodes, history rows, pathway events, exclusions and refracture
links, whether a row's patient is new, known already, or new earlier in the same file."""
import pytest

from patients import importing
from patients.importing import import_batch_create, import_batch_run
from patients.models import EpisodeEvent, FractureEpisode, Patient
from patients.services import episode_create, patient_create
from tests.factories import SiteFactory

from .csv_rows import csv_bytes, row


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)


# A patient known before the file; in the file: a new eligible patient, a new patient under 50, a
# high-trauma fracture, the known patient's new fracture, and a second, earlier and then later fracture of
# a patient first met in the file (the later one is a refracture of the earlier).
KNOWN = row(9, fracture_date="2023-02-01", identified_on="2023-02-02")
FILE = [
    row(1),
    row(2, date_of_birth="1980-01-01"),
    row(3, mechanism="high"),
    row(9, fracture_date="2024-05-01", fracture_site="wrist"),
    row(4, fracture_date="2023-01-10", identified_on="2023-01-11"),
    row(4, fracture_date="2024-03-01", identified_on="2024-03-02", fracture_site="vertebra", side="na"),
]


def by_hand(site, by, cells: dict):
    """What a nurse entering the row on the new-patient or new-fracture form makes."""
    patient = Patient.objects.filter(site=site, local_id=cells["local_id"]).first() or patient_create(
        site=site, by=by, confirm_possible_duplicate=True, local_id=cells["local_id"],
        national_id=cells["nhs_number"], family_name=cells["family_name"], given_name=cells["given_name"],
        date_of_birth=cells["date_of_birth"], sex=cells["sex"], postcode=cells["postcode"],
        gp_practice_code=cells["gp_practice_code"],
    )
    episode_create(patient=patient, by=by, fracture_date=cells["fracture_date"], side=cells["side"],
                   fracture_site=cells["fracture_site"], mechanism=cells["mechanism"],
                   identified_on=cells["identified_on"], source=cells["source"])


def records(site) -> list:
    """Everything recorded at the site, without ids and times."""
    described = []
    for patient in Patient.objects.filter(site=site).order_by("local_id"):
        described.append((
            patient.local_id, patient.created_by_id, patient.version,
            [(h.history_type, h.history_user_id, h.family_name) for h in patient.history.order_by("history_id")],
        ))
        for episode in patient.episodes.order_by("fracture_date"):
            described.append((
                episode.fracture_date, episode.state, episode.version, episode.excluded_reason,
                episode.created_by_id, episode.refracture_of.fracture_date if episode.refracture_of else None,
                [(h.history_type, h.history_user_id, h.state, h.excluded_reason, h.refracture_of_id is not None)
                 for h in episode.history.order_by("history_id")],
                [(e.transition, e.from_state, e.to_state, e.note, e.by_id) for e in episode.events.order_by("id")],
            ))
    return described


@pytest.mark.parametrize("chunk_rows", [1000, 2])  # the whole file in one chunk, and rows split across chunks
def test_the_bulk_import_records_what_entering_each_row_by_hand_records(nurse_a, site_a, monkeypatch, chunk_rows):
    monkeypatch.setattr(importing, "CHUNK_ROWS", chunk_rows)
    site_b = SiteFactory(code="bythehand", country="GB")
    nurse_a.memberships.create(site=site_b)
    by_hand(site_b, nurse_a, KNOWN)
    for cells in FILE:
        by_hand(site_b, nurse_a, cells)

    import_batch_run(import_batch_create(site=site_a, by=nurse_a, filename="known.csv", raw_bytes=csv_bytes([KNOWN])).pk)
    batch = import_batch_run(import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(FILE)).pk)

    assert (batch.imported, batch.duplicates, batch.rejected) == (6, 0, 0)
    assert records(site_a) == records(site_b)
    assert FractureEpisode.objects.filter(site=site_a, state="excluded").count() == 2
    assert EpisodeEvent.objects.filter(episode__site=site_a, transition="identify").count() == 7
