"""Beat's dispatcher queues each site's scan once a day, after the site's scan time in its own time
zone; the task itself is a thin wrapper that runs the same scan (called directly, eagerly, here)."""
from datetime import date, datetime, time, timedelta, timezone

import pytest

from followup import services, tasks
from followup.models import ScanRun
from tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

# The summary's course counts: these episodes' courses (alendronate, reviewed at 5 years) show nothing yet.
NO_COURSE_ITEMS = {"doses_due": 0, "doses_overdue": 0, "course_events": 0}

UTC = timezone.utc


def test_a_site_is_queued_once_after_its_scan_time_in_its_own_time_zone(site_a):
    tokyo = SiteFactory(code="sakura", timezone="Asia/Tokyo")
    # 23:30 UTC on 1 March is 08:30 on 2 March in Tokyo, 23:30 on 1 March in London.
    now = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)

    assert services.scans_to_queue(now=now) == [(site_a.pk, "2026-03-01"), (tokyo.pk, "2026-03-02")]
    assert services.scans_to_queue(now=now + timedelta(minutes=5)) == []


def test_nothing_is_queued_before_the_scan_time(site_a):
    assert services.scans_to_queue(now=datetime(2026, 3, 2, 6, 59, tzinfo=UTC)) == []


def test_the_scan_time_is_a_site_setting(site_a, admin_a):
    services.followup_settings_update(site=site_a, by=admin_a, expected_version=None, scan_time=time(5, 0))
    assert services.scans_to_queue(now=datetime(2026, 3, 2, 5, 1, tzinfo=UTC)) == [(site_a.pk, "2026-03-02")]


def test_a_scan_claimed_long_ago_and_never_finished_is_queued_again(site_a):
    now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    services.scans_to_queue(now=now)
    assert services.scans_to_queue(now=now + timedelta(minutes=29)) == []
    assert services.scans_to_queue(now=now + timedelta(minutes=31)) == [(site_a.pk, "2026-03-02")]


def test_the_task_runs_the_scan_and_marks_the_day_done(site_a, nurse_a):
    services.scans_to_queue(now=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    summary = tasks.scan_site_followups.apply(args=[site_a.pk, "2026-03-02"]).get()

    assert summary == {"due": 0, "overdue": 0, "reminders_created": 0, "escalated": 0, **NO_COURSE_ITEMS}
    assert ScanRun.objects.get(site=site_a, scan_date=date(2026, 3, 2)).finished_at is not None
    assert services.scans_to_queue(now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) == []
