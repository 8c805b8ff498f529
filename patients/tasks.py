"""Background work for Identify. Tasks are thin: they take ids and call a service."""
from celery import shared_task
from django.db import InterfaceError, OperationalError

from .importing import import_batch_run


@shared_task(
    acks_late=True,
    # A database that went away mid-import: try again later; the batch resumes from its last chunk.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def run_import_batch(batch_id: int) -> dict:
    batch = import_batch_run(batch_id)
    return {
        "status": batch.status, "rows": batch.rows_total, "imported": batch.imported,
        "duplicates": batch.duplicates, "rejected": batch.rejected,
    }
