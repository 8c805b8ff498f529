"""A letter is written in the language of the patient's site (fls.pdf.letter_language), whoever prints it: the
patient and their doctor read it. At a site in Japan the letter to the doctor is the referral form Japanese doctors
expect (診療情報提供書, assessments/letters/country/jp/), drawn with an embedded Japanese font. Every Sakura demo
episode's letters are scanned for English in tests/fls/test_japanese_pages_have_no_english.py."""
import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.letters import letter_template_names
from assessments.models import LetterSent
from fls.roles import CLINICIAN, NURSE
from tests.factories import SiteFactory, UserFactory
from tests.pdf import assert_is_pdf, pdf_font_names, pdf_pages, squeezed

from .conftest import record_dxa

pytestmark = pytest.mark.django_db


@pytest.fixture
def sakura():
    return SiteFactory(code="sakura-l", name="さくら市立病院", country="JP", timezone="Asia/Tokyo", language="ja")


def _signed_off_episode(make_episode, site, **patient_fields):
    nurse = UserFactory(roles=[NURSE], sites=[site])
    clinician = UserFactory(roles=[CLINICIAN], sites=[site], first_name="健二", last_name="伊藤")
    episode = make_episode(site, nurse, fracture_site="hip", family_name="山田")
    record_dxa(episode, nurse, spine="-2.7", hip="-2.6", neck="-2.8")
    services.assessment_complete(episode=episode, by=nurse)
    decision = services.treatment_decision_save(episode=episode, by=nurse, recommendation="denosumab",
                                                calcium_vitamin_d="start")
    services.treatment_sign_off(decision=decision, by=clinician)
    return episode, clinician


def test_a_japanese_sites_letter_to_the_doctor_is_the_referral_form_in_japanese_whoever_prints_it(
        client, make_episode, sakura):
    episode, clinician = _signed_off_episode(make_episode, sakura)
    clinician.language = "en-gb"  # she reads the app in English
    clinician.save()
    client.force_login(clinician)
    page = client.get(reverse("assessments:letter", args=[episode.pk]))
    assert page.headers["Content-Language"] == "en-gb"
    html = page.content.decode()
    assert 'lang="ja"' in html and 'data-testid="referral-form"' in html
    response = client.get(reverse("assessments:letter_pdf", args=[episode.pk]))
    assert_is_pdf(response)
    pages = pdf_pages(response.content)
    text = squeezed("".join(pages))
    for heading in ("診療情報提供書", "紹介先医療機関", "紹介元医療機関", "患者氏名", "傷病名", "紹介目的",
                    "既往歴及び家族歴", "症状経過及び検査結果", "治療経過", "現在の処方", "備考"):
        assert heading in text, heading
    assert "脆弱性骨折(大腿骨近位部)" in text  # read back NFKC-normalised: （） are ()
    assert "デノスマブ" in text and "伊藤健二" in text
    assert "山田Ann" in text  # family name first
    assert f"1 / {len(pages)} ページ" in pages[0] and "Page" not in text
    assert not [word for word in ("Fracture", "Recommendation", "Dear", "Treatment plan") if squeezed(word) in text]
    # The characters are drawn with an embedded Japanese font (Noto Sans CJK), not boxes.
    assert any("CJK" in name for name in pdf_font_names(response.content)), pdf_font_names(response.content)


def test_a_british_sites_letter_is_in_english_when_a_japanese_reader_prints_it(
        client, make_episode, site_a, nurse_a, clinician_a):
    episode = make_episode(site_a, nurse_a)
    record_dxa(episode, nurse_a, spine="-2.7")
    services.assessment_complete(episode=episode, by=nurse_a)
    services.treatment_sign_off(decision=services.treatment_decision_save(
        episode=episode, by=nurse_a, recommendation="alendronate", calcium_vitamin_d="start"), by=clinician_a)
    clinician_a.language = "ja"
    clinician_a.save()
    client.force_login(clinician_a)
    response = client.get(reverse("assessments:letter_pdf", args=[episode.pk]))
    assert_is_pdf(response)
    text = squeezed("".join(pdf_pages(response.content)))
    assert "Dearcolleague" in text and "Alendronate" in text and "Page1of" in text
    assert "診療情報提供書" not in text and "ページ" not in text


def test_the_letter_recorded_as_sent_keeps_the_sites_language(client, make_episode, sakura):
    episode, clinician = _signed_off_episode(make_episode, sakura)
    clinician.language = "en-gb"
    clinician.save()
    client.force_login(clinician)
    response = client.post(reverse("assessments:letter_sent", args=[episode.pk]),
                           {"sent_on": timezone.localdate().isoformat(), "method": "post", "recipient": "さくら内科クリニック"})
    assert response.status_code == 302
    sent = LetterSent.objects.get(episode=episode)
    assert sent.content_html.startswith("<!doctype html>\n<html lang=\"ja\">")
    assert "診療情報提供書" in sent.content_html


def test_a_sites_own_letter_comes_before_its_countrys_form(sakura, site_a):
    assert letter_template_names(sakura) == ["assessments/letters/sakura-l/gp_letter.html",
                                             "assessments/letters/country/jp/gp_letter.html",
                                             "assessments/letters/gp_letter.html"]
    assert letter_template_names(site_a)[1] == "assessments/letters/country/gb/gp_letter.html"  # none: the shared one
