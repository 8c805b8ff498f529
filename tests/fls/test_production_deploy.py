"""The deploy test: the README's *Deploying* recipe, run for real from the checkout.

It reads the shell block under "## Deploying" in README.md and runs it in subprocesses with the
production profile and the variables it requires, on a throwaway PostgreSQL database made for it and
dropped after: each `python manage.py` line (the deployment checks, migrate, collectstatic into a
temporary STATIC_ROOT), then the `gunicorn` line bound to a free loopback port. Then it talks plain
HTTP to gunicorn as a TLS-terminating proxy would (X-Forwarded-Proto: https): the login page, a hashed
static file named in collectstatic's manifest, signing in as a nurse made by `seed_demo` (with the
CSRF token, as a browser does), a patient's page, and the app's 404 page. The `celery` lines start too
(from a scratch folder, where beat may write its schedule file) and the worker must run a task. Only
the bind address, the path of the virtualenv's programs and the Celery lines' working folder differ from
the README, so the two cannot drift apart.

Budget: under a minute; 30-45 s on a busy two-core machine (migrate and collectstatic are most of it).
"""
import html
import json
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from django.urls import reverse

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = PROJECT_ROOT / "README.md"
VENV_BIN = Path(sys.executable).parent
# The host name the proxy forwards; ALLOWED_HOSTS names it, as a deployment's would.
PUBLIC_HOST = "fls.deploy-test.example"
DEMO_PASSWORD = "deploy-test-" + secrets.token_urlsafe(12)
# A nurse of one site in seed_demo's logins (demo.services.DEMO_USERS).
NURSE = "nurse_north"
STARTUP_TIMEOUT = 60

pytestmark = [pytest.mark.deploy]


# --- The recipe, from the README ----------------------------------------------------------------


@dataclass
class Recipe:
    exports: dict = field(default_factory=dict)
    manage_commands: list = field(default_factory=list)  # argument lists after `python manage.py`
    gunicorn: list = field(default_factory=list)  # the arguments after `gunicorn`
    celery: list = field(default_factory=list)  # the arguments after each `celery`


def deploying_recipe(readme_text: str) -> Recipe:
    """The commands of the first shell block under "## Deploying", comments dropped."""
    section = re.search(r"^## Deploying\n(.*?)(?=^## )", readme_text, re.MULTILINE | re.DOTALL)
    assert section, "README.md has no '## Deploying' section"
    block = re.search(r"^```sh\n(.*?)^```", section.group(1), re.MULTILINE | re.DOTALL)
    assert block, "README.md's Deploying section has no ```sh block"
    recipe = Recipe()
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export":
            recipe.exports.update(word.split("=", 1) for word in words[1:])
        elif words[:2] == ["python", "manage.py"]:
            recipe.manage_commands.append(words[2:])
        elif words[0] == "gunicorn":
            assert not recipe.gunicorn, "the recipe starts gunicorn twice"
            recipe.gunicorn = words[1:]
        elif words[0] == "celery":
            recipe.celery.append(words[1:])
        else:
            pytest.fail(f"The Deploying recipe has a line this test does not know how to run: {line!r}")
    return recipe


def with_bind(arguments: list, address: str) -> list:
    """gunicorn's arguments with the bind address replaced (the one change made to the README's line)."""
    arguments = list(arguments)
    for index, word in enumerate(arguments):
        if word in ("--bind", "-b"):
            arguments[index + 1] = address
            return arguments
        if word.startswith("--bind="):
            arguments[index] = f"--bind={address}"
            return arguments
    return [*arguments, "--bind", address]


def test_the_recipe_is_read_from_the_readme():
    recipe = deploying_recipe(README.read_text())
    assert recipe.exports == {"DJANGO_SETTINGS_MODULE": "fls.settings_production"}
    assert ["check", "--deploy", "--fail-level", "WARNING"] in recipe.manage_commands
    assert ["migrate"] in recipe.manage_commands
    assert ["collectstatic", "--noinput"] in recipe.manage_commands
    assert recipe.gunicorn[0] == "fls.wsgi"
    assert [arguments[:3] for arguments in recipe.celery] == [["-A", "fls", "worker"], ["-A", "fls", "beat"]]
    assert with_bind(recipe.gunicorn, "127.0.0.1:1")[1:3] == ["--bind", "127.0.0.1:1"]


# --- A throwaway deployment -------------------------------------------------------------------


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the deploy test needs DATABASE_URL on PostgreSQL (production refuses SQLite); make test sets it")
    return url


def _maintenance_connection(url: str):
    import dj_database_url
    import psycopg2

    parts = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres", user=parts.get("USER") or None, password=parts.get("PASSWORD") or None,
        host=parts.get("HOST") or None, port=parts.get("PORT") or None, connect_timeout=5,
    )
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def throwaway_database_url():
    url = _database_url()
    # Named after the run's database, so helpers sharing a server can tell whose it is (63 bytes at most).
    name = f"{(urlsplit(url).path.lstrip('/') or 'fls')[:40]}_deploy_{secrets.token_hex(4)}"
    connection = _maintenance_connection(url)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with connection.cursor() as cursor:
            # FORCE: a connection left by a killed process must not keep the database alive (PostgreSQL 13+).
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Deployment:
    static_root: Path
    port: int
    outputs: dict  # command -> its stdout
    patient: dict  # {"id": ..., "name": ...} of a patient at the nurse's site
    queue: str  # the deployment's own Celery queue
    celery_logs: dict  # "worker" / "beat" -> the log file of that README line's process


def _production_environment(*, database_url: str, static_root: Path, recipe: Recipe) -> dict:
    # Only what a server would have: none of the test run's own variables (DJANGO_SETTINGS_MODULE=fls.settings,
    # DJANGO_ALLOW_ASYNC_UNSAFE, FLS_REQUIRE_REAL_SERVICES...) reach the deployment.
    kept = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"}}
    return {
        **kept,
        **recipe.exports,
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "DATABASE_URL": database_url,
        # Required by the profile; nothing in this journey queues a task, so it is not connected to.
        "REDIS_URL": os.environ.get("REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0",
        # Its own queue: nothing it queues may reach the test run's Celery worker.
        "CELERY_QUEUE": f"fls-deploy-test-{secrets.token_hex(4)}",
        "STATIC_ROOT": str(static_root),
        "PYTHONUNBUFFERED": "1",
    }


def _run(arguments: list, environment: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        arguments, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )


def _manage(arguments: list) -> list:
    # `python` in the README is the virtualenv's: the interpreter running the tests.
    return [sys.executable, "manage.py", *arguments]


# Made with seed_demo (proving it works in production too), then one of the nurse's patients is looked up.
SEED_AND_FIND_A_PATIENT = f"""
import json
from django.core.management import call_command
from fls.models import User
from fls.selectors import visible_site_ids
from patients.models import Patient
call_command("seed_demo", patients=5, seed=1, password={DEMO_PASSWORD!r}, verbosity=0)
nurse = User.objects.get(username={NURSE!r})
patient = Patient.objects.filter(site_id__in=visible_site_ids(nurse)).order_by("pk").first()
print(json.dumps({{"id": patient.pk, "name": str(patient)}}))
"""


def _forget_queue(redis_url: str, queue: str) -> None:
    """The deployment's queue and its binding leave Redis with it."""
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
    except redis.RedisError:
        pass


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (gunicorn's or Celery's workers too), then SIGKILL if it lingers."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass


def _wait_until_gunicorn_answers(process: subprocess.Popen, port: int, log: Path) -> None:
    """Until a worker answers: the master listens before its workers have imported the app."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        connection = HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/", headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"})
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
        finally:
            connection.close()
    pytest.fail(f"gunicorn did not answer on 127.0.0.1:{port} within {STARTUP_TIMEOUT}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def deployment(throwaway_database_url, tmp_path_factory):
    recipe = deploying_recipe(README.read_text())
    workspace = tmp_path_factory.mktemp("deploy")
    static_root = workspace / "static"
    environment = _production_environment(database_url=throwaway_database_url, static_root=static_root, recipe=recipe)
    outputs = {}
    seeding = None
    try:
        for arguments in recipe.manage_commands:
            if arguments[0] == "collectstatic":
                # The demo data does not depend on static files: made meanwhile, to keep within the time budget.
                seeding = subprocess.Popen(
                    _manage(["shell", "-c", SEED_AND_FIND_A_PATIENT]),
                    cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                )
            result = _run(_manage(arguments), environment)
            command = " ".join(["python", "manage.py", *arguments])
            assert result.returncode == 0, f"`{command}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
            outputs[command] = result.stdout + result.stderr
        assert seeding is not None, "the recipe has no collectstatic line"
        seed_out, seed_err = seeding.communicate(timeout=180)
    finally:
        if seeding is not None and seeding.poll() is None:
            seeding.kill()
            seeding.wait()
    assert seeding.returncode == 0, f"seed_demo in production failed:\n{seed_out}\n{seed_err}"
    patient = json.loads(seed_out.strip().splitlines()[-1])

    port = _free_loopback_port()
    log = workspace / "gunicorn.log"
    with log.open("w") as log_file:
        gunicorn = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), *with_bind(recipe.gunicorn, f"127.0.0.1:{port}")],
            cwd=PROJECT_ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT,
            # Its own process group, so stopping it takes its workers down too.
            start_new_session=True,
        )
    services = [gunicorn]
    celery_logs = {}
    try:
        for arguments in recipe.celery:
            role = arguments[arguments.index("-A") + 2]  # celery -A fls worker|beat ...
            celery_logs[role] = workspace / f"celery-{role}.log"
            with celery_logs[role].open("w") as log_file:
                services.append(subprocess.Popen(
                    [str(VENV_BIN / "celery"), *arguments],
                    # From a scratch folder with the checkout importable: beat writes its schedule file
                    # (celerybeat-schedule) into its working directory, which must not be the checkout.
                    cwd=workspace, env={**environment, "PYTHONPATH": str(PROJECT_ROOT)},
                    stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
                ))
        _wait_until_gunicorn_answers(gunicorn, port, log)
        yield Deployment(
            static_root=static_root, port=port, outputs=outputs, patient=patient,
            queue=environment["CELERY_QUEUE"], celery_logs=celery_logs,
        )
    finally:
        for service in services:
            _stop(service)
        _forget_queue(environment["REDIS_URL"], environment["CELERY_QUEUE"])


# --- A browser's requests through a TLS proxy, in plain HTTP ----------------------------------


class ProxiedBrowser:
    """Requests as they reach gunicorn from a proxy that terminated TLS: Host and X-Forwarded-Proto set.

    Cookies are kept by hand: they are Secure (production), which a cookie jar would only send over TLS.
    """

    def __init__(self, port: int):
        self.port = port
        self.cookies = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        request_headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            request_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            request_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=request_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                assert morsel["secure"], f"cookie {name} is not Secure in production"
                self.cookies[name] = morsel.value
        return response, content

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs):
        return self.request("POST", path, form=form, **kwargs)


def _page(content: bytes) -> str:
    return content.decode("utf-8")


# --- The checks -------------------------------------------------------------------------------


def test_the_deployment_checks_pass_with_no_warnings(deployment):
    output = deployment.outputs["python manage.py check --deploy --fail-level WARNING"]
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_collectstatic_wrote_hashed_names_to_static_root(deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/fls.css"]
    assert re.fullmatch(r"css/fls\.[0-9a-f]{12}\.css", hashed)
    assert (deployment.static_root / hashed).is_file()


def test_plain_http_is_sent_to_https(deployment):
    response, _ = ProxiedBrowser(deployment.port).get("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
    assert response.status == 301
    assert response.getheader("Location") == f"https://{PUBLIC_HOST}/accounts/login/"


def test_the_login_page_is_served(deployment):
    response, content = ProxiedBrowser(deployment.port).get("/accounts/login/")
    assert response.status == 200
    assert "Log in to FLS Tracker" in _page(content)
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")


def test_a_hashed_static_file_is_served_with_its_type(deployment):
    manifest = json.loads((deployment.static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/chartjs-4.5.1/chart.umd.min.js"]
    browser = ProxiedBrowser(deployment.port)
    response, content = browser.get(f"/static/{hashed}")
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/javascript")
    assert b"Chart.js v4.5.1" in content
    # The login page links the hashed names, which may be cached for ever.
    _, login_page = browser.get("/accounts/login/")
    assert f'/static/{manifest["paths"]["css/fls.css"]}' in _page(login_page)
    response, _ = browser.get(f'/static/{manifest["paths"]["css/fls.css"]}')
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/css")


def test_a_nurse_signs_in_and_opens_a_patients_page(deployment):
    browser = ProxiedBrowser(deployment.port)
    response, content = browser.get("/accounts/login/")
    assert response.status == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _page(content)).group(1)
    assert "csrftoken" in browser.cookies

    response, _ = browser.post(
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": NURSE, "password": DEMO_PASSWORD, "next": ""},
        # A browser's POST names where it comes from; Django checks it against the host over HTTPS.
        headers={"Origin": f"https://{PUBLIC_HOST}", "Referer": f"https://{PUBLIC_HOST}/accounts/login/"},
    )
    assert response.status == 302, "signing in failed"
    assert "sessionid" in browser.cookies

    response, content = browser.get(reverse("patients:patient_detail", args=[deployment.patient["id"]]))
    assert response.status == 200
    assert html.escape(deployment.patient["name"]) in _page(content)


def test_a_form_without_its_csrf_token_is_refused_with_the_apps_page(deployment):
    browser = ProxiedBrowser(deployment.port)
    response, content = browser.post("/accounts/login/", {"username": NURSE, "password": DEMO_PASSWORD})
    assert response.status == 403
    assert "The form could not be sent" in _page(content)


def _wait_for_line(log: Path, text: str, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text():
            return
        time.sleep(0.3)
    pytest.fail(f"{log.name} did not say {text!r} within {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def test_the_celery_worker_runs_a_task_against_the_deployment(deployment):
    if not os.environ.get("REDIS_URL", "").strip():
        pytest.skip("sending the worker a task needs REDIS_URL set for the test run too; make test sets it")
    from fls.celery import app

    _wait_for_line(deployment.celery_logs["worker"], " ready.")
    # The task beat sends every minute: it writes the worker's heartbeat to the deployment's database.
    result = app.send_task("fls.tasks.record_worker_heartbeat", queue=deployment.queue)
    try:
        assert result.get(timeout=60)
    finally:
        result.forget()


def test_celery_beat_starts(deployment):
    _wait_for_line(deployment.celery_logs["beat"], "beat: Starting...")


def test_an_unknown_address_gets_the_apps_404_page(deployment):
    response, content = ProxiedBrowser(deployment.port).get("/no-such-page/")
    page = _page(content)
    assert response.status == 404
    assert 'data-testid="error-page"' in page
    assert "Page not found" in page
    assert 'href="/" data-testid="error-way-back"' in page
