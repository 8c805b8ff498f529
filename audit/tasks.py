"""Celery tasks for the audit: thin, idempotent, by id (style.md)."""
from celery import shared_task

from fls.models import Site


@shared_task
def refresh_kpi_summaries() -> int:
    """Queue a refresh of every active site's KPI summary (beat: CELERY_BEAT_SCHEDULE)."""
    site_ids = list(Site.objects.filter(is_active=True).values_list("id", flat=True))
    for site_id in site_ids:
        refresh_kpi_summary.delay(site_id)
    return len(site_ids)


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def refresh_kpi_summary(self, site_id: int) -> int:
    from .summary import kpi_summary_refresh

    site = Site.objects.filter(pk=site_id).first()
    if site is None:
        return 0
    try:
        return kpi_summary_refresh(site=site)
    except Exception as exc:  # a lock timeout or a lost connection: try again later
        raise self.retry(exc=exc)
