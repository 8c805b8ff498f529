"""The letters state the treatment plan: each drug's dose, route, interval, planned duration or review, monitoring
and what to do if a dose is missed (assessments.regimen_text, marked "check the SPC" where the sources do not state
it), and the GP letter the safety checks made, with the warnings acknowledged at sign-off."""
import re
import unicodedata
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import regimen_text, services
from assessments.letters import TreatmentPlan
from assessments.models import DoseInterval, Route, TreatmentDecision, WarningAcknowledgement
from assessments.thresholds import REGIMENS, VERIFIED
from tests.pdf import assert_is_pdf, pdf_text, squeezed

pytestmark = pytest.mark.django_db


def _signed_off(episode, nurse, clinician, drug, **fields):
    decision = services.treatment_decision_save(episode=episode, by=nurse, recommendation=drug,
                                                calcium_vitamin_d="start", **fields)
    services.treatment_sign_off(decision=decision, by=clinician)
    return decision


def _html(client, name, episode) -> str:
    response = client.get(reverse(f"assessments:{name}", args=[episode.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    """The words of a page, without its tags, each run of space one space."""
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def _page(client, name, episode) -> str:
    return _text(_html(client, name, episode))


def _section(html: str, testid: str) -> str:
    return _text(html.split(f'data-testid="{testid}"')[1].split("</div>")[0])


def _pdf(client, name, episode) -> str:
    response = client.get(reverse(f"assessments:{name}_pdf", args=[episode.pk]))
    assert_is_pdf(response)
    return pdf_text(response.content)


def _plan(drug) -> TreatmentPlan:
    regimen = REGIMENS[drug]
    return TreatmentPlan(drug=drug, label="", dose=regimen.dose, route=regimen.route, interval=regimen.interval,
                         duration_months=regimen.duration_months)


@pytest.mark.parametrize("drug", REGIMENS)
def test_the_gp_letter_states_each_drugs_regimen(client, assessed_episode, nurse_a, clinician_a, drug):
    _signed_off(assessed_episode, nurse_a, clinician_a, drug)
    client.force_login(nurse_a)
    regimen, plan = REGIMENS[drug], _plan(drug)
    missed = regimen_text.MISSED_DOSE[drug]
    facts = [str(regimen.dose), str(Route(regimen.route).label), str(DoseInterval(regimen.interval).label),
             plan.duration, missed.render(), *(m.render() for m in regimen_text.MONITORING[drug])]
    page, pdf = _page(client, "letter", assessed_episode), _pdf(client, "letter", assessed_episode)
    for fact in facts:
        assert fact in page, fact
        assert unicodedata.normalize("NFKC", squeezed(fact)) in pdf, fact  # as tests.pdf reads the PDF
    # A text the project's sources do not state says so.
    if missed.status != VERIFIED:
        assert f"{missed.render()} ({missed.status}: check the SPC)" in page
    # The decision's regimen was left blank (drafted without one): the usual one is shown, and said to be.
    decision = TreatmentDecision.objects.get(episode=assessed_episode)
    if not decision.dose:
        assert "the drug's usual regimen is shown" in page


def test_the_review_and_course_lengths_read_as_the_drug_needs():
    assert _plan("alendronate").duration == "Review after 60 months (5 years)."
    assert _plan("zoledronic_acid").duration == "Review after 36 months (3 years)."
    assert _plan("teriparatide").duration == "A course of 24 months (2 years) at most, then an antiresorptive."
    assert _plan("romosozumab").duration == "A course of 12 months (1 year) at most, then an antiresorptive."
    assert _plan("abaloparatide").duration == "A course of 18 months at most, then an antiresorptive."
    assert "not stopped without follow-on therapy" in _plan("denosumab").duration


def test_every_drug_has_its_texts_and_only_verified_ones_go_unmarked():
    for drug in REGIMENS:
        assert drug in regimen_text.MISSED_DOSE and drug in regimen_text.PATIENT_MISSED_DOSE, drug
        assert regimen_text.MONITORING[drug], drug
    # Only denosumab's missed-dose rule (7 months) is in the sources; the rest are the usual product wording.
    assert {d for d, t in regimen_text.MISSED_DOSE.items() if t.status == "unverified"} == set(REGIMENS) - {"denosumab"}
    assert all(text.source for texts in regimen_text.MONITORING.values() for text in texts)


def test_the_decisions_own_regimen_is_the_one_stated(client, assessed_episode, nurse_a, clinician_a):
    decision = _signed_off(assessed_episode, nurse_a, clinician_a, "zoledronic_acid")
    # The regimen as the clinician amended it at sign-off (a longer course before review).
    TreatmentDecision.objects.filter(pk=decision.pk).update(dose="4 mg", route="iv", interval="yearly",
                                                            duration_months=72)
    client.force_login(nurse_a)
    page = _page(client, "letter", assessed_episode)
    assert "4 mg" in page and "Review after 72 months (6 years)." in page
    assert "the drug's usual regimen is shown" not in page
    assert "eGFR before each infusion" in page  # monitoring: before every dose of zoledronic acid


def test_denosumab_is_never_stopped_without_follow_on(client, assessed_episode, nurse_a, clinician_a):
    _signed_off(assessed_episode, nurse_a, clinician_a, "denosumab")
    client.force_login(nurse_a)
    page = _page(client, "letter", assessed_episode)
    assert "Please do not stop denosumab without follow-on therapy." in page
    assert "Never leave more than 7 months after the last dose" in page
    assert "Every 6 months" in page


def test_a_decision_with_no_drug_has_no_regimen_or_safety_section(client, assessed_episode, nurse_a, clinician_a):
    _signed_off(assessed_episode, nurse_a, clinician_a, "none")
    client.force_login(nurse_a)
    html = _html(client, "letter", assessed_episode)
    assert "No drug treatment indicated" in html
    assert 'data-testid="letter-regimen"' not in html and 'data-testid="letter-safety"' not in html
    assert "You do not need a medicine for your bones" in _page(client, "patient_letter", assessed_episode)
    for name in ("letter", "patient_letter"):
        assert squeezed("Testperson") in _pdf(client, name, assessed_episode)


def test_a_drug_the_app_holds_no_regimen_for_sends_the_reader_to_its_spc(
        client, assessed_episode, nurse_a, clinician_a):
    _signed_off(assessed_episode, nurse_a, clinician_a, "raloxifene")
    client.force_login(nurse_a)
    page = _page(client, "letter", assessed_episode)
    assert "This app holds no monitoring or missed-dose advice for this treatment: see its SPC." in page
    assert "The app holds no safety rules for this treatment" in page


def test_the_safety_checks_say_which_values_were_missing(client, assessed_episode, nurse_a, clinician_a):
    _signed_off(assessed_episode, nurse_a, clinician_a, "zoledronic_acid")
    client.force_login(nurse_a)
    html = _html(client, "letter", assessed_episode)
    section = _section(html, "letter-safety")
    assert "No safety warning for Zoledronic acid" in section
    for missing in ("eGFR not recorded", "Adjusted calcium not recorded", "25-OH vitamin D not recorded"):
        assert missing in section, missing
    assert "FRAX" not in section  # the risk notes stay on the clinician's pages


def test_the_safety_checks_state_the_values_they_read(client, assessed_episode, nurse_a, clinician_a):
    for test, value, unit in (("egfr", "62", "mL/min/1.73m²"), ("calcium", "2.35", "mmol/L"),
                              ("vitamin_d", "71", "nmol/L")):
        services.blood_result_add(episode=assessed_episode, by=nurse_a, test=test, value=Decimal(value), unit=unit)
    _signed_off(assessed_episode, nurse_a, clinician_a, "denosumab")
    client.force_login(nurse_a)
    page = _page(client, "letter", assessed_episode)
    assert ("Checked against the record: eGFR 62 mL/min/1.73m²; adjusted calcium 2.35 mmol/L; "
            "25-OH vitamin D 71 nmol/L.") in page
    assert "eGFR not recorded" not in page


def test_acknowledged_warnings_are_shown_with_who_and_why(client, assessed_episode, nurse_a, clinician_a):
    decision = _signed_off(assessed_episode, nurse_a, clinician_a, "alendronate")
    # The eGFR below alendronate's limit, and the warning acknowledged with a reason at sign-off, as the
    # sign-off page records it (WarningAcknowledgement: what was shown, why, by whom).
    services.blood_result_add(episode=assessed_episode, by=nurse_a, test="egfr", value=Decimal("28"),
                              unit="mL/min/1.73m²", reference_low=Decimal("60"))
    WarningAcknowledgement.objects.create(
        decision=decision, code="renal_impairment", by=clinician_a, at=timezone.now(),
        shown="eGFR 28 is below 35 mL/min/1.73m², the limit for alendronate.",
        reason="Stable CKD 4; renal team agree a weekly bisphosphonate.")
    WarningAcknowledgement.objects.create(
        decision=decision, code="hypocalcaemia", by=clinician_a, at=timezone.now() - timedelta(minutes=1),
        shown="Adjusted calcium 2.05 mmol/L is below 2.20 mmol/L.", reason="Corrected before the first dose.")
    client.force_login(nurse_a)
    html, pdf = _html(client, "letter", assessed_episode), _pdf(client, "letter", assessed_episode)
    section = _section(html, "letter-safety")
    today = f"{timezone.localdate():%-d %B %Y}"
    # The warning the record shows now, with its acknowledgement.
    assert '<li data-code="renal_impairment">' in html and "eGFR 28 is below 35" in section
    assert (f"Acknowledged by Chidi Clinician on {today}: Stable CKD 4; renal team agree a weekly "
            "bisphosphonate.") in section
    # One acknowledged at sign-off that the values recorded now no longer show: kept in the letter.
    assert "Acknowledged at sign-off (no longer shown by the values recorded now):" in section
    assert "Adjusted calcium 2.05 mmol/L is below 2.20 mmol/L." in section
    assert squeezed("Stable CKD 4; renal team agree a weekly bisphosphonate.") in pdf
    assert squeezed("Corrected before the first dose.") in pdf


def test_a_warning_found_after_sign_off_is_shown_unacknowledged(client, assessed_episode, nurse_a, clinician_a):
    _signed_off(assessed_episode, nurse_a, clinician_a, "zoledronic_acid")
    services.blood_result_add(episode=assessed_episode, by=nurse_a, test="vitamin_d", value=Decimal("30"),
                              unit="nmol/L")
    client.force_login(nurse_a)
    html = _html(client, "letter", assessed_episode)
    assert '<li data-code="vitamin_d_deficiency">' in html.split('data-testid="letter-safety"')[1]
    assert "Not acknowledged at sign-off." in _section(html, "letter-safety")
