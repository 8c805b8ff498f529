"""Every letter (to primary care, and to the patient) renders as a page and as a PDF, whatever the episode holds.

Through the real views, as a clinician of the episode's site: every episode the demo makes with something to
write about (an assessment or a treatment decision), for several seeds, and the shapes the demo never makes
(names at the field's maximum, 30 blood results, 2,000-character free text, no DXA, no decision, Japanese
and right-to-left names). Each PDF is read back to check the patient's name, the drug and its regimen are in it.
"""
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from assessments import services
from assessments.models import Assessment, TreatmentDecision
from assessments.thresholds import REGIMENS
from fls.models import User
from patients import pathway
from patients.models import FractureEpisode
from tests.factories import FractureEpisodeFactory, PatientFactory
from tests.pdf import assert_is_pdf, keep_pdf, pdf_font_names, pdf_pages, pdf_text, squeezed

from .conftest import record_dxa

pytestmark = pytest.mark.django_db

# Seed 9 at 120 patients is the database on which 19 of 35 letters answered 500 with xhtml2pdf.
DEMO_SEEDS = [(1, 80), (9, 120), (23, 80)]
TODAY = "2026-06-01 09:00 +00:00"  # the demo's data depends on the day it is made; a fixed day keeps it the same


LETTERS = {"gp": ("assessments:letter", "assessments:letter_pdf"),
           "patient": ("assessments:patient_letter", "assessments:patient_letter_pdf")}


def _letter_pdf(client, episode, kind="gp"):
    return client.get(reverse(LETTERS[kind][1], args=[episode.pk]))


def _letter_page(client, episode, kind="gp"):
    return client.get(reverse(LETTERS[kind][0], args=[episode.pk]))


@pytest.mark.parametrize("seed,patients", DEMO_SEEDS)
def test_both_letters_of_every_demo_episode_render_as_a_page_and_a_pdf(client, seed, patients):
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", patients=patients, seed=seed, password="demo-password-2026", stdout=StringIO())
        with_letter = (set(Assessment.objects.values_list("episode_id", flat=True))
                       | set(TreatmentDecision.objects.values_list("episode_id", flat=True)))
        episodes = (FractureEpisode.objects.filter(pk__in=with_letter)
                    .select_related("patient", "site", "treatment_decision").order_by("site_id", "pk"))
        if (seed, patients) != DEMO_SEEDS[0]:
            # The demo's patients on a course of every drug (treatment.demo) are the same scenarios whatever the
            # seed (names and assessment values aside): their letters are rendered for the first seed only. They
            # are numbered after the `patients` the stages share (demo.services._make_patient's local_id).
            episodes = [e for e in episodes if int(e.patient.local_id[1:]) < 100000 + patients]
        assert len(episodes) >= 20 and {e.site.country for e in episodes} == {"GB", "JP"}
        signed_in_at = None
        for episode in episodes:
            if episode.site_id != signed_in_at:
                client.force_login(User.objects.get(username=f"clinician_{episode.site.code}"))
                signed_in_at = episode.site_id
            decision = getattr(episode, "treatment_decision", None)
            regimen = REGIMENS.get(decision.recommendation) if decision else None
            for kind in LETTERS:
                assert _letter_page(client, episode, kind).status_code == 200, (episode.pk, kind)
                response = _letter_pdf(client, episode, kind)
                assert_is_pdf(response)
                text = pdf_text(response.content)
                patient = episode.patient
                assert squeezed(patient.full_name) in text, (episode.pk, kind)
                with translation.override(episode.site.language):  # a letter is in its site's language
                    if decision is not None and decision.recommendation != "none":
                        assert squeezed(str(decision.recommendation_label)) in text, (episode.pk, kind)
                    if regimen is not None:  # the dose, the decision's own or the drug's usual one
                        assert squeezed(decision.dose or str(regimen.dose)) in text, (episode.pk, kind)
                if kind == "patient":
                    assert "eGFR" not in text, episode.pk


# --- The shapes the demo never makes ---------------------------------------------------------------

LONG_FREE_TEXT = ("Long note " * 150 + "x" * 500)[:2000]  # words, then one unbroken run a table cannot wrap


def _episode(site, by, **patient_fields):
    """An episode accepted for assessment, its patient made with `patient_fields` (the rest ordinary)."""
    patient = PatientFactory(site=site, created_by=by, **patient_fields)
    episode = FractureEpisodeFactory(patient=patient, created_by=by, fracture_site="wrist",
                                     fracture_date=date.today() - timedelta(days=30), previous_fracture_count=9)
    pathway.accept_for_assessment(episode, by=by)
    return episode


def _everything_at_its_maximum(site, nurse, clinician, *, given_name, family_name):
    """An episode whose every field that reaches the letter is as long as it can be, with 30 blood results,
    its decision declined (so the reason shows) and signed off."""
    episode = _episode(
        site, nurse, given_name=given_name, family_name=family_name, local_id="L" * 30, national_id="9434765919",
        gp_practice_name="P" * 200, gp_practice_code="C" * 20, gp_practice_contact="Surgery Lane, " * 13 + "y" * 18,
    )
    record_dxa(episode, nurse, spine="-5.5", hip="-4.9", neck="-5.1")
    services.assessment_record_part(
        episode=episode, part="spine", by=nurse, expected_version=None, spine_imaging="vfa",
        spine_imaging_on=date.today(), spine_imaging_result=LONG_FREE_TEXT,
    )
    for level in ("t10", "t11", "t12"):  # vertebral fractures are recorded one by one
        services.vertebral_fracture_add(episode=episode, by=nurse, found_by="vfa", seen_on=date.today(),
                                        level=level, grade="3", age="new")
    services.assessment_record_part(
        episode=episode, part="fracture_risk", by=nurse, expected_version=None,
        frax_mof_percent=Decimal("99.9"), frax_hip_percent=Decimal("99.9"), frax_with_bmd=True,
    )
    for n in range(30):
        if n % 2:  # a named test with a result in words, each as long as its field allows
            services.blood_result_add(episode=episode, by=nurse, test="other", test_name=f"{n:02d}" + "T" * 98,
                                      result_text="R" * 200, unit="U" * 30, flagged_abnormal=True)
        else:  # the widest number and range
            services.blood_result_add(episode=episode, by=nurse, test="calcium", value=Decimal("9999999.999"),
                                      unit="U" * 30, reference_low=Decimal("-9999999.999"),
                                      reference_high=Decimal("0.001"))
    services.assessment_complete(episode=episode, by=nurse)
    decision = services.treatment_decision_save(
        episode=episode, by=nurse, recommendation="other", recommendation_other="D" * 200,
        calcium_vitamin_d="start", status="declined", status_reason=LONG_FREE_TEXT, notes=LONG_FREE_TEXT,
    )
    services.treatment_sign_off(decision=decision, by=clinician)
    return episode


def test_a_letter_with_every_field_at_its_maximum_renders_over_several_pages(
        client, site_a, nurse_a, clinician_a):
    site_a.name = ("Royal Infirmary " * 13)[:199] + "H"  # 200 characters, the field's maximum
    site_a.save()
    clinician_a.first_name, clinician_a.last_name = "C" * 150, "Signer " * 21 + "LLL"
    clinician_a.save()
    episode = _everything_at_its_maximum(site_a, nurse_a, clinician_a,
                                         given_name="G" * 100, family_name="Longname " * 11 + "F")
    client.force_login(clinician_a)
    response = _letter_pdf(client, episode)
    assert_is_pdf(response)
    keep_pdf("gp-letter-every-field-at-its-maximum", response.content)
    pages = pdf_pages(response.content)
    text = pdf_text(response.content, running_header=site_a.name)
    assert squeezed("G" * 100 + "Longname " * 11 + "F") in text
    assert "D" * 200 in text  # the drug, written in
    assert squeezed(clinician_a.get_full_name()) in text  # who signed it off
    for n in range(1, 30, 2):  # every blood result, none cut
        assert f"{n:02d}" + "T" * 98 + "R" * 200 in text, n
    assert text.count(squeezed(LONG_FREE_TEXT)) == 3  # spine imaging, the reason, the notes: none cut
    # CSS paged media: the site's name heads every page, and every page says which of how many it is.
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert squeezed(site_a.name) in squeezed(page)
        assert f"Page {number} of {len(pages)}" in page


def test_the_patient_letter_with_every_field_at_its_maximum_renders(client, site_a, nurse_a, clinician_a):
    site_a.name = ("Royal Infirmary " * 13)[:199] + "H"
    site_a.save()
    episode = _everything_at_its_maximum(site_a, nurse_a, clinician_a,
                                         given_name="G" * 100, family_name="Longname " * 11 + "F")
    client.force_login(clinician_a)
    response = _letter_pdf(client, episode, "patient")
    assert_is_pdf(response)
    keep_pdf("patient-letter-every-field-at-its-maximum", response.content)
    pages = pdf_pages(response.content)
    text = pdf_text(response.content, running_header=site_a.name)
    assert squeezed("G" * 100 + "Longname " * 11 + "F") in text
    assert "D" * 200 in text  # the drug, written in
    assert squeezed("You told us that you do not want to take it") in text  # declined
    assert squeezed("P" * 200) in text  # who else to contact: the GP practice
    for number, page in enumerate(pages, start=1):
        assert squeezed(site_a.name) in squeezed(page)
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.parametrize("kind,says", [("gp", "NoDXAscanhasbeenperformed"),
                                       ("patient", squeezed("We are still looking at your results"))])
def test_a_letter_without_dxa_or_decision_renders_as_a_draft(
        client, make_episode, site_a, nurse_a, clinician_a, kind, says):
    episode = make_episode(site_a, nurse_a)
    services.assessment_record_part(episode=episode, part="falls", by=nurse_a, expected_version=None,
                                    falls_last_12_months=2)
    client.force_login(clinician_a)
    response = _letter_pdf(client, episode, kind)
    assert_is_pdf(response)
    text = pdf_text(response.content)
    assert squeezed(episode.patient.family_name) in text
    assert says in text and "DRAFT" in text


@pytest.mark.parametrize("kind", LETTERS)
def test_an_episode_with_nothing_to_write_about_has_no_letter_rather_than_an_error(
        client, make_episode, site_a, nurse_a, clinician_a, kind):
    episode = make_episode(site_a, nurse_a)
    client.force_login(clinician_a)
    assert _letter_pdf(client, episode, kind).status_code == 404
    assert _letter_page(client, episode, kind).status_code == 404


@pytest.mark.parametrize("kind", LETTERS)
def test_a_japanese_name_renders_in_a_japanese_font(client, site_a, nurse_a, clinician_a, kind):
    episode = _episode(site_a, nurse_a, family_name="山田", given_name="花子", gp_practice_name="佐々木クリニック")
    record_dxa(episode, nurse_a, spine="-2.7")
    services.assessment_complete(episode=episode, by=nurse_a)
    decision = services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="denosumab",
                                                notes="骨粗鬆症の治療を開始しました。")
    services.treatment_sign_off(decision=decision, by=clinician_a)
    client.force_login(clinician_a)
    response = _letter_pdf(client, episode, kind)
    assert_is_pdf(response)
    keep_pdf(f"{kind}-letter-japanese-name", response.content)
    text = pdf_text(response.content)
    assert "花子山田" in text and "佐々木クリニック" in text
    if kind == "gp":  # the notes for primary care
        assert "骨粗鬆症の治療を開始しました。" in text
    # No tofu: the characters are drawn with a font that has them (fontconfig's Noto Sans CJK), not boxes.
    assert any("CJK" in name for name in pdf_font_names(response.content)), pdf_font_names(response.content)


@pytest.mark.parametrize("kind", LETTERS)
@pytest.mark.parametrize("script,given_name,family_name", [("hebrew", "דוד", "כהן"), ("arabic", "محمد", "العلي")])
def test_a_right_to_left_name_renders(client, site_a, nurse_a, clinician_a, script, given_name, family_name, kind):
    episode = _everything_at_its_maximum(site_a, nurse_a, clinician_a,
                                         given_name=given_name, family_name=family_name)
    client.force_login(clinician_a)
    response = _letter_pdf(client, episode, kind)
    assert_is_pdf(response)
    keep_pdf(f"{kind}-letter-right-to-left-{script}", response.content)
    text = pdf_text(response.content)
    # pypdf reads right-to-left runs in the order they are drawn: either way, each name is there.
    for name in (given_name, family_name):
        assert name in text or name[::-1] in text, name


@pytest.mark.parametrize("kind", LETTERS)
def test_another_sites_letter_is_not_found(client, make_episode, site_a, nurse_a, nurse_b, kind):
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, spine="-2.7")
    client.force_login(nurse_b)
    assert _letter_pdf(client, episode, kind).status_code == 404
    assert _letter_page(client, episode, kind).status_code == 404


def test_the_stored_copy_of_a_letter_as_sent_downloads_as_a_pdf(client, drafted_decision, nurse_a, clinician_a):
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    episode = drafted_decision.episode
    client.force_login(nurse_a)
    client.post(reverse("assessments:letter_sent", args=[episode.pk]), {
        "sent_on": timezone.localdate().isoformat(), "method": "post", "recipient": "Riverside",
    })
    sent = episode.letters_sent.get()
    page = client.get(reverse("assessments:letter", args=[episode.pk])).content.decode()
    pdf_url = reverse("assessments:letter_sent_pdf", args=[episode.pk, sent.pk])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert_is_pdf(response)
    assert episode.patient.family_name not in response["Content-Disposition"]
    assert "Alendronate" in pdf_text(response.content)


def test_a_letter_that_cannot_be_rendered_returns_to_its_page_with_a_message(
        client, drafted_decision, nurse_a, monkeypatch):
    import weasyprint

    def fail(*args, **kwargs):
        raise ValueError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fail)
    client.force_login(nurse_a)
    response = client.get(reverse("assessments:letter_pdf", args=[drafted_decision.episode_id]), follow=True)
    assert response.redirect_chain == [(reverse("assessments:letter", args=[drafted_decision.episode_id]), 302)]
    assert "The PDF could not be made" in response.content.decode()
