"""An uploaded file is imported by a real Celery worker, and the page follows its progress."""
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from patients.models import ImportBatch, Patient

from .csv_rows import csv_bytes, row, rows

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until_finished(batch_id: int, timeout: float = 60) -> ImportBatch:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        batch = ImportBatch.objects.get(pk=batch_id)
        if batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
            return batch
        time.sleep(0.2)
    raise AssertionError(f"import {batch_id} still {batch.status} after {timeout:.0f}s ({batch.rows_done} rows done)")


def test_an_upload_is_imported_by_the_worker(client, nurse_a, site_a, celery_worker):
    client.force_login(nurse_a)
    body = rows(120) + [row(121, sex="?")]
    response = client.post(reverse("patients:import_upload"), {
        "site": site_a.pk, "file": SimpleUploadedFile("ed-list.csv", csv_bytes(body), content_type="text/csv"),
    })
    batch_id = ImportBatch.objects.get().pk
    assert response["Location"] == reverse("patients:import_detail", args=[batch_id])

    batch = wait_until_finished(batch_id)
    assert (batch.status, batch.rows_total, batch.imported, batch.rejected) == ("done", 121, 120, 1)
    assert Patient.objects.filter(site=site_a).count() == 120
    progress = client.get(reverse("patients:import_progress", args=[batch_id]), headers={"HX-Request": "true"})
    assert progress["HX-Refresh"] == "true"
