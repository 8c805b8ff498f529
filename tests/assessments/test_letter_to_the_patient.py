"""The letter to the patient: the plan in plain words (why the fracture matters, the drug, how and how often to take
it, for how long, calcium and vitamin D, the follow-up contacts, whom to contact), as a page and a PDF, with the GP
letter's permissions, recorded as sent as a letter of its own kind."""
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import regimen_text, services
from assessments.models import LetterSent, WarningAcknowledgement
from assessments.thresholds import REGIMENS, RENAL_THRESHOLD_FOR
from followup import services as followup_services
from followup.models import FollowUp
from patients.models import PatientRecordAccess
from tests.pdf import assert_is_pdf, pdf_text, squeezed

pytestmark = pytest.mark.django_db

# Words for clinicians that the GP letter uses and the patient's letter must not.
JARGON = ("eGFR", "SPC", "antiresorptive", "T-score", "FRAX", "NOGG", "mL/min", "hypocalcaemia", "contraindicated",
          "subcutaneous", "intravenous", "fragility")


def _signed_off(episode, nurse, clinician, drug, **fields):
    decision = services.treatment_decision_save(episode=episode, by=nurse, recommendation=drug,
                                                calcium_vitamin_d=fields.pop("calcium_vitamin_d", "start"), **fields)
    services.treatment_sign_off(decision=decision, by=clinician)
    return decision


def _html(client, name, episode):
    return client.get(reverse(f"assessments:{name}", args=[episode.pk]))


def _letter_text(response) -> str:
    """The words of the letter itself (not the page around it), without tags."""
    assert response.status_code == 200
    body = response.content.decode().split('data-testid="letter"')[1].split("</article>")[0]
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", body).split()))


@pytest.mark.parametrize("drug", REGIMENS)
def test_the_patient_letter_explains_each_drug_in_plain_words(client, assessed_episode, nurse_a, clinician_a, drug):
    _signed_off(assessed_episode, nurse_a, clinician_a, drug)
    client.force_login(nurse_a)
    regimen = REGIMENS[drug]
    letter = _letter_text(_html(client, "patient_letter", assessed_episode))
    pdf = client.get(reverse("assessments:patient_letter_pdf", args=[assessed_episode.pk]))
    assert_is_pdf(pdf)
    pdf = pdf_text(pdf.content)
    facts = [
        "Why your fracture matters", "the chance of breaking another bone is higher",
        f"The dose is {regimen.dose}, as {regimen_text.PATIENT_ROUTE[regimen.route]}, "
        f"{regimen_text.PATIENT_INTERVAL[regimen.interval]}.",
        regimen_text.PATIENT_MISSED_DOSE[drug].render(),
        "Please take calcium and vitamin D every day",
        "If you have any questions, please contact the Fracture Liaison Service at North General Hospital.",
    ]
    for fact in facts:
        assert fact in letter, fact
        assert squeezed(fact) in pdf, fact
    for word in JARGON:
        assert not re.search(rf"\b{re.escape(word)}\b", letter, re.IGNORECASE), word
        assert word not in pdf, word
    # The GP letter has the clinical words the patient's leaves out.
    gp_letter = _letter_text(_html(client, "letter", assessed_episode))
    if drug in RENAL_THRESHOLD_FOR:
        assert "eGFR" in gp_letter


@pytest.mark.parametrize("drug,minutes", [("alendronate", 30), ("risedronate", 30), ("ibandronate", 60)])
def test_an_oral_bisphosphonate_comes_with_how_to_take_it(client, assessed_episode, nurse_a, clinician_a, drug,
                                                          minutes):
    _signed_off(assessed_episode, nurse_a, clinician_a, drug)
    client.force_login(nurse_a)
    letter = _letter_text(_html(client, "patient_letter", assessed_episode))
    assert "first thing in the morning, when you get up, before you eat or drink anything" in letter
    assert "with a full glass of plain tap water" in letter
    assert "stay sitting or standing up" in letter and f"for at least {minutes} minutes" in letter
    assert "Take them at a different time of day from your" in letter  # the calcium


@pytest.mark.parametrize("drug,says", [
    ("denosumab", "Do not stop it, or let an injection be late, without talking to us or your GP first"),
    ("teriparatide", "The course lasts 24 months (2 years) at most. After it, you will need another medicine"),
    ("zoledronic_acid", "Before each drip you will have a blood test to check your kidneys"),
    ("alendronate", "We will look at your treatment again after 60 months (5 years)"),
])
def test_how_long_and_what_to_watch_for_read_as_the_drug_needs(client, assessed_episode, nurse_a, clinician_a,
                                                                 drug, says):
    _signed_off(assessed_episode, nurse_a, clinician_a, drug)
    client.force_login(nurse_a)
    letter = _letter_text(_html(client, "patient_letter", assessed_episode))
    assert says in letter
    # How to take a tablet is for the tablets only.
    assert ("first thing in the morning" in letter) == (drug == "alendronate")


def test_the_follow_up_contacts_are_the_episodes_own(client, assessed_episode, site_a, nurse_a, clinician_a, admin_a):
    # The site's 12-week contact is due at 14 weeks, not the plan's 12: the letter states the follow-ups as scheduled.
    settings = followup_services.settings_for_site(site_a)
    followup_services.followup_settings_update(site=site_a, by=admin_a, expected_version=settings.version,
                                               week_12_due=14)
    # Left to primary care to start, so sign-off schedules the follow-ups (followup.services.schedule_is_due).
    _signed_off(assessed_episode, nurse_a, clinician_a, "alendronate", initiated_by="primary_care")
    due = list(FollowUp.objects.filter(episode=assessed_episode).order_by("due_on").values_list("due_on", flat=True))
    assert len(due) == 3 and due[1] == assessed_episode.fracture_date + timezone.timedelta(weeks=14)
    client.force_login(nurse_a)
    letter = _letter_text(_html(client, "patient_letter", assessed_episode))
    for weeks, day in zip((4, 12, 52), due):
        assert f"{weeks}-week check around {day:%-d %B %Y}" in letter, weeks


def test_without_follow_ups_yet_the_letter_states_the_plan(client, drafted_decision, nurse_a):
    episode = drafted_decision.episode
    client.force_login(nurse_a)
    letter = _letter_text(_html(client, "patient_letter", episode))
    assert not FollowUp.objects.filter(episode=episode).exists()
    for weeks in (4, 12, 52):
        day = episode.fracture_date + timezone.timedelta(weeks=weeks)
        assert f"{weeks}-week check around {day:%-d %B %Y}" in letter
    assert "DRAFT" in letter


def test_the_panel_offers_the_patient_letter_beside_the_gp_letter(client, drafted_decision, nurse_a):
    client.force_login(nurse_a)
    page = client.get(reverse("patients:episode_detail", args=[drafted_decision.episode_id])).content.decode()
    assert reverse("assessments:patient_letter", args=[drafted_decision.episode_id]) in page
    assert 'data-testid="open-patient-letter"' in page


def test_viewing_and_printing_the_patient_letter_is_logged(client, drafted_decision, nurse_a):
    episode = drafted_decision.episode
    client.force_login(nurse_a)
    _html(client, "patient_letter", episode)
    client.get(reverse("assessments:patient_letter_pdf", args=[episode.pk]))
    pages = set(PatientRecordAccess.objects.filter(patient=episode.patient, user=nurse_a).values_list("page", "kind"))
    assert {("patient letter", "letter"), ("patient letter PDF", "print")} <= pages


@pytest.mark.parametrize("name", ["patient_letter", "patient_letter_pdf"])
def test_another_sites_patient_letter_is_not_found(client, drafted_decision, nurse_b, name):
    client.force_login(nurse_b)
    assert _html(client, name, drafted_decision.episode).status_code == 404


def test_another_sites_patient_letter_cannot_be_recorded_as_sent(client, drafted_decision, clinician_a, nurse_b):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    client.force_login(nurse_b)
    response = client.post(reverse("assessments:patient_letter_sent", args=[drafted_decision.episode_id]), {
        "sent_on": timezone.localdate().isoformat(), "method": "handed", "recipient": "Ann Testperson"})
    assert response.status_code == 404
    assert not LetterSent.objects.exists()


def test_the_patient_letter_needs_the_gp_letters_permissions(client, drafted_decision, clinician_a, admin_a,
                                                             manager_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    episode = drafted_decision.episode
    client.force_login(admin_a)  # configures the system; sees no clinical record
    assert _html(client, "patient_letter", episode).status_code == 403
    assert _html(client, "patient_letter_pdf", episode).status_code == 403
    client.force_login(manager_a)  # may read the letter, not record it as sent
    assert _html(client, "patient_letter", episode).status_code == 200
    response = client.post(reverse("assessments:patient_letter_sent", args=[episode.pk]), {
        "sent_on": timezone.localdate().isoformat(), "method": "handed", "recipient": "Ann Testperson"})
    assert response.status_code == 403
    assert not LetterSent.objects.exists()


def test_recording_the_patient_letter_as_sent_keeps_it_as_a_letter_to_the_patient(
        client, drafted_decision, nurse_a, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    episode = drafted_decision.episode
    client.force_login(nurse_a)
    page = _html(client, "patient_letter", episode).content.decode()
    assert 'data-testid="patient-letter-sent-form"' in page
    assert f'value="{episode.patient.given_name} {episode.patient.family_name}"' in page  # sent to the patient
    form = {"sent_on": timezone.localdate().isoformat(), "method": "handed",
            "recipient": f"{episode.patient.given_name} {episode.patient.family_name}"}
    response = client.post(reverse("assessments:patient_letter_sent", args=[episode.pk]), form, follow=True)
    letter = LetterSent.objects.get(episode=episode)
    assert (letter.kind, letter.method, letter.sent_by) == ("patient", "handed", nurse_a)
    assert "Why your fracture matters" in letter.content_html and "<title>Letter to the patient</title>" in \
        letter.content_html
    assert "Letter to the patient:" in response.content.decode()  # the letters list names the kind
    # The same recipient, method and day for the GP letter is another letter, not a repeat.
    client.post(reverse("assessments:letter_sent", args=[episode.pk]), form)
    assert sorted(LetterSent.objects.filter(episode=episode).values_list("kind", flat=True)) == ["gp", "patient"]
    panel = client.get(reverse("patients:episode_detail", args=[episode.pk])).content.decode()
    assert "Letter to primary care:" in panel and "Letter to the patient:" in panel
    # Sent twice is refused, as for the GP letter.
    again = client.post(reverse("assessments:patient_letter_sent", args=[episode.pk]), form, follow=True)
    assert "already recorded as sent" in again.content.decode()
    assert LetterSent.objects.filter(episode=episode, kind="patient").count() == 1


def test_an_unsigned_patient_letter_cannot_be_recorded_as_sent(client, drafted_decision, nurse_a):
    client.force_login(nurse_a)
    page = _html(client, "patient_letter", drafted_decision.episode).content.decode()
    assert 'data-testid="patient-letter-sent-form"' not in page
    response = client.post(reverse("assessments:patient_letter_sent", args=[drafted_decision.episode_id]), {
        "sent_on": timezone.localdate().isoformat(), "method": "handed", "recipient": "Ann"}, follow=True)
    assert "signed off" in response.content.decode()
    assert not LetterSent.objects.exists()


# Session, user, the user's roles, their sites, the episode; the record (assessment, bloods, vertebral fractures,
# decision, letters sent); the advice (the patient's vertebral fractures and vertebral episodes, the FRAX table, the
# site's settings); the access log. Then the patient letter reads the follow-ups, the GP letter the
# acknowledgements: one each.
LETTER_QUERIES = {"patient_letter": 16, "letter": 16}


@pytest.mark.parametrize("name", LETTER_QUERIES)
def test_the_letter_pages_read_in_a_fixed_number_of_queries_whatever_the_record_holds(
        client, assessed_episode, nurse_a, clinician_a, django_assert_num_queries, name):
    episode = assessed_episode
    decision = _signed_off(episode, nurse_a, clinician_a, "alendronate", initiated_by="primary_care")
    client.force_login(nurse_a)
    with django_assert_num_queries(LETTER_QUERIES[name]):
        assert _html(client, name, episode).status_code == 200
    # More of everything the letters show: bloods, vertebral fractures, acknowledgements, letters sent.
    for test, value in (("egfr", "28"), ("calcium", "2.1"), ("vitamin_d", "31"), ("tsh", "2.2")):
        services.blood_result_add(episode=episode, by=nurse_a, test=test, value=Decimal(value), unit="")
    for level in ("t11", "t12", "l1"):
        services.vertebral_fracture_add(episode=episode, by=nurse_a, found_by="vfa", seen_on=timezone.localdate(),
                                        level=level, grade="2", age="new")
    for code in ("renal_impairment", "hypocalcaemia"):
        WarningAcknowledgement.objects.create(decision=decision, code=code, shown=code, reason="Reason.",
                                              by=clinician_a, at=timezone.now())
    for kind in ("gp", "patient"):
        services.letter_record_sent(episode=episode, by=nurse_a, sent_on=timezone.localdate(), method="post",
                                    recipient="Riverside", content_html="<p>x</p>", kind=kind)
    with django_assert_num_queries(LETTER_QUERIES[name]):
        assert _html(client, name, episode).status_code == 200
