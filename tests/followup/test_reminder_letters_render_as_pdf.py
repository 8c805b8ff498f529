"""Every patient reminder letter downloads as a PDF, in the layout every letter shares (fls.pdf): each
one the demo makes, for several seeds, and the shapes the demo never makes (names at the field's
maximum, Japanese and right-to-left names). Read back to check the patient's name is in it."""
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from fls.models import User
from followup import services
from followup.models import PatientReminderLetter
from patients import services as patient_services
from tests.pdf import assert_is_pdf, keep_pdf, pdf_font_names, pdf_pages, pdf_text, squeezed

pytestmark = pytest.mark.django_db

FRACTURE = date(2026, 1, 5)  # 4-week window 26 Jan – 16 Feb


# The smallest demo databases of two seeds that have reminder letters (the demo makes a few per hundred patients).
@pytest.mark.parametrize("seed,patients", [(1, 80), (2, 60)])
def test_every_reminder_letter_the_demo_makes_renders_as_a_pdf(client, seed, patients):
    with time_machine.travel("2026-06-01 09:00 +00:00", tick=False):  # the demo's data depends on the day
        call_command("seed_demo", patients=patients, seed=seed, password="demo-password-2026", stdout=StringIO())
        letters = PatientReminderLetter.objects.select_related("follow_up__site", "follow_up__episode__patient")
        assert letters.exists()
        for letter in letters:
            site = letter.follow_up.site
            client.force_login(User.objects.get(username=f"nurse_{site.code}"))
            response = client.get(reverse("followup:letter_pdf", args=[letter.pk]))
            assert_is_pdf(response)
            patient = letter.follow_up.episode.patient
            assert squeezed(patient.full_name) in pdf_text(response.content), letter.pk


def _reminder_letter(make_in_follow_up, nurse, *, given_name, family_name):
    with time_machine.travel("2026-01-06 10:00 +00:00", tick=False):
        episode = make_in_follow_up(fracture_date=FRACTURE, phone="", family_name=family_name)
        patient = episode.patient
        patient_services.patient_update(patient=patient, by=nurse, expected_version=patient.version,
                                        given_name=given_name, local_id="L" * 30, postcode="SW1A 1AA")
        services.followups_scan(today=date(2026, 1, 26))
    return PatientReminderLetter.objects.get(follow_up__episode=episode)


@pytest.mark.parametrize("name,given_name,family_name", [
    ("longest", "G" * 100, "Longname " * 11 + "F"),
    ("japanese", "花子", "山田"),
    ("hebrew", "דוד", "כהן"),
    ("arabic", "محمد", "العلي"),
])
def test_a_reminder_letter_renders_whatever_the_name(client, make_in_follow_up, nurse_a, site_a,
                                                      name, given_name, family_name):
    letter = _reminder_letter(make_in_follow_up, nurse_a, given_name=given_name, family_name=family_name)
    client.force_login(nurse_a)
    response = client.get(reverse("followup:letter_pdf", args=[letter.pk]))
    assert_is_pdf(response)
    keep_pdf(f"reminder-letter-{name}", response.content)
    assert str(letter.pk) in response["Content-Disposition"] and family_name not in response["Content-Disposition"]
    text = pdf_text(response.content, running_header=site_a.name)
    assert "26January2026and16February2026" in text and "L" * 30 in text
    for part in (given_name, family_name):
        assert squeezed(part) in text or squeezed(part)[::-1] in text, part
    pages = pdf_pages(response.content)
    assert site_a.name in pages[0] and f"Page 1 of {len(pages)}" in pages[0]
    if name == "japanese":
        assert any("CJK" in font for font in pdf_font_names(response.content))


def test_the_letter_page_offers_the_pdf_and_another_site_gets_neither(client, make_in_follow_up, nurse_a, nurse_b):
    letter = _reminder_letter(make_in_follow_up, nurse_a, given_name="Ann", family_name="Testperson")
    pdf_url = reverse("followup:letter_pdf", args=[letter.pk])
    client.force_login(nurse_a)
    assert pdf_url in client.get(reverse("followup:letter", args=[letter.pk])).content.decode()
    client.force_login(nurse_b)
    assert client.get(pdf_url).status_code == 404
