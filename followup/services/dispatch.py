"""Beat's dispatcher: which sites' daily scans are due (each site's scan time, in its own time zone),
claimed once a day with a ScanRun row, and marking a scan finished."""
from datetime import date, datetime, timedelta

from django.utils import timezone

from fls.models import Site

from ..models import ScanRun
from .scan import ScanResult
from .settings import settings_for_site

# A scheduled scan claimed this long ago and not finished (lost message, killed worker) is queued again.
SCAN_RECLAIM_AFTER = timedelta(minutes=30)


def _local_now(site: Site, now: datetime) -> datetime:
    import zoneinfo

    return now.astimezone(zoneinfo.ZoneInfo(site.timezone))


def scans_to_queue(*, now: datetime | None = None) -> list[tuple[int, str]]:
    """(site id, local date) of each site whose daily scan time has passed today, in its own time zone,
    and whose scan for today is not claimed yet (or was claimed long ago and never finished)."""
    now = now or timezone.now()
    due = []
    for site in Site.objects.filter(is_active=True).order_by("id"):
        config = settings_for_site(site)
        local = _local_now(site, now)
        if local.time() < config.scan_time:
            continue
        run, created = ScanRun.objects.get_or_create(site=site, scan_date=local.date(), defaults={"claimed_at": now})
        if not created:
            if run.finished_at is not None or run.claimed_at >= now - SCAN_RECLAIM_AFTER:
                continue
            if not ScanRun.objects.filter(pk=run.pk, finished_at__isnull=True, claimed_at=run.claimed_at).update(claimed_at=now):
                continue
        due.append((site.pk, local.date().isoformat()))
    return due


def scan_run_finish(*, site_id: int, scan_date: date, result: ScanResult) -> None:
    ScanRun.objects.filter(site_id=site_id, scan_date=scan_date).update(finished_at=timezone.now(), result=result.summary())
