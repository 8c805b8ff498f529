"""The reminder scan on a real Celery worker and a real Redis: run twice it creates nothing new; a
worker SIGKILLed mid-scan leaves no half-written chunk and a rescan makes every reminder exactly once;
Redis stopped mid-scan leaves nothing half-written and the next scan after it returns catches up.

These tests start their OWN redis-server on a free port (never the shared one on 6379, which other
suites use) and their own worker on it, so Redis can be stopped and started at will.
"""
import os
import shutil
import socket
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from fls.roles import NURSE
from bench import followup_bulk as bulk
from followup.models import FollowUp, Notification, PatientReminderLetter, Reminder
from tests.conftest import ARTIFACTS, CeleryWorker, _real_services_required, _url_with_database
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 3, 2)
TASK = "followup.tasks.scan_site_followups"
QUEUE = f"fls-fu-reliability-{os.getpid()}"


class OwnRedis:
    """A throwaway redis-server (no persistence) this module may stop and start."""

    def __init__(self, port: int, log_path: Path):
        self.port, self.log_path, self.process = port, log_path, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--daemonize", "no"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def own_redis():
    if shutil.which("redis-server") is None:
        message = "needs redis-server (apt-get install redis-server)"
        if _real_services_required():
            pytest.fail(message)
        pytest.skip(message)
    ARTIFACTS.mkdir(exist_ok=True)
    redis = OwnRedis(_free_port(), ARTIFACTS / "redis-followup-reliability.log")
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="module")
def scan_worker(own_redis, django_db_setup, django_db_blocker):
    """A Celery app and a real worker on our own Redis, reading and writing pytest's database."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL (DATABASE_URL): the worker is a separate process")
    from celery import Celery

    # Not the current app: shared_task calls elsewhere in the session must keep using fls's app.
    app = Celery("fls-followup-reliability", broker=own_redis.url, backend=own_redis.url, set_as_current=False)
    app.conf.update(task_default_queue=QUEUE, broker_connection_retry_on_startup=True, task_serializer="json",
                    result_serializer="json", accept_content=["json"])
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(REDIS_URL=own_redis.url, CELERY_QUEUE=QUEUE, DJANGO_SETTINGS_MODULE="fls.settings",
               DATABASE_URL=_url_with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"]))
    log_path = ARTIFACTS / "celery-worker-followup.log"
    log_path.write_text("")
    worker = CeleryWorker(app=app, queue=QUEUE, env=env, log_path=log_path)
    worker.nodename = f"followup-{os.getpid()}@{socket.gethostname()}"
    worker.start()
    worker.celery_app = app
    yield worker
    worker.stop()


@pytest.fixture
def worker(scan_worker):
    scan_worker.start()  # restarted if an earlier test killed it
    return scan_worker


def make_follow_ups(site, nurses, episodes: int) -> dict:
    bulk.create_follow_ups(site_id=site.pk, nurse_ids=[n.pk for n in nurses], episodes=episodes, today=TODAY)
    scheduled = FollowUp.objects.filter(site=site, status="scheduled")
    expected = {
        "due": set(scheduled.filter(window_opens__lte=TODAY, window_closes__gte=TODAY).values_list("id", flat=True)),
        "overdue": set(scheduled.filter(window_closes__lt=TODAY).values_list("id", flat=True)),
    }
    assert expected["due"] and expected["overdue"]
    return expected


def scan(worker, site, **kwargs):
    return worker.celery_app.send_task(TASK, args=[site.pk, TODAY.isoformat()], kwargs=kwargs)


def assert_nothing_half_written():
    """Every follow-up reminded has the nurse's notification, and no notification is without its
    reminder: each chunk was committed whole or not at all."""
    for kind in ("due", "overdue"):
        reminded = set(Reminder.objects.filter(kind=kind).values_list("follow_up_id", flat=True))
        notified = set(Notification.objects.filter(kind=kind).values_list("follow_up_id", flat=True))
        assert reminded == notified, kind
    escalated = set(Notification.objects.filter(kind="escalated").values_list("follow_up_id", flat=True))
    assert escalated <= set(Reminder.objects.filter(kind="overdue").values_list("follow_up_id", flat=True))


def assert_every_reminder_exactly_once(expected):
    for kind in ("due", "overdue"):
        made = list(Reminder.objects.filter(kind=kind).values_list("follow_up_id", flat=True))
        assert len(made) == len(set(made)) == len(expected[kind]), kind
        assert set(made) == expected[kind], kind
    assert_nothing_half_written()


def wait_for(predicate, timeout=60.0, every=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still not true after {timeout:.0f}s")


@pytest.fixture
def nurses(site_a):
    return [UserFactory(username=f"rel_nurse_{i}", roles=[NURSE], sites=[site_a]) for i in range(2)]


def test_the_same_scan_twice_creates_nothing_the_second_time(worker, site_a, nurses):
    expected = make_follow_ups(site_a, nurses, episodes=600)

    first = scan(worker, site_a).get(timeout=60)
    counts = (Reminder.objects.count(), Notification.objects.count())
    second = scan(worker, site_a).get(timeout=60)

    assert first["reminders_created"] == len(expected["due"]) + len(expected["overdue"])
    assert second["reminders_created"] == 0
    assert (Reminder.objects.count(), Notification.objects.count()) == counts
    assert_every_reminder_exactly_once(expected)


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="two connections claiming chunks at once, with the PostgreSQL loader: PostgreSQL only")
def test_two_connections_share_the_chunks_and_remind_each_follow_up_once(site_a, nurses, manager_a):
    from followup import services

    expected = make_follow_ups(site_a, nurses, episodes=900)

    result = services.followups_scan(today=TODAY, site_ids=[site_a.pk], chunk_size=7, workers=2, send_digests=False)

    assert result.reminders_created == len(expected["due"]) + len(expected["overdue"])
    # Counted from what was claimed: a chunk the other connection had just committed is not done twice.
    assert result.escalated == len(expected["overdue"])
    assert result.letters_created == PatientReminderLetter.objects.count()
    assert_every_reminder_exactly_once(expected)
    assert services.followups_scan(today=TODAY, site_ids=[site_a.pk], workers=2).reminders_created == 0


def test_a_worker_killed_mid_scan_then_restarted_leaves_every_reminder_exactly_once(worker, site_a, nurses):
    expected = make_follow_ups(site_a, nurses, episodes=10_000)
    total = len(expected["due"]) + len(expected["overdue"])

    scan(worker, site_a, chunk_size=5)  # small chunks: a slow scan, to be killed part of the way through
    wait_for(lambda: Reminder.objects.count() >= 50)
    worker.kill()
    made_before_restart = Reminder.objects.count()

    assert 0 < made_before_restart < total, "the scan was not killed part of the way through"
    assert_nothing_half_written()
    worker.start()
    scan(worker, site_a).get(timeout=120)
    assert_every_reminder_exactly_once(expected)


def test_redis_stopped_mid_scan_leaves_nothing_half_written_and_the_next_scan_catches_up(
    worker, own_redis, site_a, nurses
):
    expected = make_follow_ups(site_a, nurses, episodes=10_000)
    total = len(expected["due"]) + len(expected["overdue"])

    pending = scan(worker, site_a, chunk_size=5)
    wait_for(lambda: Reminder.objects.count() >= 50)
    own_redis.stop()
    try:
        # The task reports progress to Redis after each chunk: with Redis gone it fails or waits to retry.
        def stalled():
            before = Reminder.objects.count()
            time.sleep(1.5)
            return Reminder.objects.count() == before
        wait_for(stalled, timeout=90, every=0)
        made_while_down = Reminder.objects.count()
        assert made_while_down < total, "the scan finished before Redis was stopped"
        assert_nothing_half_written()
    finally:
        own_redis.start()
    assert pending.id  # the first scan's result went with the old Redis; it is not needed

    def worker_answers():
        try:
            return worker.celery_app.control.ping(destination=[worker.nodename], timeout=1.0)
        except Exception:  # noqa: BLE001 - our client's old connections to the stopped Redis fail once
            return False
    wait_for(worker_answers, timeout=60, every=0.5)
    scan(worker, site_a).get(timeout=120)
    # A stalled first scan may wake up too and finish its chunk; both skip what the other holds.
    wait_for(lambda: Reminder.objects.count() >= total, timeout=60, every=0.2)
    time.sleep(1)
    assert_every_reminder_exactly_once(expected)


# --- Course items (treatment.CourseReminder): the same path, the same guarantees ------------------------------

def make_courses(site, nurses, courses: int) -> set[tuple]:
    """Courses with their plans' items (bench.followup_bulk.create_courses); the (course, code, refers_to) of every
    item showing on TODAY, each of which the scan must remind about exactly once."""
    from treatment import scan as course_scan

    bulk.create_courses(site_id=site.pk, nurse_ids=[n.pk for n in nurses], courses=courses, today=TODAY)
    expected = set(course_scan.items_showing(site_ids=[site.pk], today=TODAY)
                   .values_list("course_id", "code", "refers_to"))
    assert {code for _course, code, _day in expected} >= {"dose_due", "dose_overdue",
                                                          "denosumab_stopped_without_follow_on"}
    return expected


def assert_every_course_reminder_exactly_once_with_its_notifications(expected):
    from treatment.models import CourseReminder

    made = list(CourseReminder.objects.values_list("course_id", "code", "refers_to"))
    assert len(made) == len(set(made)) and set(made) == expected
    assert_no_course_reminder_half_written()


def assert_no_course_reminder_half_written():
    """Every course reminder has its nurse's notification, and an escalated one its lead's; no notification is
    without its reminder (the foreign key) and none is made twice (the unique constraint)."""
    from treatment.models import CourseReminder

    reminders = set(CourseReminder.objects.values_list("id", flat=True))
    escalated = set(CourseReminder.objects.filter(escalated=True).values_list("id", flat=True))
    notified = set(Notification.objects.filter(kind="treatment").values_list("course_reminder_id", flat=True))
    told_lead = set(Notification.objects.filter(kind="treatment_escalated")
                    .values_list("course_reminder_id", flat=True))
    assert notified == reminders
    assert told_lead == escalated and escalated


def test_the_course_pass_twice_on_the_worker_creates_nothing_the_second_time(worker, site_a, nurses, manager_a):
    expected = make_courses(site_a, nurses, courses=300)

    first = scan(worker, site_a).get(timeout=60)
    counts = (Notification.objects.count(), len(expected))
    second = scan(worker, site_a).get(timeout=60)

    assert first["reminders_created"] == len(expected) and second["reminders_created"] == 0
    assert first["doses_due"] + first["doses_overdue"] + first["course_events"] == len(expected)
    assert (first["doses_due"], first["doses_overdue"], first["course_events"]) == (
        second["doses_due"], second["doses_overdue"], second["course_events"])
    assert (Notification.objects.count(), len(expected)) == counts
    assert_every_course_reminder_exactly_once_with_its_notifications(expected)


def test_a_worker_killed_mid_course_pass_then_restarted_makes_each_course_reminder_once(
    worker, site_a, nurses, manager_a
):
    """Time budget: about 20 s (4,000 courses loaded in bulk, a scan in chunks of 5 killed part of the way, the
    database emptied after)."""
    from treatment.models import CourseReminder

    expected = make_courses(site_a, nurses, courses=4_000)

    scan(worker, site_a, chunk_size=5)  # small chunks: a slow scan, to be killed part of the way through
    wait_for(lambda: CourseReminder.objects.count() >= 50, timeout=60)
    worker.kill()
    made_before_restart = CourseReminder.objects.count()

    assert 0 < made_before_restart < len(expected), "the scan was not killed part of the way through"
    assert_no_course_reminder_half_written()
    worker.start()
    summary = scan(worker, site_a).get(timeout=120)
    assert summary["reminders_created"] == len(expected) - made_before_restart
    assert_every_course_reminder_exactly_once_with_its_notifications(expected)
