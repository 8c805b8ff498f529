"""An upload while the queue (Redis) cannot be reached answers at once, keeps the batch waiting with an
honest message, and beat's sweep hands it over later. The broker is really unreachable here: the Celery
app is pointed at a closed loopback port."""
import contextlib
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fls.celery import app as celery_app
from patients.importing import import_batch_create, import_batches_sweep
from patients.models import ImportBatch, Patient
from patients.tasks import sweep_import_batches

from .csv_rows import csv_bytes, rows

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused


@contextlib.contextmanager
def broker_at(url: str):
    """Publish through the broker at `url` (not eagerly), as a web process configured with it would."""
    conf = celery_app.conf
    saved = conf.broker_write_url, conf.task_always_eager

    def reconnect():
        # The app keeps its broker connections and producers in pools made on first use.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_write_url, conf.task_always_eager = url, False
    reconnect()
    try:
        yield
    finally:
        conf.broker_write_url, conf.task_always_eager = saved
        reconnect()


def upload(client, site, body):
    return client.post(reverse("patients:import_upload"), {
        "site": site.pk, "file": SimpleUploadedFile("ed-list.csv", csv_bytes(body), content_type="text/csv"),
    })


def test_an_upload_while_the_queue_is_unreachable_answers_at_once_and_says_the_import_waits(
        client, nurse_a, site_a, django_capture_on_commit_callbacks):
    client.force_login(nurse_a)
    started = time.monotonic()
    with broker_at(CLOSED_PORT), django_capture_on_commit_callbacks(execute=True):
        response = upload(client, site_a, rows(3))
    assert time.monotonic() - started < 5  # it took 20 s, then answered 500
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:import_detail", args=[batch.pk])
    assert batch.status == ImportBatch.Status.QUEUED
    assert batch.dispatch_failed_at is not None
    assert not Patient.objects.exists()
    text = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in text
    assert 'data-testid="import-dispatch-failed"' in text
    assert "The background worker could not be reached" in text
    assert "There is no need to upload it again" in text
    assert 'hx-trigger="every 1s"' in text  # the page keeps watching, and shows the import once it starts


def test_the_sweep_hands_over_a_batch_that_has_waited_and_only_once(site_a, nurse_a, time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    # Its upload's task holds the lease: a batch a task was just given is not swept.
    time_machine.move_to("2025-06-01 12:01", tick=False)
    assert import_batches_sweep() == []
    # Three minutes quiet and the lease expired (the task never came): handed over again, once.
    time_machine.move_to("2025-06-01 12:04", tick=False)
    first_token = batch.lease_token
    claimed = import_batches_sweep()
    batch.refresh_from_db()
    assert claimed == [(batch.pk, batch.lease_token)]
    assert batch.lease_token not in ("", first_token)
    assert import_batches_sweep() == []  # a second sweep at once: the new lease is live


def test_a_finished_batch_is_never_swept(site_a, nurse_a, time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)
    time_machine.move_to("2025-06-01 13:00", tick=False)
    assert import_batches_sweep() == []


def test_the_sweep_while_the_queue_is_still_away_records_it_and_tries_again_later(site_a, nurse_a, time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    time_machine.move_to("2025-06-01 12:04", tick=False)
    with broker_at(CLOSED_PORT):
        assert sweep_import_batches() == 1  # the beat task, called as beat would
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED
    assert batch.dispatch_failed_at is not None
    time_machine.move_to("2025-06-01 12:05", tick=False)
    assert import_batches_sweep() == []  # quiet for one minute only
    time_machine.move_to("2025-06-01 12:08", tick=False)
    assert [batch_id for batch_id, _ in import_batches_sweep(idle_for=timedelta(minutes=3))] == [batch.pk]


@pytest.mark.parametrize("status", ["queued", "running"])
def test_a_task_without_the_live_lease_steps_aside(site_a, nurse_a, status):
    from patients.importing import STEPPED_ASIDE, import_chunk_run

    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=status)
    assert import_chunk_run(batch_id=batch.pk, token="a-redelivered-duplicate").status == STEPPED_ASIDE
    assert not Patient.objects.exists()
    assert import_chunk_run(batch_id=batch.pk, token=batch.lease_token).status == ImportBatch.Status.DONE
    assert Patient.objects.count() == 2


def test_a_task_takes_over_a_batch_whose_lease_expired(site_a, nurse_a, time_machine):
    from patients.importing import import_chunk_run

    time_machine.move_to("2025-06-01 12:00", tick=False)
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(2)))
    time_machine.move_to("2025-06-01 12:10", tick=False)  # its worker died long ago
    assert import_chunk_run(batch_id=batch.pk, token="a-redelivered-task").status == ImportBatch.Status.DONE
    assert Patient.objects.count() == 2
