"""A real worker under a short broker visibility timeout: a long import is done exactly once, a killed
worker's import is finished by the next one, and a batch uploaded while Redis was away is imported once
the sweep hands it over. Budget: under a minute for the three."""
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.urls import reverse

from patients import importing
from patients.models import EpisodeEvent, FractureEpisode, ImportBatch, Patient
from patients.tasks import sweep_import_batches

from .csv_rows import csv_bytes, rows
from .test_import_queue_unreachable import CLOSED_PORT, broker_at

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 1  # second: Redis hands an unacknowledged task to a worker again after this
LEASE = 3


@pytest.fixture
def celery_worker_env():
    return {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT), "IMPORT_LEASE_SECONDS": str(LEASE)}


@pytest.fixture
def small_chunks(monkeypatch):
    # Chunks are cut when the file is stored (here, in the test's process); the worker imports one a task.
    monkeypatch.setattr(importing, "CHUNK_ROWS", 40)


def upload(client, site, body):
    response = client.post(reverse("patients:import_upload"), {
        "site": site.pk, "file": SimpleUploadedFile("ed-list.csv", csv_bytes(body), content_type="text/csv"),
    })
    assert response.status_code == 302
    return ImportBatch.objects.order_by("-id").first()


def wait_for(batch_id: int, done, timeout: float, what: str) -> ImportBatch:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if done(batch):
            return batch
        time.sleep(0.1)
    raise AssertionError(f"import {batch_id} not {what} after {timeout:.0f}s: {batch.status}, "
                         f"{batch.rows_done} of {batch.rows_total} rows")


def finished(batch):
    return batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


def assert_imported_exactly_once(batch, count):
    assert (batch.status, batch.rows_total, batch.rows_done) == ("done", count, count)
    assert (batch.imported, batch.duplicates, batch.rejected) == (count, 0, 0)
    assert Patient.objects.count() == FractureEpisode.objects.count() == count
    assert EpisodeEvent.objects.filter(transition="identify").count() == count
    assert Patient.history.count() == FractureEpisode.history.count() == count


def test_an_import_longer_than_the_visibility_timeout_is_done_once(client, nurse_a, site_a, celery_worker,
                                                                  small_chunks):
    client.force_login(nurse_a)
    log_from = celery_worker.log_offset()
    started = time.monotonic()
    batch = upload(client, site_a, rows(1500))
    batch = wait_for(batch.pk, finished, 40, "finished")
    took = time.monotonic() - started
    assert_imported_exactly_once(batch, 1500)
    assert batch.chunks_done == 38
    # Each chunk was one task, received once: none ran long enough to be handed out again.
    received = re.findall(r"Task patients\.tasks\.run_import_batch\[([0-9a-f-]+)\] received",
                          celery_worker.log_since(log_from))
    assert len(received) == len(set(received)) == 38
    assert took > VISIBILITY_TIMEOUT  # the file did take longer than the timeout


def test_a_killed_workers_import_is_finished_by_the_next_worker(client, nurse_a, site_a, celery_worker,
                                                                small_chunks, settings):
    client.force_login(nurse_a)
    batch = upload(client, site_a, rows(600))
    wait_for(batch.pk, lambda b: b.chunks_done >= 2, 30, "started")
    celery_worker.kill()  # mid-import, as an OOM kill or a lost machine would
    stopped_at = ImportBatch.objects.get(pk=batch.pk)
    assert stopped_at.status == ImportBatch.Status.RUNNING and stopped_at.chunks_done < 15
    celery_worker.start()
    # The task it held comes back after the visibility timeout; if the kill fell between a chunk's commit
    # and queueing the next, beat's sweep hands the batch over once its lease has expired.
    settings.IMPORT_SWEEP_AFTER_SECONDS = LEASE
    deadline = time.monotonic() + 40
    while not finished(ImportBatch.objects.get(pk=batch.pk)) and time.monotonic() < deadline:
        time.sleep(LEASE)
        sweep_import_batches()
    assert_imported_exactly_once(ImportBatch.objects.get(pk=batch.pk), 600)


def test_a_batch_uploaded_while_redis_was_away_is_imported_once_the_sweep_finds_it(
        client, nurse_a, site_a, celery_worker):
    client.force_login(nurse_a)
    with broker_at(CLOSED_PORT):
        batch = upload(client, site_a, rows(30))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED and batch.dispatch_failed_at is not None
    time.sleep(1)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.QUEUED  # nothing was queued
    # Redis is back; the batch has waited three minutes when beat's sweep runs.
    ImportBatch.objects.filter(pk=batch.pk).update(last_activity_at=F("last_activity_at") - importing.timedelta(minutes=3))
    assert sweep_import_batches() == 1
    batch = wait_for(batch.pk, finished, 30, "finished")
    assert_imported_exactly_once(batch, 30)
    assert batch.dispatch_failed_at is None  # the page no longer says the worker was unreachable
