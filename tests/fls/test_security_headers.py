"""Security headers in the default profile (and the production one): a Content-Security-Policy that
allows no inline script or style, `Cache-Control: no-store` on every page, export and PDF of a signed-in
user and on the login page, Referrer-Policy, Permissions-Policy and nosniff. And no template may bring
back an inline <script>, an on…= handler, a style="…" attribute, a <style> block or an hx-on attribute."""
import json
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import LetterSent
from patients import pathway
from patients import services as patient_services
from patients.models import FractureSite, Mechanism, Source
from tests.followup.conftest import decide_treatment

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = PROJECT_ROOT / "templates"

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def policy_of(response) -> dict:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: value.strip() for name, _, value in (d.partition(" ") for d in directives)}


def assert_not_stored(response):
    assert "no-store" in response["Cache-Control"], response.get("Cache-Control")


def assert_security_headers(response):
    assert policy_of(response) == POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in response["Permissions-Policy"]


@pytest.fixture
def in_follow_up(site_a, nurse_a, clinician_a):
    """An episode at site A whose treatment is signed off and started: its letter and follow-ups exist."""
    patient = patient_services.patient_create(
        site=site_a, by=nurse_a, confirm_possible_duplicate=True, local_id="HDR00001", family_name="Headerson",
        given_name="Ann", date_of_birth=date(1948, 3, 14), sex="female", gp_practice_name="Riverside Practice",
    )
    fracture_date = timezone.localdate() - timedelta(days=20)
    episode = patient_services.episode_create(
        patient=patient, by=nurse_a, fracture_date=fracture_date, fracture_site=FractureSite.WRIST, side="left",
        mechanism=Mechanism.LOW_TRAUMA, identified_on=fracture_date, source=Source.ED, assigned_nurse=nurse_a,
    ).episode
    pathway.accept_for_assessment(episode, by=nurse_a)
    decide_treatment(episode, nurse=nurse_a, clinician=clinician_a, started_on=fracture_date)
    return episode


# One page of each app, as the role that uses it.
PAGES = [
    ("fls", "admin_a", lambda ep: reverse("operations")),
    ("patients", "nurse_a", lambda ep: reverse("patients:patient_detail", args=[ep.patient_id])),
    ("casefinding", "nurse_a", lambda ep: reverse("casefinding:report_upload")),
    ("assessments", "nurse_a", lambda ep: reverse("assessments:letter", args=[ep.pk])),
    ("followup", "nurse_a", lambda ep: reverse("followup:contact", args=[ep.follow_ups.order_by("due_on")[0].pk])),
    ("worklists", "clinician_a", lambda ep: reverse("worklists:clinician")),
    ("audit", "manager_a", lambda ep: reverse("audit:dashboard")),
    ("admin", "admin_a", lambda ep: reverse("admin:index")),
]


@pytest.mark.django_db
@pytest.mark.parametrize("app, persona, url", PAGES, ids=[page[0] for page in PAGES])
def test_a_page_of_each_app_carries_the_policy_and_is_never_stored(client, request, in_follow_up, app, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(in_follow_up))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_not_stored(response)


@pytest.mark.django_db
def test_an_htmx_fragment_is_never_stored(client, nurse_a, in_follow_up):
    client.force_login(nurse_a)
    response = client.get(reverse("worklists:nurse"), {"tab": "triage"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["audit:kpi_csv", "audit:dataset_csv", "audit:outcome_csv"])
def test_a_csv_export_is_never_stored(client, manager_a, in_follow_up, name):
    client.force_login(manager_a)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert_not_stored(response)
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_letter_pdf_is_never_stored(client, nurse_a, in_follow_up):
    client.force_login(nurse_a)
    response = client.get(reverse("assessments:letter_pdf", args=[in_follow_up.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert_not_stored(response)
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_login_page_carries_the_policy_and_is_never_stored(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_not_stored(response)


@pytest.mark.django_db
def test_the_page_after_signing_out_is_never_stored(client, nurse_a):
    client.force_login(nurse_a)
    response = client.post(reverse("logout"))
    assert_not_stored(response)


@pytest.mark.django_db
def test_static_files_keep_their_own_caching(client, nurse_a):
    # WhiteNoise answers /static/ before our middleware in production; even when a file reaches Django
    # (here, in tests), the no-store rule leaves it alone: a stylesheet holds no patient data.
    client.force_login(nurse_a)
    response = client.get("/static/css/fls.css")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_the_letter_as_sent_is_served_inert_with_its_own_styles(client, nurse_a, in_follow_up):
    client.force_login(nurse_a)
    client.post(reverse("assessments:letter_sent", args=[in_follow_up.pk]), {
        "sent_on": timezone.localdate().isoformat(), "method": "post", "recipient": "Riverside Practice",
    })
    sent = LetterSent.objects.get(episode=in_follow_up)
    response = client.get(reverse("assessments:letter_sent_copy", args=[in_follow_up.pk, sent.pk]))
    assert response.status_code == 200
    policy = policy_of(response)
    # A frozen document with a <style> block: its styles apply, and nothing else can run or load.
    assert "sandbox" in policy and policy["default-src"] == "'none'"
    assert policy["style-src"] == "'unsafe-inline'" and "script-src" not in policy
    assert_not_stored(response)


def test_the_production_profile_sends_the_same_headers():
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "fls.settings_production", "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "fls.example.org", "ALLOW_SQLITE_IN_PRODUCTION": "true",
        "ALLOW_EAGER_TASKS_IN_PRODUCTION": "true",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES'], 'referrer': s.SECURE_REFERRER_POLICY, "
        "'nosniff': s.SECURE_CONTENT_TYPE_NOSNIFF, 'permissions': s.PERMISSIONS_POLICY, "
        "'middleware': s.MIDDLEWARE}))"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    production = json.loads(run.stdout)
    assert {name: " ".join(values) for name, values in production["csp"].items()} == POLICY
    assert production["referrer"] == "same-origin" and production["nosniff"] is True
    assert all(f"{feature}=()" in production["permissions"] for feature in DENIED_FEATURES)
    for middleware in ("csp.middleware.CSPMiddleware", "fls.security_headers.SecurityHeadersMiddleware",
                       "fls.idle_timeout.IdleTimeoutMiddleware"):
        assert middleware in production["middleware"]


# --- No inline script or style in any template ---------------------------------------------------

# Each pattern is something the policy would block (or that needs eval, which it does not allow).
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I),
    "<style> block": re.compile(r"<style\b", re.I),
    "on…= handler": re.compile(r"<[a-z][^<>]*?\son[a-z]+\s*=", re.I),
    "style= attribute": re.compile(r"<[a-z][^<>]*?\sstyle\s*=", re.I),
    "hx-on attribute": re.compile(r"\b(?:data-)?hx-on\b", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx js: value": re.compile(r"hx-(?:vals|headers)\s*=\s*[\"']\s*js:", re.I),
    "htmx trigger filter (needs eval)": re.compile(r"hx-trigger\s*=\s*\"[^\"]*\[", re.I),
}
# A template that must keep one, and why. Prefer none.
ALLOWED = {
    # The standalone document the PDF renderer reads, and the letter as sent is stored as: a PDF has no
    # stylesheet link to follow, and a stored letter must not change when fls.css does. It is never part of
    # a page; the stored copy is served sandboxed with its own policy (assessments.views.letter_sent_copy).
    ("fls/letter_document.html", "<style> block"),
}
DJANGO_COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


def inline_code(text: str) -> list[str]:
    text = DJANGO_COMMENTS.sub("", text)
    return [kind for kind, pattern in INLINE.items() if pattern.search(text)]


def test_no_template_has_inline_script_handlers_or_styles():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        found += [f"{name}: {kind}" for kind in inline_code(path.read_text()) if (name, kind) not in ALLOWED]
    assert not found, "Move these to static/ (README, Security):\n" + "\n".join(found)


@pytest.mark.parametrize("snippet, kind", [
    ('<script>alert(1)</script>', "inline <script>"),
    ('<script type="module">go()</script>', "inline <script>"),
    ('<style>p { color: red }</style>', "<style> block"),
    ('<select name="site" onchange="this.form.submit()">', "on…= handler"),
    ('<button\n  class="btn" onClick="print()">', "on…= handler"),
    ('<div class="x" style="width: 10%">', "style= attribute"),
    ('<form hx-on:submit="go()">', "hx-on attribute"),
    ('<form hx-on::after-request="go()">', "hx-on attribute"),
    ('<a href="javascript:go()">', "javascript: URL"),
    ("<div hx-vals='js:{a: go()}'>", "htmx js: value"),
    ('<div hx-trigger="keyup[ctrlKey]">', "htmx trigger filter (needs eval)"),
])
def test_the_template_check_finds_each_kind_of_inline_code(snippet, kind):
    assert kind in inline_code(snippet)


@pytest.mark.parametrize("snippet", [
    '<script src="/static/js/fls.js"></script>',
    '<select data-autosubmit>', '<p class="mw-36rem">Once upon a time</p>', "{# onclick=go() #}",
    '<div hx-trigger="change, input from:#wl-q delay:400ms, submit">',
])
def test_the_template_check_leaves_static_scripts_and_data_attributes_alone(snippet):
    assert inline_code(snippet) == []
