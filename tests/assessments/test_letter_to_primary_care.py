"""The letter to primary care: generated from the record, printable, a valid PDF, recorded when sent."""
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services
from assessments.models import LetterSent
from patients.models import PatientRecordAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_off(drafted_decision, nurse_a, clinician_a):
    episode = drafted_decision.episode
    services.assessment_record_part(episode=episode, part="fracture_risk", by=nurse_a, expected_version=None,
                                    frax_mof_percent=Decimal("23.5"), frax_hip_percent=Decimal("6.1"),
                                    frax_with_bmd=True)
    services.blood_result_add(episode=episode, by=nurse_a, test="vitamin_d", value=Decimal("21"), unit="nmol/L",
                              reference_low=Decimal("50"), reference_high=Decimal("175"))
    services.treatment_sign_off(decision=drafted_decision, by=clinician_a)
    return episode


FACTS = [
    "Riverside Medical Practice",          # to the patient's GP practice
    "Wrist / distal radius fracture",      # the fracture
    "lumbar spine -2.7",                   # DXA findings
    "osteoporosis",                        # WHO class
    "23.5%",                               # FRAX MOF
    "6.1%",                                # FRAX hip
    "25-OH vitamin D",                     # the out-of-range blood
    "Alendronate",                         # the recommendation
    "The Fracture Liaison Service will start the treatment",  # who does what next (site model A)
    "4 weeks", "12 weeks", "52 weeks",     # the follow-up plan
    "Chidi Clinician",                     # who signed it off
]


def test_the_letter_page_contains_the_records_facts(client, signed_off, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("assessments:letter", args=[signed_off.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for fact in FACTS + [signed_off.patient.family_name]:
        assert fact in page, fact
    assert "out of range" in page
    assert 'data-testid="letter-draft"' not in page


def test_viewing_the_letter_is_logged_as_a_view_of_the_record(client, signed_off, nurse_a):
    client.force_login(nurse_a)
    client.get(reverse("assessments:letter", args=[signed_off.pk]))
    assert PatientRecordAccess.objects.filter(patient=signed_off.patient, user=nurse_a, page="letter").exists()


def test_the_pdf_is_valid_and_contains_the_facts(client, signed_off, nurse_a):
    client.force_login(nurse_a)
    response = client.get(reverse("assessments:letter_pdf", args=[signed_off.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert signed_off.patient.family_name not in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for fact in FACTS + [signed_off.patient.family_name]:
        assert fact in text, fact


def test_an_unsigned_letter_is_marked_as_a_draft_and_cannot_be_recorded_as_sent(client, drafted_decision, nurse_a):
    client.force_login(nurse_a)
    page = client.get(reverse("assessments:letter", args=[drafted_decision.episode_id])).content.decode()
    assert 'data-testid="letter-draft"' in page
    assert 'data-testid="letter-sent-form"' not in page
    with pytest.raises(ValidationError, match="signed off"):
        services.letter_record_sent(episode=drafted_decision.episode, by=nurse_a, sent_on=timezone.localdate(),
                                    method="post", recipient="Riverside", content_html="<p>x</p>")


def test_recording_the_letter_as_sent_keeps_the_letter_as_sent(client, signed_off, nurse_a):
    client.force_login(nurse_a)
    response = client.post(reverse("assessments:letter_sent", args=[signed_off.pk]), {
        "sent_on": timezone.localdate().isoformat(), "method": "email", "recipient": "Riverside Medical Practice",
    }, follow=True)
    letter = LetterSent.objects.get(episode=signed_off)
    assert (letter.sent_by, letter.method) == (nurse_a, "email")
    assert "Alendronate" in letter.content_html and letter.content_html.startswith("<!doctype html>")
    assert 'data-testid="letters-sent"' in response.content.decode()
    copy = client.get(reverse("assessments:letter_sent_copy", args=[signed_off.pk, letter.pk]))
    assert copy.content.decode() == letter.content_html


def test_a_letter_cannot_be_sent_in_the_future(signed_off, nurse_a):
    with pytest.raises(ValidationError) as exc:
        services.letter_record_sent(episode=signed_off, by=nurse_a,
                                    sent_on=timezone.localdate() + timezone.timedelta(days=1),
                                    method="post", recipient="Riverside", content_html="")
    assert "sent_on" in exc.value.message_dict


def test_a_site_can_adapt_the_letters_wording(client, signed_off, nurse_a, settings, tmp_path):
    override = Path(tmp_path) / "assessments" / "letters" / signed_off.site.code
    override.mkdir(parents=True)
    (override / "gp_letter.html").write_text("<p>North wording for {{ patient.family_name }}: "
                                              "{{ decision.recommendation_label }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path), *settings.TEMPLATES[0]["DIRS"]]}]
    client.force_login(nurse_a)
    page = client.get(reverse("assessments:letter", args=[signed_off.pk])).content.decode()
    assert f"North wording for {signed_off.patient.family_name}: Alendronate" in page


def test_recording_the_same_letter_as_sent_twice_keeps_one_record(client, signed_off, nurse_a):
    """A double click, or the form submitted again from the browser's history (issue 14: two rows)."""
    client.force_login(nurse_a)
    form = {"sent_on": timezone.localdate().isoformat(), "method": "post", "recipient": "Riverside Medical Practice"}
    client.post(reverse("assessments:letter_sent", args=[signed_off.pk]), form)

    again = client.post(reverse("assessments:letter_sent", args=[signed_off.pk]), {**form, "recipient": " Riverside "
                                                                                   "Medical Practice"}, follow=True)

    assert LetterSent.objects.filter(episode=signed_off).count() == 1
    assert "already recorded as sent" in again.content.decode()


def test_the_service_refuses_the_same_letter_twice(signed_off, nurse_a):
    fields = dict(episode=signed_off, by=nurse_a, sent_on=timezone.localdate(), method="email",
                  recipient="Riverside Medical Practice", content_html="<p>letter</p>")
    services.letter_record_sent(**fields)
    with pytest.raises(ValidationError, match="already recorded as sent"):
        services.letter_record_sent(**fields)
    # Sent again another way is a new record: the practice did not get the first.
    services.letter_record_sent(**{**fields, "method": "post"})
    assert LetterSent.objects.filter(episode=signed_off).count() == 2
