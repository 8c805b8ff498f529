"""Importing rows: good, bad, duplicate and hostile ones, each row whole or not at all."""
from datetime import date

import pytest
from django.db import IntegrityError, OperationalError

from patients import importing, services
from patients.importing import import_batch_create, import_batch_run
from patients.models import (
    EpisodeEvent,
    EpisodeState,
    FractureEpisode,
    FractureSite,
    ImportBatch,
    Mechanism,
    Patient,
    Sex,
    Side,
    Source,
)
from patients.tasks import run_import_batch
from tests.factories import FractureEpisodeFactory, PatientFactory

from .csv_rows import HOSTILE_CELLS, csv_bytes, csv_text, invalid_nhs_number, nhs_number, row, rows


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)


def run(site, by, body, **options) -> ImportBatch:
    batch = import_batch_create(site=site, by=by, filename="ed-list.csv", raw_bytes=csv_bytes(body, **options))
    return import_batch_run(batch.pk)


def counts(batch):
    return {"rows": batch.rows_total, "imported": batch.imported, "duplicates": batch.duplicates,
            "rejected": batch.rejected}


def database_totals():
    return (Patient.objects.count(), FractureEpisode.objects.count(), EpisodeEvent.objects.count(),
            Patient.history.count(), FractureEpisode.history.count())


# --- Good rows ----------------------------------------------------------------------------------


def test_it_imports_good_rows(site_a, nurse_a):
    batch = run(site_a, nurse_a, rows(3))
    assert batch.status == ImportBatch.Status.DONE
    assert counts(batch) == {"rows": 3, "imported": 3, "duplicates": 0, "rejected": 0}
    assert (batch.rows_done, batch.problems) == (3, [])
    assert batch.finished_at is not None
    patient = Patient.objects.get(local_id="T000001")
    assert (patient.site, patient.created_by, patient.national_id) == (site_a, nurse_a, nhs_number(1))
    assert (patient.family_name, patient.given_name) == ("Testfamily1", "Alex")
    assert patient.date_of_birth == date(1950, 3, 14)
    assert (patient.sex, patient.postcode, patient.gp_practice_code) == (Sex.FEMALE, "ZZ99 3VZ", "Y99999")
    episode = patient.episodes.get()
    assert (episode.site, episode.created_by, episode.state) == (site_a, nurse_a, EpisodeState.IDENTIFIED)
    assert (episode.fracture_date, episode.identified_on) == (date(2024, 5, 1), date(2024, 5, 2))
    assert (episode.fracture_site, episode.side, episode.mechanism, episode.source) == (
        FractureSite.HIP, Side.LEFT, Mechanism.LOW_TRAUMA, Source.ED)
    assert episode.events.get().by == nurse_a


@pytest.mark.parametrize("column, cell, stored", [
    ("fracture_site", "Hip", FractureSite.HIP),
    ("fracture_site", "distal radius", FractureSite.WRIST),
    ("fracture_site", "WRIST", FractureSite.WRIST),
    ("fracture_site", "Wrist / distal radius", FractureSite.WRIST),
    ("fracture_site", "Vertebra (spine)", FractureSite.VERTEBRA),
    ("fracture_site", "spine", FractureSite.VERTEBRA),
    ("fracture_site", "Proximal humerus", FractureSite.HUMERUS),
    ("sex", "Female", Sex.FEMALE),
    ("sex", "M", Sex.MALE),
    ("sex", "not known", Sex.UNKNOWN),
    ("side", "Right", Side.RIGHT),
    ("side", "Not applicable (midline)", Side.NOT_APPLICABLE),
    ("side", "", Side.UNKNOWN),
    ("mechanism", "Low trauma (fall from standing height or less)", Mechanism.LOW_TRAUMA),
    ("mechanism", "Unknown", Mechanism.UNKNOWN),
    ("source", "Emergency department", Source.ED),
    ("source", "Fracture clinic", Source.FRACTURE_CLINIC),
    ("source", "fracture_clinic", Source.FRACTURE_CLINIC),
    ("source", "Radiology report", Source.RADIOLOGY),
])
def test_choices_are_read_from_their_values_and_labels(site_a, nurse_a, column, cell, stored):
    batch = run(site_a, nurse_a, [row(1, **{column: cell})])
    assert batch.imported == 1, batch.problems
    owner = Patient.objects.get() if column == "sex" else FractureEpisode.objects.get()
    assert getattr(owner, column) == stored


def test_dates_may_be_written_the_uk_way(site_a, nurse_a):
    uk_dates = row(1, date_of_birth="14/03/1950", fracture_date="1/5/2024", identified_on="02/05/2024")
    batch = run(site_a, nurse_a, [uk_dates])
    assert batch.imported == 1, batch.problems
    episode = FractureEpisode.objects.select_related("patient").get()
    assert (episode.patient.date_of_birth, episode.fracture_date, episode.identified_on) == (
        date(1950, 3, 14), date(2024, 5, 1), date(2024, 5, 2))


def test_spaces_in_an_nhs_number_and_a_lower_case_postcode_are_tidied(site_a, nurse_a):
    number = nhs_number(1)
    run(site_a, nurse_a, [row(1, nhs_number=f"{number[:3]} {number[3:6]} {number[6:]}", postcode="zz993vz")])
    patient = Patient.objects.get()
    assert (patient.national_id, patient.postcode) == (number, "ZZ99 3VZ")


# --- Bad rows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("column, cell, message", [
    ("date_of_birth", "1950-14-03", "“1950-14-03” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
    ("fracture_date", "31/02/2024", "“31/02/2024” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
    ("identified_on", "2024-06-31", "“2024-06-31” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."),
    ("identified_on", "2025-06-02", "The identification date cannot be in the future."),
    ("fracture_site", "kneecap",
     "“kneecap” is not a known fracture site: use one of hip, vertebra, wrist, humerus, pelvis, ankle, other."),
    ("side", "up", "“up” is not a known side: use one of left, right, bilateral, na, unknown."),
    ("mechanism", "car crash", "“car crash” is not a known mechanism: use one of low, high, unknown."),
    ("source", "pigeon",
     "“pigeon” is not a known source: use one of ed, ward, fracture_clinic, radiology, primary_care, other."),
    ("sex", "x", "“x” is not a known sex: use one of female, male, other, unknown."),
    ("nhs_number", invalid_nhs_number(1), "This is not a valid NHS number: its check digit does not match."),
    ("nhs_number", "12345", "This is not a valid NHS number: it should look like 943 476 5919."),
    ("postcode", "NOWHERE", "Enter a UK postcode such as SW1A 1AA."),
    ("local_id", "", "This value is required."),
    ("family_name", "   ", "This value is required."),
    ("date_of_birth", "", "This value is required."),
    ("sex", "", "This value is required (use “unknown” if it is not known)."),
    ("mechanism", "", "This value is required (use “unknown” if it is not known)."),
    ("local_id", "H" * 31, "Ensure this value has at most 30 characters (it has 31)."),
    ("date_of_birth", "1899-12-31", "Check the date of birth: that would make the patient over 120."),
])
def test_a_bad_cell_is_reported_with_its_row_column_and_reason(site_a, nurse_a, column, cell, message):
    batch = run(site_a, nurse_a, [row(1, **{column: cell})])
    assert counts(batch) == {"rows": 1, "imported": 0, "duplicates": 0, "rejected": 1}
    assert batch.problems == [{"row": 2, "column": column, "message": message}]
    assert database_totals() == (0, 0, 0, 0, 0)


def test_a_future_fracture_date_is_reported(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1, fracture_date="2025-06-02", identified_on="2025-06-01")])
    future = {"row": 2, "column": "fracture_date", "message": "The fracture date cannot be in the future."}
    assert future in batch.problems
    assert not Patient.objects.exists()


def test_a_fracture_before_birth_is_reported(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1, date_of_birth="2024-06-01")])
    assert batch.problems == [
        {"row": 2, "column": "fracture_date", "message": "The fracture date is before the patient's date of birth."},
    ]


def test_a_row_with_two_bad_cells_reports_both(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1, date_of_birth="31/02/1950", fracture_site="kneecap")])
    assert batch.rejected == 1
    assert [(p["row"], p["column"]) for p in batch.problems] == [(2, "date_of_birth"), (2, "fracture_site")]


def test_a_row_with_every_required_cell_empty_reports_each(site_a, nurse_a):
    empty = dict.fromkeys(importing.REQUIRED_COLUMNS, "")
    batch = run(site_a, nurse_a, [row(1, **empty)])
    assert [p["column"] for p in batch.problems] == list(importing.REQUIRED_COLUMNS)


def test_bad_rows_do_not_stop_the_good_ones_and_keep_their_spreadsheet_numbers(site_a, nurse_a):
    body = [row(1), row(2, sex="?"), row(3), row(4, fracture_date="yesterday"), row(5)]
    batch = run(site_a, nurse_a, body)
    assert counts(batch) == {"rows": 5, "imported": 3, "duplicates": 0, "rejected": 2}
    assert [(p["row"], p["column"]) for p in batch.problems] == [(3, "sex"), (5, "fracture_date")]
    assert sorted(Patient.objects.values_list("local_id", flat=True)) == ["T000001", "T000003", "T000005"]


def test_a_row_with_more_cells_than_the_header_is_rejected(site_a, nurse_a):
    unquoted_comma = csv_text([row(2, family_name="Smith, Jones")], with_header=False).replace('"', "")
    text = csv_text([row(1)]) + unquoted_comma
    batch = import_batch_run(import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=text.encode()).pk)
    assert (batch.imported, batch.rejected) == (1, 1)
    assert batch.problems[0]["row"] == 3
    assert batch.problems[0]["message"].startswith("This row has 15 cells but the header has 14")


# --- Matching patients and episodes -------------------------------------------------------------


def test_a_repeated_row_in_one_file_is_imported_once(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1), row(2), row(1)])
    assert counts(batch) == {"rows": 3, "imported": 2, "duplicates": 1, "rejected": 0}
    assert FractureEpisode.objects.count() == 2


def test_importing_the_same_file_twice_creates_nothing_new(site_a, nurse_a):
    body = rows(4) + [row(5, mechanism="high")]
    first = run(site_a, nurse_a, body)
    assert first.imported == 5
    before = database_totals()
    second = run(site_a, nurse_a, body)
    assert counts(second) == {"rows": 5, "imported": 0, "duplicates": 5, "rejected": 0}
    assert database_totals() == before


def test_a_duplicate_is_matched_on_fracture_date_site_and_side(site_a, nurse_a):
    run(site_a, nurse_a, [row(1)])
    batch = run(site_a, nurse_a, [row(1, side="right"), row(1, fracture_site="wrist"), row(1, source="radiology")])
    # Same fracture from a second source is the same fracture; the other side or site is a new one.
    assert counts(batch) == {"rows": 3, "imported": 2, "duplicates": 1, "rejected": 0}


def test_a_new_fracture_for_a_known_patient_joins_that_patient_as_a_refracture(site_a, nurse_a):
    patient = PatientFactory(
        site=site_a, local_id="T000001", family_name="Testfamily1", date_of_birth=date(1950, 3, 14)
    )
    earlier = FractureEpisodeFactory(patient=patient, fracture_date=date(2023, 1, 10), fracture_site=FractureSite.WRIST)
    batch = run(site_a, nurse_a, [row(1, family_name="TESTFAMILY1 ")])
    assert (batch.imported, Patient.objects.count()) == (1, 1)
    new = patient.episodes.exclude(pk=earlier.pk).get()
    assert new.refracture_of == earlier
    # The existing record is not changed by the list's (possibly older) details.
    patient.refresh_from_db()
    assert (patient.national_id, patient.version) == ("", 1)


@pytest.mark.parametrize("column, cell, differs", [
    ("date_of_birth", "1951-03-14", "date of birth"),
    ("family_name", "Otherfamily", "family name"),
    ("nhs_number", nhs_number(7), "NHS number"),
])
def test_a_hospital_number_already_used_by_someone_else_is_rejected(site_a, nurse_a, column, cell, differs):
    message = f"Hospital number T000001 is already used by a patient with a different {differs}."
    run(site_a, nurse_a, [row(1)])
    before = database_totals()
    batch = run(site_a, nurse_a, [row(1, fracture_date="2024-05-20", identified_on="2024-05-20", **{column: cell})])
    assert batch.problems == [{"row": 2, "column": column, "message": message}]
    assert database_totals() == before


def test_an_nhs_number_already_recorded_under_another_hospital_number_is_rejected(site_a, nurse_a):
    run(site_a, nurse_a, [row(1)])
    batch = run(site_a, nurse_a, [row(2, nhs_number=nhs_number(1))])
    assert batch.problems == [{
        "row": 2, "column": "nhs_number",
        "message": "This NHS number is already recorded for a patient with a different hospital number.",
    }]


def test_the_same_name_and_birth_date_under_a_new_hospital_number_is_imported(site_a, nurse_a):
    run(site_a, nurse_a, [row(1)])
    batch = run(site_a, nurse_a, [row(2, family_name="Testfamily1", nhs_number="")])
    assert batch.imported == 1
    assert Patient.objects.filter(family_name="Testfamily1").count() == 2


def test_hospital_numbers_are_per_site(site_a, site_b, nurse_a, nurse_b):
    run(site_a, nurse_a, [row(1)])
    batch = run(site_b, nurse_b, [row(1, date_of_birth="1960-01-01", nhs_number="")])
    assert batch.imported == 1
    assert Patient.objects.get(site=site_b).date_of_birth == date(1960, 1, 1)


def test_ineligible_rows_are_imported_but_excluded_with_the_reason(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1, date_of_birth="1980-01-01"), row(2, mechanism="high trauma"), row(3)])
    assert batch.imported == 3
    young, high, eligible = (FractureEpisode.objects.get(patient__local_id=f"T00000{n}") for n in (1, 2, 3))
    assert young.state == high.state == EpisodeState.EXCLUDED
    assert young.excluded_reason.startswith("Aged 44 at the fracture")
    assert high.excluded_reason.startswith("High-trauma mechanism")
    assert eligible.state == EpisodeState.IDENTIFIED


# --- Hostile rows -------------------------------------------------------------------------------


def test_formula_looking_cells_are_stored_exactly_as_given(site_a, nurse_a):
    body = [row(n, family_name=cell, given_name=cell[:30], gp_practice_code=cell[:20])
            for n, cell in enumerate(HOSTILE_CELLS, start=1)]
    batch = run(site_a, nurse_a, body)
    assert batch.imported == len(HOSTILE_CELLS), batch.problems
    for n, cell in enumerate(HOSTILE_CELLS, start=1):
        patient = Patient.objects.get(local_id=f"T{n:06d}")
        assert (patient.family_name, patient.given_name, patient.gp_practice_code) == (cell, cell[:30], cell[:20])


def test_a_very_long_value_is_rejected_without_being_echoed(site_a, nurse_a):
    batch = run(site_a, nurse_a, [row(1, family_name="A" * 5000, fracture_site="B" * 5000)])
    by_column = {p["column"]: p["message"] for p in batch.problems}
    assert by_column["family_name"] == "Ensure this value has at most 100 characters (it has 5000)."
    assert by_column["fracture_site"].startswith("“" + "B" * 40 + "…” is not a known fracture site")
    assert all(len(p["message"]) < 200 for p in batch.problems)


def test_markup_in_a_name_is_stored_as_text(site_a, nurse_a):
    run(site_a, nurse_a, [row(1, given_name="<script>alert(1)</script>")])
    assert Patient.objects.get().given_name == "<script>alert(1)</script>"


def test_a_row_that_fails_while_saving_leaves_nothing_half_saved(site_a, nurse_a, monkeypatch):
    real_fractures_import = services.fractures_import

    def fractures_import_failing_for_row_3(*, patients, episodes, by):
        real_fractures_import(patients=patients, episodes=episodes, by=by)  # patients, episodes, events written…
        if any(patient.local_id == "T000002" for patient in patients):
            raise IntegrityError("simulated failure after the episode was saved")  # …then it fails

    monkeypatch.setattr(importing, "fractures_import", fractures_import_failing_for_row_3)
    batch = run(site_a, nurse_a, rows(3))
    assert counts(batch) == {"rows": 3, "imported": 2, "duplicates": 0, "rejected": 1}
    assert batch.problems == [{"row": 3, "column": "",
                               "message": "This row could not be saved: the database refused it. Check its values."}]
    assert not Patient.objects.filter(local_id="T000002").exists()
    assert not Patient.history.filter(local_id="T000002").exists()
    assert FractureEpisode.objects.count() == EpisodeEvent.objects.count() == 2


def test_an_unexpected_error_rejects_the_row_and_is_logged_without_identifiers(site_a, nurse_a, monkeypatch, caplog):
    def explode(*, patients, **fields):
        raise RuntimeError(f"boom {patients[0].local_id}")

    monkeypatch.setattr(importing, "fractures_import", explode)
    batch = run(site_a, nurse_a, [row(1)])
    assert batch.problems[0]["message"].startswith("This row could not be saved because of an unexpected error")
    assert "row 2 failed: RuntimeError" in caplog.text
    assert "T000001" not in caplog.text and "Testfamily1" not in caplog.text


# --- Running, resuming and progress -------------------------------------------------------------


def test_progress_is_committed_every_chunk(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    seen = []
    real_import_rows = importing.import_rows

    def recording_import_rows(batch, table, rows):
        seen.append(ImportBatch.objects.values_list("rows_done", "imported", "chunks_done").get(pk=batch.pk))
        return real_import_rows(batch, table, rows)

    monkeypatch.setattr(importing, "import_rows", recording_import_rows)
    batch = run(site_a, nurse_a, rows(5))
    assert seen == [(0, 0, 0), (2, 2, 1), (4, 4, 2)]
    assert (batch.rows_done, batch.imported, batch.chunks_done, batch.chunks_total) == (5, 5, 3, 3)


def test_problems_of_every_chunk_are_kept_in_row_order(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    batch = run(site_a, nurse_a, [row(n, sex="?", fracture_site="?") for n in range(1, 6)])
    assert [(p["row"], p["column"]) for p in batch.problems] == [
        (n, column) for n in range(2, 7) for column in ("sex", "fracture_site")
    ]


def test_a_run_that_dies_mid_file_resumes_where_it_stopped(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 2)
    real_import_rows = importing.import_rows

    def database_lost_at_row_5(batch, table, rows):
        counts_and_problems = real_import_rows(batch, table, rows)  # rows 4 and 5 are written…
        if any(row_number == 5 for row_number, _ in rows):
            raise OperationalError("server closed the connection unexpectedly")  # …then the connection goes
        return counts_and_problems

    monkeypatch.setattr(importing, "import_rows", database_lost_at_row_5)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(5)))
    with pytest.raises(OperationalError):
        import_batch_run(batch.pk)
    batch.refresh_from_db()
    # The first chunk (rows 2 and 3) is committed; the second (rows 4 and 5) rolled back whole.
    assert (batch.status, batch.rows_done, batch.imported) == (ImportBatch.Status.RUNNING, 2, 2)
    assert sorted(Patient.objects.values_list("local_id", flat=True)) == ["T000001", "T000002"]

    monkeypatch.setattr(importing, "import_rows", real_import_rows)
    batch = import_batch_run(batch.pk)
    assert batch.status == ImportBatch.Status.DONE
    assert counts(batch) == {"rows": 5, "imported": 5, "duplicates": 0, "rejected": 0}


def test_running_a_finished_batch_again_changes_nothing(site_a, nurse_a):
    batch = run(site_a, nurse_a, rows(2) + [row(3, sex="?")])
    before = (database_totals(), counts(batch), batch.problems)
    again = import_batch_run(batch.pk)
    assert (database_totals(), counts(again), again.problems) == before


def test_a_batch_whose_stored_text_cannot_be_read_fails_with_the_reason(site_a, nurse_a):
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(1)))
    ImportBatch.objects.filter(pk=batch.pk).update(header=["nonsense"])
    batch = import_batch_run(batch.pk)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure.startswith("The first row must name the columns; these are missing: local_id,")


def test_the_task_runs_the_import_and_retries_when_the_database_is_away(site_a, nurse_a):
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    assert run_import_batch.apply(args=[batch.pk, batch.lease_token]).get() == "done"
    batch.refresh_from_db()
    assert counts(batch) == {"rows": 2, "imported": 2, "duplicates": 0, "rejected": 0}
    assert OperationalError in run_import_batch.autoretry_for
    assert run_import_batch.acks_late is True
