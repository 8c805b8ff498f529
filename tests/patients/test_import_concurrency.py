"""Imports running at the same moment (a redelivered task, a list uploaded twice) never double up."""
import threading

import pytest
from django.db import connection, connections, transaction

from patients import importing
from patients.importing import import_batch_create, import_batch_run
from patients.models import FractureEpisode, ImportBatch, Patient

from .csv_rows import csv_bytes, rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested here; SQLite has none")


def run_together(*batch_ids):
    """Run each batch in its own thread (its own database connection), all at once."""
    start = threading.Barrier(len(batch_ids))
    failures = []

    def run(batch_id):
        try:
            start.wait()
            import_batch_run(batch_id)
        except Exception as exc:  # reported below, in the test's thread
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(batch_id,)) for batch_id in batch_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures


def test_two_runs_of_one_batch_import_each_row_once(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 5)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(40)))
    run_together(batch.pk, batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.rows_done, batch.imported, batch.duplicates) == ("done", 40, 40, 0)
    assert FractureEpisode.objects.count() == 40


def test_one_list_uploaded_twice_at_once_is_imported_once(site_a, nurse_a, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 5)
    # Half the patients are already known (a new fracture each), half are new.
    import_batch_run(import_batch_create(
        site=site_a, by=nurse_a, filename="old.csv", raw_bytes=csv_bytes(rows(20, fracture_date="2023-01-01",
                                                                          identified_on="2023-01-01"))).pk)
    raw = csv_bytes(rows(40))
    first, second = (import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=raw) for _ in range(2))
    run_together(first.pk, second.pk)
    batches = ImportBatch.objects.filter(pk__in=[first.pk, second.pk])
    assert sum(b.imported for b in batches) == 40
    assert sum(b.duplicates for b in batches) == 40
    assert sum(b.rejected for b in batches) == 0
    assert Patient.objects.count() == 40
    assert FractureEpisode.objects.count() == 60


def test_a_patient_another_connection_writes_during_the_chunk_is_matched_not_refused(site_a, nurse_a):
    from datetime import date

    inserted, release = threading.Event(), threading.Event()

    def another_import_writing_t1():
        try:
            with transaction.atomic():
                Patient.objects.create(site=site_a, local_id="T000001", family_name="Testfamily1", given_name="Alex",
                                       date_of_birth=date(1950, 3, 14), sex="female")
                inserted.set()
                release.wait(10)  # committed while the import's chunk waits on the hospital number
        finally:
            connections.close_all()

    other = threading.Thread(target=another_import_writing_t1)
    other.start()
    assert inserted.wait(10)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(3)))
    threading.Timer(1.0, release.set).start()
    batch = import_batch_run(batch.pk)  # its chunk blocks on T000001, is refused, and goes again row by row
    other.join(10)
    assert (batch.imported, batch.duplicates, batch.rejected) == (3, 0, 0), batch.problems
    assert Patient.objects.filter(local_id="T000001").count() == 1
    assert FractureEpisode.objects.count() == 3


def test_a_patient_committed_between_the_chunks_two_lookups_is_matched_not_refused(site_a, nurse_a):
    """The chunk looks a row's patient up twice (by NHS number, by hospital number). Another import
    that commits the same patient between the two lookups must end in a match, never in "NHS number
    already used by another hospital number" (the race a CI run once hit)."""
    from datetime import date

    from tests.patients.csv_rows import nhs_number

    inserted, release, committed = threading.Event(), threading.Event(), threading.Event()

    def another_import_writing_t1():
        try:
            with transaction.atomic():
                Patient.objects.create(site=site_a, local_id="T000001", national_id=nhs_number(1),
                                       family_name="Testfamily1", given_name="Alex",
                                       date_of_birth=date(1950, 3, 14), sex="female")
                inserted.set()
                release.wait(10)
            committed.set()
        finally:
            connections.close_all()

    lookups = []

    def commit_the_other_after_the_first_patient_lookup(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if 'FROM "patients_patient"' in sql and sql.lstrip().upper().startswith("SELECT"):
            lookups.append(sql)
            if len(lookups) == 1:
                release.set()
                assert committed.wait(10)
        return result

    other = threading.Thread(target=another_import_writing_t1)
    other.start()
    assert inserted.wait(10)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(1)))
    with connection.execute_wrapper(commit_the_other_after_the_first_patient_lookup):
        batch = import_batch_run(batch.pk)
    other.join(10)
    assert len(lookups) >= 2
    assert (batch.imported, batch.duplicates, batch.rejected) == (1, 0, 0), batch.problems
    assert Patient.objects.filter(local_id="T000001").count() == 1
    assert FractureEpisode.objects.get().patient.local_id == "T000001"
