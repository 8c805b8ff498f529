"""A Japanese FLS team reads its pages in Japanese (issue 18): every page a Sakura nurse, clinician or manager
opens, on every shape of the demo's data, is scanned for English words left in the text a person reads.

What may stay in Latin letters: the abbreviations clinicians use as they are (DXA, FRAX, eGFR…; see
docs/translation-glossary.md), units, and the data itself (the demo's site names, usernames, e-mail addresses,
codes). Everything else a page shows is a string that missed the catalogue or was never marked.

Text stored as it was written (notes, reasons, the warnings a clinician acknowledged, the timeline's entries) is in
the writer's language: the demo writes each site's records in its language, as its staff would."""
import re
from datetime import date
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from casefinding.intake import COLUMNS as CASEFINDING_COLUMNS
from demo.services import demo_seed
from fls.models import Site, User

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
# Latin words a Japanese page may show: the clinic's abbreviations, units, and formats named to the reader.
ALLOWED = {
    "FLS", "DXA", "FRAX", "VFA", "EGFR", "KPI", "KPIS", "CSV", "PDF", "NHS", "HL7", "MLLP", "RAG", "NOGG", "NICE",
    "IOF", "NOF", "FFN", "SPC", "BMD", "AOM", "CKD", "PTH", "TSH", "ALP", "ESR", "CRP", "SQ", "ID", "IDS", "MG", "ML",
    "MMOL", "NMOL", "UMOL", "KG", "CM", "IU", "SC", "IV", "DB", "YYYY", "MM", "DD", "BMI", "GP", "DOB", "OTP", "QR",
    "HTML", "AM", "PM", "UTF", "BOM", "RCP", "WHO", "DMB", "ADT", "ORU", "ACK", "TOTP", "URL", "B001", "MIPS",
    "ROS", "FLSDB", "FLS-DB", "DAY", "WEEK", "MONTH", "MIN", "MAX", "YYYY-MM-DD", "DD-MM-YYYY",
    "TRACKER",  # the product's name, FLS Tracker
}
_SKIP_ELEMENTS = {"script", "style", "code", "pre", "template"}


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script/style/code, plus titles, placeholders and labels."""

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_ELEMENTS:
            self.skipping += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in _SKIP_ELEMENTS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def english_words(html: str, data_words: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        part = re.sub(r"\S*/\S*", " ", part)  # paths and addresses: docs/clinical-rules.md#..., ORU^R01/...
        part = re.sub(r"[\w-]+(?:\.[\w-]+)*\.(?:uk|org|com|jp|net|gov|int)\b", " ", part)  # a site named: nogg.org.uk
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_'\-]{2,}", part):
            if "_" in word or re.search(r"\d", word):
                continue  # a file format's column name (family_name), a code or an ID (S100043, R01)
            if word.upper() not in ALLOWED and word not in data_words:
                found.append(word)
    return found


@pytest.fixture
def demo():
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        demo_seed(patients=45, seed=3, password="demo-password-2026", today=TODAY)
    sakura = Site.objects.get(code="sakura")
    # The data may be in Latin letters: the sites' names and codes, the staff's names and logins, e-mail addresses.
    data_words = set()
    for text in [*Site.objects.values_list("name", flat=True), *Site.objects.values_list("code", flat=True),
                 *User.objects.values_list("username", flat=True), *User.objects.values_list("first_name", flat=True),
                 *User.objects.values_list("last_name", flat=True), *User.objects.values_list("email", flat=True)]:
        data_words.update(re.findall(r"[A-Za-z][A-Za-z'\-]{2,}", text))
    # The radiology file's column names, which a CSV must use as they are.
    data_words.update(CASEFINDING_COLUMNS)
    return sakura, data_words


def summary(problems: dict[str, list[str]]) -> str:
    """Each English word once, with the first page showing it: what to mark or translate."""
    first = {}
    for path, words in problems.items():
        for word in words:
            first.setdefault(word, path)
    return "\n".join(f"{word}  ({path})" for word, path in sorted(first.items()))


def pages_of(client, paths, data_words) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert response.headers["Content-Language"] == "ja", path
        words = english_words(response.content.decode(), data_words)
        if words:
            problems[path] = sorted(set(words))
    return problems


def test_every_page_of_a_japanese_nurses_day_is_in_japanese(client, demo):
    sakura, data_words = demo
    client.force_login(User.objects.get(username="nurse_sakura"))
    tabs = [f"{reverse('worklists:nurse')}?tab={tab}" for tab in
            ("triage", "assessment", "dxa", "decision", "signoff", "due", "overdue", "lost", "treatment")]
    paths = [reverse("home"), *tabs, reverse("patients:patient_new"), reverse("followup:due"),
             reverse("followup:overdue"), reverse("followup:lost"), reverse("followup:notifications"),
             reverse("casefinding:report_upload"),
             reverse("patients:search") + "?q=%E3%81%82"]
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        problems = pages_of(client, paths, data_words)
    assert not problems, summary(problems)


def test_a_japanese_clinicians_and_managers_pages_are_in_japanese(client, demo):
    sakura, data_words = demo
    clinician = User.objects.get(username="clinician_sakura")
    manager = User.objects.get(username="manager")
    User.objects.filter(pk=manager.pk).update(language="ja")
    manager.refresh_from_db()
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        client.force_login(clinician)
        problems = pages_of(client, [reverse("worklists:clinician"), reverse("assessments:signoff_queue"),
                                     reverse("claims:claims_list")], data_words)
        client.force_login(manager)
        problems |= pages_of(client, [reverse("audit:dashboard"), reverse("claims:claims_list"),
                                      reverse("claims:facility_standards")], data_words)
    assert not problems, summary(problems)


def test_every_patient_and_episode_page_of_the_japanese_site_is_in_japanese(client, demo):
    """Every shape of the demo's Sakura data: each patient's page, each fracture episode's page, as the nurse
    reads them (the clinician's view of the same page adds only sign-off controls, scanned on the queue)."""
    from patients.models import FractureEpisode, Patient

    sakura, data_words = demo
    client.force_login(User.objects.get(username="nurse_sakura"))
    paths = [reverse("patients:patient_detail", args=[pk])
             for pk in Patient.objects.filter(site=sakura).values_list("pk", flat=True)]
    paths += [reverse("patients:episode_detail", args=[pk])
              for pk in FractureEpisode.objects.filter(patient__site=sakura).values_list("pk", flat=True)]
    assert len(paths) > 10
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        problems = pages_of(client, paths, data_words)
    assert not problems, summary(problems)


def test_every_letter_of_the_japanese_site_is_in_japanese_whoever_prints_it(client, demo):
    """Letters are written in the site's language (fls.pdf.letter_language): a Sakura nurse who reads the app in
    English still prints Japanese letters, on every shape of the demo's data — each episode's letter to the
    doctor (the referral form, 診療情報提供書) and to the patient, each course's dose reminder, each follow-up's
    reminder letter — and the PDF's page furniture is Japanese too."""
    from assessments.models import Assessment, TreatmentDecision
    from followup.models import PatientReminderLetter
    from patients.models import FractureEpisode
    from tests.pdf import keep_pdf, pdf_pages
    from treatment.models import TreatmentCourse

    sakura, data_words = demo
    User.objects.filter(username="nurse_sakura").update(language="en-gb")
    client.force_login(User.objects.get(username="nurse_sakura"))
    with_letter = (set(Assessment.objects.values_list("episode_id", flat=True))
                   | set(TreatmentDecision.objects.values_list("episode_id", flat=True)))
    episodes = FractureEpisode.objects.filter(pk__in=with_letter, patient__site=sakura).values_list("pk", flat=True)
    paths = [reverse(name, args=[pk]) for pk in episodes for name in ("assessments:letter_pdf",
                                                                        "assessments:patient_letter_pdf")]
    paths += [reverse("treatment:reminder_letter", args=[pk]) + "?format=pdf"
              for pk in TreatmentCourse.objects.filter(site=sakura).values_list("pk", flat=True)]
    paths += [reverse("followup:letter_pdf", args=[pk])
              for pk in PatientReminderLetter.objects.filter(follow_up__site=sakura).values_list("pk", flat=True)]
    assert len(paths) >= 20
    problems, forms, kinds = {}, 0, set()
    with time_machine.travel("2026-06-01 09:00 +09:00", tick=False):
        for path in paths:
            response = client.get(path)
            if response.status_code == 404 and "reminder-letter" in path:
                continue  # a course with no dose to book (tablets, a course stopped) has no reminder
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), path
            kinds.add(re.sub(r"\d+", "N", path))
            assert response.headers["Content-Language"] == "en-gb"  # the page around it: her own language
            pages = pdf_pages(response.content)
            text = "\n".join(pages)
            if "診療情報提供書" in "".join(text.split()):  # its title is spaced out
                forms += 1
                if forms == 1:
                    keep_pdf("referral-form-sakura", response.content)  # to be looked at
            assert f"1 / {len(pages)}" in pages[0] and "Page" not in text, path
            words = english_words(text, data_words)
            if words:
                problems[path] = sorted(set(words))
    assert not problems, summary(problems)
    assert forms == len(episodes)  # every letter to a doctor is the referral form
    assert len(kinds) == 4, kinds  # each kind of letter was printed
