"""Shared fixtures: personas, a real Celery worker and a real browser.

The suite runs against real services. DATABASE_URL (PostgreSQL) and REDIS_URL are read by
fls.settings; this file refuses to start when they are set but not answering, and, with
FLS_REQUIRE_REAL_SERVICES=1 (CI), when they are not set at all. It never falls back quietly.
"""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from fls.roles import ADMINISTRATOR, CLINICIAN, MANAGER, NURSE
from tests.factories import PERSONA_PASSWORD, SiteFactory, UserFactory

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _real_services_required() -> bool:
    return os.environ.get("FLS_REQUIRE_REAL_SERVICES") == "1"


def _own_queue_and_redis_database_per_test_process() -> None:
    """`make test` runs the suite in several processes (pytest-xdist). Each has its own test database (pytest-django
    names it test_<name>_gw0, _gw1...) and its own Celery worker; here it also gets its own Celery queue
    (<CELERY_QUEUE>-gw1) and Redis database (REDIS_URL's number plus the process's, modulo 16), so that no worker
    takes, or restores after its visibility timeout, another process's tasks. The environment is changed too: the
    Celery worker and the other programs a test starts inherit it. Runs when this file is imported, before any task
    is sent (the Celery app reads Django's settings only then)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker:
        return
    from django.conf import settings

    from fls.celery import app

    number = int(worker.removeprefix("gw"))
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-{worker}"
    settings.CELERY_TASK_DEFAULT_QUEUE = os.environ["CELERY_QUEUE"] = queue
    if settings.REDIS_URL:
        parts = urlsplit(settings.REDIS_URL)
        database = (int(parts.path.strip("/") or 0) + number) % 16
        url = urlunsplit(parts._replace(path=f"/{database}"))
        settings.REDIS_URL = settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = os.environ["REDIS_URL"] = url
    if app.configured:  # something read the Celery settings already: say so rather than send to the wrong queue
        raise RuntimeError("The Celery app was configured before tests/conftest.py gave this test process its queue.")


_own_queue_and_redis_database_per_test_process()


# --- Services guard ------------------------------------------------------------------------


def _database_problem(database_url: str) -> str | None:
    import dj_database_url
    import psycopg2
    from django.conf import settings

    wanted = dj_database_url.parse(database_url)
    used = settings.DATABASES["default"]
    if (used["ENGINE"], used.get("HOST"), used.get("NAME")) != (wanted["ENGINE"], wanted.get("HOST"), wanted.get("NAME")):
        return f"settings use {used['ENGINE']} {used.get('NAME')!r}, not DATABASE_URL={database_url}"
    if "postgresql" not in wanted["ENGINE"]:
        return None
    try:
        # The maintenance database: the test database is created from there.
        psycopg2.connect(
            dbname="postgres", user=wanted.get("USER") or None, password=wanted.get("PASSWORD") or None,
            host=wanted.get("HOST") or None, port=wanted.get("PORT") or None, connect_timeout=5,
        ).close()
    except psycopg2.Error as exc:
        return f"PostgreSQL at DATABASE_URL={database_url} does not answer: {str(exc).strip()}"
    return None


def _redis_problem(redis_url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at REDIS_URL={redis_url} does not answer PING: {exc}"
    return None


def pytest_sessionstart(session):
    database_url = os.environ.get("DATABASE_URL", "").strip()
    redis_url = os.environ.get("REDIS_URL", "").strip()
    problems = []
    if _real_services_required():
        if not database_url:
            problems.append("FLS_REQUIRE_REAL_SERVICES=1 but DATABASE_URL is not set")
        elif not database_url.startswith(("postgres://", "postgresql://")):
            problems.append("FLS_REQUIRE_REAL_SERVICES=1 but DATABASE_URL is not a postgres:// URL")
        if not redis_url:
            problems.append("FLS_REQUIRE_REAL_SERVICES=1 but REDIS_URL is not set")
    if database_url:
        problems.append(_database_problem(database_url))
    if redis_url:
        problems.append(_redis_problem(redis_url))
    problems = [problem for problem in problems if problem]
    if problems:
        pytest.exit(
            "Refusing to run the tests against missing services:\n  - " + "\n  - ".join(problems)
            + "\nStart them with scripts/ensure-services.sh (or unset the variable to use SQLite and eager tasks).",
            returncode=3,
        )


def pytest_collection_modifyitems(config, items):
    """Mark tests by the real things they drive, so `-m "not browser"` works without bookkeeping."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "page" in fixtures and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if "celery_worker" in fixtures and not item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.worker)
    if any(item.get_closest_marker("browser") for item in items):
        # Playwright's sync API keeps an asyncio loop running in the main thread from the first
        # browser test to the end of the session; Django's ORM refuses to run under a running
        # loop unless told it is safe, which it is here (one thread drives the browser).
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Personas are created for nearly every test; the production hasher would dominate the run."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Personas (style.md): staff at site A, and nurse_b at site B who must be refused ----------


@pytest.fixture
def site_a(db):
    return SiteFactory(code="north", name="North General Hospital", country="GB", fls_model="A")


@pytest.fixture
def site_b(db):
    return SiteFactory(code="south", name="South County Hospital", country="GB", fls_model="A")


@pytest.fixture
def nurse_a(site_a):
    return UserFactory(username="nurse_a", first_name="Alice", last_name="Nurse", roles=[NURSE], sites=[site_a])


@pytest.fixture
def clinician_a(site_a):
    return UserFactory(
        username="clinician_a", first_name="Chidi", last_name="Clinician", roles=[CLINICIAN], sites=[site_a]
    )


@pytest.fixture
def manager_a(site_a):
    return UserFactory(username="manager_a", first_name="Mei", last_name="Manager", roles=[MANAGER], sites=[site_a])


@pytest.fixture
def admin_a(site_a):
    # Administrators configure sites and users in Django's admin, so they are staff.
    return UserFactory(
        username="admin_a", first_name="Ade", last_name="Admin", roles=[ADMINISTRATOR], sites=[site_a], is_staff=True
    )


@pytest.fixture
def nurse_b(site_b):
    return UserFactory(username="nurse_b", first_name="Bea", last_name="Nurse", roles=[NURSE], sites=[site_b])


@pytest.fixture
def persona_password():
    return PERSONA_PASSWORD


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """Each request activates its own language (fls.languages.LanguageMiddleware) and leaves it active on the
    thread, as Django's LocaleMiddleware does: a server's next request activates its own. A test's code that runs
    outside a request must not inherit the last test's Japanese page, so every test starts and ends in the default
    language, and in the server's time zone (the middleware activates the user's sites' time zone too)."""
    from django.conf import settings
    from django.utils import timezone, translation

    from fls.dates import deactivate_date_entry

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    deactivate_date_entry()  # a record's selector leaves its site's way of typing dates active too (fls.dates)
    yield
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    deactivate_date_entry()


@pytest.fixture(autouse=True)
def force_login_passes_two_factor(monkeypatch):
    """`client.force_login(user)` gives a session that has also passed the two-factor step when the user must
    use one (clinicians, managers, administrators): as if they had entered their app's code. Nothing is
    switched off: a session that signs in through the login form still meets the step, which
    tests/fls/test_two_factor.py drives."""
    from django.test.client import ClientMixin

    from tests.two_factor import verify_session

    force_login = ClientMixin.force_login

    def force_login_and_verify(self, user, backend=None):
        force_login(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login_and_verify)


# --- The worklists' read model is checked after every test -----------------------------------------

_DATABASE_FIXTURES = ("db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                      "live_server")


@pytest.fixture(autouse=True)
def worklist_read_model_checked(request):
    """After every test that uses the database, the worklists' read model must equal a rebuild from the records
    (worklists.read_model.worklist_differences, what `manage.py check_worklist` runs): a service that changes
    what a worklist shows without refreshing it fails the test that exercises it. A test that puts the records
    out of step on purpose (to test the check or the rebuild) says so with @pytest.mark.worklist_read_model_unchecked."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in _DATABASE_FIXTURES)
    if not uses_database or request.node.get_closest_marker("worklist_read_model_unchecked"):
        yield
        return
    request.getfixturevalue("_django_db_helper")  # set up before this fixture, so torn down after its check
    yield
    from patients.models import FractureEpisode
    from worklists.models import WorklistBloodResult, WorklistEpisode, WorklistFollowUp
    from worklists.read_model import worklist_differences

    # No episode and no row of the read model: nothing to compare (most tests of pages, sign-in and settings).
    if not any(model.objects.exists() for model in (FractureEpisode, WorklistEpisode, WorklistFollowUp,
                                                     WorklistBloodResult)):
        return
    differences = worklist_differences(limit=5)
    assert not differences, "The worklists' read model differs from the records after this test:\n" + "\n".join(
        f"  {d.table}: {d.problem}: {d.row}" for d in differences)


# --- A real Celery worker --------------------------------------------------------------------


class CeleryWorker:
    """A `celery worker` subprocess on REDIS_URL, reading and writing the pytest test database.

    `kill()` SIGKILLs the worker and its pool children, as a crash or an OOM kill would, leaving
    any task it had taken unacknowledged in Redis; `start()` brings a new one up.
    """

    def __init__(self, *, app, queue: str, env: dict, log_path: Path):
        self.app = app
        self.queue = queue
        self.base_env = env
        self.extra_env: dict = {}
        self.env = env
        self.log_path = log_path
        self.nodename = f"pytest-{os.getpid()}@{socket.gethostname()}"
        self.process: subprocess.Popen | None = None

    @property
    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def use_env(self, extra: dict) -> None:
        """Run with these variables added (a short visibility timeout…): restarts the worker if they change."""
        if extra != self.extra_env:
            self.stop()
            self.extra_env = dict(extra)
            self.env = {**self.base_env, **extra}

    def log_since(self, offset: int) -> str:
        with self.log_path.open() as log:
            log.seek(offset)
            return log.read()

    def log_offset(self) -> int:
        return self.log_path.stat().st_size

    def start(self, timeout: float = 60) -> None:
        if self.is_running:
            return
        with self.log_path.open("a") as log:
            log.write(f"\n===== starting worker {self.nodename} on queue {self.queue} =====\n")
            log.flush()
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "fls", "worker", "-Q", self.queue, "-n", self.nodename,
                    "--pool=prefork", "--concurrency=1", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                ],
                cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                # Its own process group, so kill() takes the pool children down with it.
                start_new_session=True,
            )
        self._wait_until_it_answers(timeout)

    def _wait_until_it_answers(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running:
                raise RuntimeError(f"The Celery worker exited with {self.process.returncode}; see {self.log_path}")
            if self.app.control.ping(destination=[self.nodename], timeout=1.0):
                return
        self.kill()
        raise RuntimeError(f"The Celery worker did not answer a ping within {timeout:.0f}s; see {self.log_path}")

    def stop(self, timeout: float = 30) -> None:
        """Warm shutdown: finish the task in hand, then exit."""
        if not self.is_running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()


def _url_with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup):
    message = None
    if not os.environ.get("REDIS_URL", "").strip():
        message = "needs a real Celery worker: set REDIS_URL (make test does)"
    elif not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        message = "needs DATABASE_URL on PostgreSQL, so the worker process can share the test database"
    if message:
        if _real_services_required():
            pytest.fail(message)
        pytest.skip(message)

    from django.conf import settings
    from django.db import connection

    from fls.celery import app

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    # The worker is a separate process: point it at the database pytest-django created.
    env["DATABASE_URL"] = _url_with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"])
    env["DJANGO_SETTINGS_MODULE"] = "fls.settings"
    ARTIFACTS.mkdir(exist_ok=True)
    # One log per test process (pytest-xdist's gw0, gw1...).
    log_path = ARTIFACTS / f"celery-worker{'-' + os.environ['PYTEST_XDIST_WORKER'] if os.environ.get('PYTEST_XDIST_WORKER') else ''}.log"
    log_path.write_text("")

    # Tasks left behind by an earlier, interrupted run would point at a database that is gone.
    with app.connection_for_write() as conn:
        conn.default_channel.queue_declare(queue=queue, durable=True, auto_delete=False)
        conn.default_channel.queue_purge(queue)

    worker = CeleryWorker(app=app, queue=queue, env=env, log_path=log_path)
    worker.start()
    yield worker
    # Stopped before pytest-django drops the test database, which its connections would block.
    worker.stop()


@pytest.fixture
def celery_worker_env():
    """Variables added to the worker's environment; a test module overrides this fixture to run its
    tests under other settings (e.g. {"CELERY_VISIBILITY_TIMEOUT": "2"})."""
    return {}


@pytest.fixture
def celery_worker(_celery_worker_session, celery_worker_env):
    """The session's worker, restarted first if an earlier test killed or stopped it, or ran it with
    another celery_worker_env."""
    _celery_worker_session.use_env(celery_worker_env)
    _celery_worker_session.start()
    return _celery_worker_session


# --- A real browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser builds are downloads, which this project never makes."""
    if not Path(CHROMIUM).exists():
        message = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if _real_services_required():
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
        # Chromium's own language, which lays out date fields (day first in en-GB): on Linux it is read from
        # LANGUAGE, and the context's locale below does not reach it (microsoft/playwright#3934). It takes
        # effect only where Chromium has its en-GB locale (Debian: chromium-l10n); without it, en-US.
        "env": {**os.environ, "LANGUAGE": "en_GB"},
    }


def chromium_has_british_english() -> bool:
    """Whether the Chromium under test has its en-GB locale, so that LANGUAGE=en_GB takes effect."""
    binary = Path(CHROMIUM).resolve()
    # Debian's /usr/bin/chromium is a wrapper script; the browser and its locales are in /usr/lib/chromium.
    return any((folder / "locales" / "en-GB.pak").exists() for folder in (binary.parent, Path("/usr/lib/chromium")))


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The browser of a nurse at the demo's and the personas' sites: British English (navigator.language,
    Intl, Accept-Language) in London time (fls.settings TIME_ZONE; SiteFactory's time zone). Without them
    Chromium is en-US in the machine's time zone. Date fields follow Chromium's own language instead (see
    browser_type_launch_args), so tests enter dates with fill() and an ISO date, which works in any locale."""
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session")
def playwright(playwright):
    yield playwright
    # Once Playwright's sync API has started, the tests run in another contextvars context, so
    # Django opens a second connection that pytest-django never sees. Close it here, while still
    # in that context, or the test database cannot be dropped at the end of the session.
    from django.db import connections

    connections.close_all()


@pytest.fixture
def login_as():
    """`login_as(page, live_server, user)` signs in through the real login form."""

    from fls.selectors import two_factor_requirement
    from tests.two_factor import app_code, confirmed_app

    def login(page, live_server, user, password=PERSONA_PASSWORD):
        # Whoever must use two-factor has an app already (tests/browser/test_two_factor.py enrols one through
        # the pages) and types its code on the two-factor page, as they would.
        # A fresh copy: the rule caches the user's roles and sites on the object it is given.
        device = confirmed_app(user) if two_factor_requirement(type(user).objects.get(pk=user.pk)) else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        if device is not None and "/accounts/two-factor/verify/" in page.url:
            # Signed in, the page is in the user's language (Japanese at a site in Japan): found by its form.
            form = page.get_by_test_id("two-factor-verify-form")
            form.get_by_role("textbox").fill(app_code(device))
            with page.expect_navigation():
                form.get_by_role("button").click()

    return login


@pytest.fixture
def screenshot():
    """`screenshot(page, name)` saves test-artifacts/screenshots/<name>.png and returns its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(autouse=True)
def identifier_schemes_seeded(request):
    """The shipped identifier schemes (seeded by patients' migration 0012) are there in every database test: a
    transactional test's flush deletes them, and tests run in any order."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        transactional = "transactional_db" in request.fixturenames or (
            marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        request.getfixturevalue("transactional_db" if transactional else "db")
        from patients.identifier_schemes import seed
        from patients.models import IdentifierScheme

        seed(IdentifierScheme)
    yield
