"""Celery tasks for reminders: thin and idempotent. They take ids and dates, call a service, and
retry; the database decides what is due, so a lost or repeated message changes nothing."""
from datetime import date

from celery import shared_task
from kombu.exceptions import OperationalError as BrokerError

from . import services


@shared_task(ignore_result=True)
def dispatch_followup_scans() -> int:
    """Beat runs this every few minutes: queue today's scan for each site whose scan time has passed
    in its own time zone, once a day (a ScanRun row claims it; an unfinished one is queued again later)."""
    queued = services.scans_to_queue()
    for site_id, scan_date in queued:
        scan_site_followups.delay(site_id, scan_date)
    return len(queued)


@shared_task(bind=True, acks_late=True, autoretry_for=(BrokerError, ConnectionError), retry_backoff=5,
             retry_backoff_max=300, max_retries=5)
def scan_site_followups(self, site_id: int, scan_date: str, chunk_size: int | None = None) -> dict:
    """Run one site's reminder scan for one (local) day, reporting progress after each committed chunk."""
    day = date.fromisoformat(scan_date)
    task_id = self.request.id  # the scan's worker threads have no request context of their own
    result = services.followups_scan(
        today=day, site_ids=[site_id], chunk_size=chunk_size or services.DEFAULT_CHUNK_SIZE,
        progress=lambda meta: self.update_state(task_id=task_id, state="PROGRESS", meta=meta),
    )
    services.scan_run_finish(site_id=site_id, scan_date=day, result=result)
    return result.summary()
