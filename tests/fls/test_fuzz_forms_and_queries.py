"""Every page and every form of the app, as each role, fed hostile values (issue 14, "A fuzz test in the suite").

The test finds the pages itself: it walks Django's URL patterns, fills each pattern's arguments with ids of
real objects (a demo site built by `seed_demo`'s own pieces, plus an import batch, a case-finding batch and
an advice request), and as each persona GETs every page with hostile values in the query string (the names
a page's own GET forms use, and the common ones), then POSTs every form each page renders with hostile
values, all fields at once and one field at a time. A page or form added later is fuzzed without anyone
listing it; a pattern whose argument the test cannot fill fails the test until ARGUMENTS learns it.

It asserts: no response is a server error (>= 500); a refused POST (the form shown again, 200) wrote
nothing; a text accepted in full is stored in full (never cut); no response carries the script payload
unescaped; a POST without its CSRF token is refused (403).

Bounded: a fixed random seed picks a sample of the payloads for each page and field, and a time budget
stops the optional rounds (the one-field-at-a-time sweep) early on a slow machine; every page and form still
gets its plain GET, its query-string payloads, its CSRF check and its all-fields rounds.
"""
import random
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote_plus, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

SEED = 14
# Seconds after which the optional one-field-at-a-time rounds stop (the whole test stays under 2 minutes).
BUDGET_SECONDS = 55

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    "",
    "   \t  ",
    "x" * 10_000,
    "y" * 100_000,
    "nul\x00byte",
    "\x00",
    # A lone surrogate cannot be sent as UTF-8: it goes as the invalid byte 0xFF (see _encoded).
    "lone \udcff surrogate",
    "\u202eevil.exe\u202c",
    "bones \U0001f9b4\U0001f480 emoji",
    "e\u0301\u0301\u0301 combining",
    "' OR 1=1 --",
    SCRIPT,
    "99999999999999999999999999",
    "-99999999999999999999",
    "-1",
    "1e309",
    "NaN",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "99999-01-01",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]
# Texts that, if a form accepts them, must be stored exactly as sent (after the usual trim of spaces).
MUST_BE_KEPT_WHOLE = {"x" * 10_000, "bones \U0001f9b4\U0001f480 emoji", "e\u0301\u0301\u0301 combining"}
# Fields that say where to go next, never stored.
NOT_STORED = ["next", "from"]
COMMON_PARAMETERS = ["q", "page", "site", "from", "to", "next", "sort", "tab", "status", "dir", "nurse",
                     "fracture", "mine", "candidate", "signoff_page"]
# The payloads each page's query string gets, and each form gets with every field at once (a sample).
GET_SAMPLE = 6
ALL_FIELDS_SAMPLE = 5
ONE_FIELD_SAMPLE = 2

# URL names never requested, and why.
SKIPPED = {
    "logout": "signs the persona out: every later request would be the login page",
    "login": "the persona is signed in already (the login form redirects); throttling has its own tests",
}
# Django's admin is left out: its forms and lists are Django's own (tested upstream), it is for
# administrators configuring sites, users and lexicon terms, and its delete pages are destructive by design.
SKIPPED_NAMESPACES = {"admin"}


def _is_skipped(name: str) -> bool:
    return name in SKIPPED or name.split(":")[0] in SKIPPED_NAMESPACES


# --- the pages, from the URL patterns ----------------------------------------------------------


@dataclass
class Pattern:
    name: str
    route: str
    arguments: list[str]


def url_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            route = prefix + str(entry.pattern)
            yield Pattern(f"{namespace}{entry.name}", route, list(entry.pattern.converters))


def _segment_before(route: str, argument: str) -> str:
    """The fixed part of the path just before `<…:argument>`: what kind of object it names."""
    head = route.split(f":{argument}>")[0]
    head = head[: head.rfind("<")].rstrip("/")
    return head.rsplit("/", 1)[-1]


# --- parsing the forms a page renders ---------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)

    def key(self):
        """The same form on another record (the episode page of another episode) is fuzzed once."""
        return self.method, _url_name(self.action), tuple(sorted(f["name"] for f in self.fields))


class FormParser(HTMLParser):
    def __init__(self, page_url):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.page_url
            self.form = Form(urljoin(self.page_url, action), (a.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None or not a.get("name"):
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "reset", "button"):
                return
            known = next((f for f in self.form.fields if f["name"] == a["name"]), None)
            if kind in ("checkbox", "radio") and "checked" not in a:
                # Unticked: not sent unless the test sends it; kept so it is fuzzed.
                if known is None:
                    self.form.fields.append({"name": a["name"], "type": kind, "value": None})
                return
            if known is not None and known["value"] is None:
                self.form.fields.remove(known)
            self.form.fields.append({"name": a["name"], "type": kind, "value": a.get("value", "")})
        elif tag == "select":
            self.select = {"name": a["name"], "type": "select", "value": None}
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            if self.select["value"] is None or "selected" in a:
                self.select["value"] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = {"name": a["name"], "type": "textarea", "value": ""}
            self.form.fields.append(self.textarea)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def page_forms(url: str, html: str) -> list[Form]:
    parser = FormParser(url)
    parser.feed(html)
    return [f for f in parser.forms if urlsplit(f.action).netloc in ("", "testserver")]


# --- what is in the database --------------------------------------------------------------------

CLINICAL_APPS = ("fls", "patients", "casefinding", "assessments", "treatment", "followup", "worklists", "audit")
# Written by reading a page (each view of a patient's record is logged), not by a form.
WRITTEN_BY_READING = {"patients.PatientRecordAccess", "fls.WorkerHeartbeat"}


def _counted_tables():
    tables = []
    for model in apps.get_models():
        if model._meta.app_label in CLINICAL_APPS and model._meta.label not in WRITTEN_BY_READING:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def row_counts(tables) -> tuple:
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def stored_anywhere(text: str) -> bool:
    for model in apps.get_models():
        if model._meta.app_label not in CLINICAL_APPS:
            continue
        names = [f.name for f in model._meta.concrete_fields if f.get_internal_type() in ("CharField", "TextField")]
        for name in names:
            if model._default_manager.filter(**{name: text}).exists():
                return True
    return False


# --- the data --------------------------------------------------------------------------------------


@pytest.fixture
def clinic(db, settings):
    """A small demo deployment (three sites, a login per role, patients at several stages) and, at site
    "north", an episode with every record a page can show, an import batch, a case-finding batch with a
    candidate and an advice request."""
    from datetime import date

    from assessments import letters, selectors
    from assessments import services as assessment_services
    from assessments.models import BloodResult, LetterSent, VertebralFracture
    from casefinding.intake import report_batch_from_file
    from casefinding.models import RadiologyReport
    from demo.services import demo_seed
    from fls.models import Site, User
    from followup import demo as followup_demo
    from followup.models import FollowUp, PatientReminderLetter
    from patients import pathway
    from treatment.models import TreatmentCourse
    from patients import services as patient_services
    from patients.importing import import_batch_create, import_batch_run
    from patients.models import FractureEpisode
    from worklists.services import advice_request_create

    today = date.today()
    demo_seed(patients=24, seed=SEED, password="fuzz-persona-password-14", today=today)
    north = Site.objects.get(code="north")
    users = {u.username: u for u in User.objects.all()}
    nurse, clinician = users["nurse_north"], users["clinician_north"]
    # One episode with everything a page can show, made by the demo's own steps: assessment, bloods, a
    # signed-off decision, the letter sent, follow-ups and (no phone number) a patient reminder letter.
    rng = random.Random(SEED)
    patient = patient_services.patient_create(
        site=north, by=nurse, confirm_possible_duplicate=True, local_id="FUZZ01", family_name="Fuzzed",
        given_name="Rita", date_of_birth=date(1944, 5, 6), sex="female", gp_practice_name="Fuzz Lane Surgery")
    fractured = followup_demo.fracture_date_for("follow_up_due", rng=rng, today=today)
    rich = patient_services.episode_create(
        patient=patient, by=nurse, fracture_date=fractured, fracture_site="wrist", side="left", mechanism="low",
        identified_on=fractured, source="ed", assigned_nurse=nurse).episode
    pathway.accept_for_assessment(rich, by=nurse)
    followup_demo.advance(rich, "follow_up_due", rng=rng, nurse=nurse, clinician=clinician, today=today)
    assessment_services.vertebral_fracture_add(episode=rich, by=nurse, found_by="vfa", seen_on=today, level="t12",
                                               grade="2", age="new")
    assessment_services.letter_record_sent(
        episode=rich, by=nurse, sent_on=today, method="post", recipient="Fuzz Lane Surgery",
        content_html=letters.render_letter_document(
            body=letters.render_letter_body(episode=rich, record=selectors.episode_assessment_record(rich)),
            site=rich.site))
    followup_demo.scan(today)
    batch = import_batch_create(site=north, by=nurse, filename="fuzz.csv", raw_bytes=(
        b"local_id,family_name,given_name,date_of_birth,sex,fracture_date,fracture_site,side,mechanism,"
        b"identified_on,source\nZ900001,Fuzz,Ann,1940-01-02,female,2026-01-05,wrist,left,low,2026-01-06,ed\n"
        b"Z900002,,Ann,1940-01-02,female,2026-01-05,wrist,left,low,2026-01-06,ed\n"))
    import_batch_run(batch.pk)
    reports = report_batch_from_file(site=north, by=nurse, filename="reports.csv", raw_bytes=(
        "accession,local_id,family_name,given_name,date_of_birth,sex,exam_date,modality,body_part,report_text\n"
        "ACC-FUZZ-1,Z800001,Report,Bea,1941-02-03,female,2026-01-10,XR,wrist,"
        "Impression: acute fracture of the distal radius.\n").encode())
    episodes = FractureEpisode.objects.filter(site=north)
    advice = advice_request_create(episode=rich, by=nurse, question="Is alendronate right here?")
    by_state = {}
    for episode in episodes.order_by("pk"):
        by_state.setdefault(episode.state, episode)
    follow_up = FollowUp.objects.filter(episode=rich, status="scheduled").first()
    from treatment import services as treatment_services

    course = TreatmentCourse.objects.get(episode=rich)  # opened by the sign-off: its dose, review and stop forms
    dose = treatment_services.dose_record(course=course, by=nurse, given_on=today, place="fls_clinic")
    return {
        "users": users,
        "site": north,
        "episodes": [rich] + [by_state[s] for s in ("identified", "awaiting_assessment", "excluded")
                              if s in by_state],
        "rich": rich,
        "blood": BloodResult.objects.filter(assessment__episode=rich).first(),
        "vertebral_fracture": VertebralFracture.objects.filter(assessment__episode=rich).first(),
        "letter_sent": LetterSent.objects.filter(episode=rich).first(),
        "follow_up": follow_up,
        "reminder_letter": PatientReminderLetter.objects.filter(follow_up__episode=rich).first(),
        "import_batch": batch,
        "report_batch": reports.batch,
        "candidate": RadiologyReport.objects.filter(batch=reports.batch).first(),
        "advice": advice,
        # A course with doses given in clinic (its reminder letter has a next dose), else the rich episode's.
        "course": (TreatmentCourse.objects.filter(site=north, drug__in=("denosumab", "zoledronic_acid")).first()
                   or course),
        "dose": dose,
    }


def argument_values(clinic) -> dict:
    """What to put in each kind of URL argument, by (the path segment before it, its name)."""
    from assessments.services import ASSESSMENT_PARTS
    from audit.kpis import KPIS
    from patients.pathway import TRANSITIONS

    rich = clinic["rich"]
    pk = lambda obj: [obj.pk] if obj is not None else []  # noqa: E731
    return {
        ("episodes", "pk"): [e.pk for e in clinic["episodes"]],
        ("patients", "pk"): [rich.patient_id, clinic["episodes"][1].patient_id],
        ("patients", "patient_pk"): [rich.patient_id],
        ("move", "name"): [t.name for t in TRANSITIONS.values() if t.manual],
        ("assessment", "part"): list(ASSESSMENT_PARTS),
        ("bloods", "result_pk"): pk(clinic["blood"]),
        ("vertebral-fractures", "fracture_pk"): pk(clinic["vertebral_fracture"]),
        ("sent", "letter_pk"): pk(clinic["letter_sent"]),
        ("follow-ups", "pk"): pk(clinic["follow_up"]),
        ("letters", "pk"): pk(clinic["reminder_letter"]),
        ("settings", "code"): [clinic["site"].code],
        ("sites", "code"): [clinic["site"].code],
        ("imports", "pk"): pk(clinic["import_batch"]),
        ("batches", "pk"): pk(clinic["report_batch"]),
        ("candidates", "pk"): pk(clinic["candidate"]),
        ("advice", "pk"): pk(clinic["advice"]),
        ("kpis", "number"): [k.number for k in KPIS][:3],
        ("courses", "course_id"): pk(clinic["course"]),
        ("doses", "dose_id"): pk(clinic["dose"]),
        # claims (Japan's FLS management fee): the clinic's site is not in Japan, so these answer 404.
        ("episodes", "episode_id"): [e.pk for e in clinic["episodes"]][:2],
        ("admissions", "admission_id"): [],
        ("facility", "code"): [clinic["site"].code],
    }


def page_urls(clinic, problems) -> list[str]:
    values = argument_values(clinic)
    rich = clinic["rich"].pk
    urls = []
    for pattern in url_patterns():
        if _is_skipped(pattern.name):
            continue
        if not pattern.arguments:
            urls.append(reverse(pattern.name))
            continue
        choices = {}
        for argument in pattern.arguments:
            key = (_segment_before(pattern.route, argument), argument)
            if key not in values:
                problems.append(f"{pattern.name} ({pattern.route}): the fuzz test cannot fill <{argument}>; "
                                f"add {key!r} to argument_values()")
                break
            choices[argument] = values[key]
        else:
            # Several arguments belong together (an episode and its blood result): use the rich episode then.
            if len(choices) > 1 and "pk" in choices and pattern.route.startswith("episodes/"):
                choices["pk"] = [rich]
            combos = [{}]
            for argument, options in choices.items():
                combos = [dict(c, **{argument: o}) for c in combos for o in options]
            for kwargs in combos:
                urls.append(reverse(pattern.name, kwargs=kwargs))
    return urls


# --- the fuzzing -------------------------------------------------------------------------------------


def _encoded(data: dict) -> str:
    """A query string or urlencoded body, with a lone surrogate sent as the raw byte it escapes."""
    return "&".join(f"{quote_plus(k)}={quote_plus(str(v).encode('utf-8', 'surrogateescape'))}"
                    for k, v in data.items())


def _upload(payload: str, name="hostile.csv"):
    header = ("local_id,family_name,given_name,date_of_birth,sex,fracture_date,fracture_site,side,mechanism,"
              "identified_on,source,accession,exam_date,modality,body_part,report_text\n")
    row = ",".join(['"' + payload.replace('"', '""') + '"'] * 16) + "\n"
    return SimpleUploadedFile(name, (header + row).encode("utf-8", "surrogateescape"), content_type="text/csv")


class Fuzzer:
    def __init__(self, clinic, rng):
        self.clinic = clinic
        self.rng = rng
        self.problems: list[str] = []
        self.tables = _counted_tables()
        self.requests = 0
        self.forms = 0
        self.skipped = 0
        self.started = time.monotonic()

    def over_budget(self) -> bool:
        return time.monotonic() - self.started > BUDGET_SECONDS

    def check(self, who, method, url, response, sent=None):
        self.requests += 1
        where = f"{who} {method} {url}" + (f" {sent}" if sent else "")
        if response.status_code >= 500:
            self.problems.append(f"{response.status_code} on {where}")
        body = response.content if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
        if SCRIPT.encode() in body:
            self.problems.append(f"unescaped script tag in the response to {where}")
        return body

    def get(self, client, who, url, params=None, label=None):
        try:
            with transaction.atomic():
                response = client.get(f"{url}?{_encoded(params)}" if params else url)
        except Exception as exc:  # the test client re-raises a view's exception: that is a 500
            self.problems.append(f"500 ({type(exc).__name__}: {str(exc)[:120]}) on {who} GET {url} {label or ''}")
            return None, b""
        return response, self.check(who, "GET", url, response, label)

    def post(self, client, who, url, data, label):
        before = row_counts(self.tables)
        try:
            # A savepoint, so a request that breaks the transaction does not break the rest of the test.
            with transaction.atomic():
                if any(hasattr(v, "read") for v in data.values()):
                    response = client.post(url, {k: v if hasattr(v, "read") else v.encode("utf-8", "surrogateescape")
                                                 .decode("utf-8", "replace") for k, v in data.items()})
                else:
                    response = client.post(url, _encoded(data), content_type="application/x-www-form-urlencoded")
        except Exception as exc:  # the test client re-raises a view's exception: that is a 500
            self.problems.append(f"500 ({type(exc).__name__}: {str(exc)[:120]}) on {who} POST {url} {label}")
            return None
        self.check(who, "POST", url, response, label)
        if refused(response) and row_counts(self.tables) != before:
            changed = [t for t, b, a in zip(self.tables, before, row_counts(self.tables)) if a != b]
            self.problems.append(f"a refused POST wrote to {', '.join(changed)}: {who} POST {url} {label}")
        return response

    def fuzz_query_strings(self, client, who, url, forms):
        names = set(COMMON_PARAMETERS)
        for form in forms:
            if form.method == "get":
                names.update(f["name"] for f in form.fields)
        for payload in self.rng.sample(PAYLOADS, GET_SAMPLE):
            self.get(client, who, url, {name: payload for name in sorted(names)}, f"every parameter={payload[:20]!r}")
        for name in sorted(names - set(COMMON_PARAMETERS)):
            payload = self.rng.choice(PAYLOADS)
            self.get(client, who, url, {name: payload}, f"{name}={payload[:20]!r}")

    def fuzz_form(self, client, who, page_url, form, token):
        url = form.action
        baseline = {}
        for f in form.fields:
            if f["name"] == "csrfmiddlewaretoken" or f["value"] is None or f["type"] == "file":
                continue
            baseline[f["name"]] = f["value"]
        files = [f["name"] for f in form.fields if f["type"] == "file"]
        fuzzable = [f["name"] for f in form.fields if f["name"] != "csrfmiddlewaretoken"]
        csrf = {"csrfmiddlewaretoken": token}

        # A POST without its CSRF token is refused.
        response = None
        try:
            with transaction.atomic():
                response = client.post(url, _encoded(baseline), content_type="application/x-www-form-urlencoded")
        except Exception as exc:
            self.problems.append(f"500 ({type(exc).__name__}) on {who} POST {url} without a CSRF token")
        if response is not None and response.status_code != 403:
            self.problems.append(f"{response.status_code}, not 403, for {who} POST {url} without a CSRF token")

        def send(data, label):
            data = dict(data)
            for name in files:
                data[name] = _upload(data.pop(name, "") or "x")
            response = self.post(client, who, url, {**data, **csrf}, label)
            return response

        for payload in self.rng.sample(PAYLOADS, ALL_FIELDS_SAMPLE):
            send({**baseline, **{name: payload for name in fuzzable}}, f"every field={payload[:20]!r}")
        self.forms += 1
        if self.over_budget():
            self.skipped += 1
            return
        kinds = {f["name"]: f["type"] for f in form.fields}
        for name in fuzzable:
            payloads = self.rng.sample(PAYLOADS, ONE_FIELD_SAMPLE)
            typed = kinds.get(name) in ("text", "textarea", "search", "email", "tel")
            if typed:
                # A text a person could type: if the form takes it, it must come back exactly as sent.
                payloads.append(self.rng.choice(sorted(MUST_BE_KEPT_WHOLE)))
            for payload in payloads:
                response = send({**baseline, name: payload}, f"{name}={payload[:20]!r}")
                # (Only where a person types: a hidden field's text, such as a notification's id, is not kept.)
                if (response is not None and response.status_code in (301, 302) and not refused(response)
                        and typed and payload in MUST_BE_KEPT_WHOLE and name not in files + NOT_STORED
                        and not stored_anywhere(payload.strip())):
                    self.problems.append(f"{who} POST {url} {name}: a {len(payload)}-character text was accepted "
                                         "but is not stored as sent")

    def run_persona(self, who, user, urls):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        seen_forms, seen_pages = set(), set()
        for url in urls:
            response, body = self.get(client, who, url)
            if response is None or response.status_code != 200:
                continue
            content_type = response.get("Content-Type", "")
            forms = page_forms(url, body.decode("utf-8", "replace")) if "html" in content_type else []
            # The query string of each page (not of each record's page) is fuzzed once per persona.
            if ("html" in content_type or "csv" in content_type) and _url_name(url) not in seen_pages:
                seen_pages.add(_url_name(url))
                self.fuzz_query_strings(client, who, url, forms)
            token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
            for form in forms:
                if form.method != "post" or form.key() in seen_forms:
                    continue
                if _is_skipped(_url_name(form.action)):
                    continue
                seen_forms.add(form.key())
                self.fuzz_form(client, who, url, form, token)

    def read_everything_again(self, who, user, urls):
        """Everything saved on the way is shown again: the script payload must come back escaped."""
        client = Client()
        client.force_login(user)
        for url in urls:
            self.get(client, who, url, label="(after the POSTs)")


def refused(response) -> bool:
    """The form shown again with its errors (200), or a redirect with an error message (the one-button
    forms of the episode page report there): either way nothing may have been written."""
    if response.status_code == 200:
        return True
    queued = getattr(getattr(response.wsgi_request, "_messages", None), "_queued_messages", [])
    return response.status_code in (301, 302, 303) and any(m.level >= 40 for m in queued)


def _url_name(url: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


@pytest.mark.django_db
def test_no_page_or_form_fails_on_hostile_input(clinic):
    problems = []
    urls = page_urls(clinic, problems)
    assert len(urls) > 30, urls
    fuzzer = Fuzzer(clinic, random.Random(SEED))
    users = clinic["users"]
    # Each role of site "north" (the administrator is the demo's, of every site), and a nurse of another site,
    # who must get 404s for north's records, never a 500.
    personas = [("nurse", users["nurse_north"]), ("clinician", users["clinician_north"]),
                ("manager", users["manager_north"]), ("administrator", users["admin"]),
                ("nurse of another site", users["nurse_sakura"])]
    for who, user in personas:
        fuzzer.run_persona(who, user, urls)
    for who, user in personas[:2]:
        fuzzer.read_everything_again(who, user, urls)
    elapsed = time.monotonic() - fuzzer.started
    print(f"fuzzed {len(urls)} pages, {fuzzer.forms} forms, {fuzzer.requests} requests, in {elapsed:.0f} s; "
          f"one-field rounds skipped for {fuzzer.skipped} forms (time budget)")
    # Every kind of record the fixture makes is reached, so the pages that show it are fuzzed.
    assert all(clinic[name] is not None for name in ("blood", "letter_sent", "follow_up", "reminder_letter",
                                                     "candidate", "advice", "course")), clinic
    problems += fuzzer.problems
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(set(problems)))
