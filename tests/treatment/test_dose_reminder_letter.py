"""The patient's reminder letter for a dose due: printable from the treatment notification's link, and as a PDF;
it gives the next dose's date and where to book it, and another site's user gets a 404."""
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from patients.models import PatientRecordAccess
from tests.pdf import assert_is_pdf, pdf_text, squeezed
from treatment import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-07-10 10:00 +00:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def denosumab(make_course, nurse_a, frozen):
    frozen.move_to("2026-02-02 10:00 +00:00")
    course = make_course("denosumab")
    services.dose_record(course=course, by=nurse_a, given_on=date(2026, 2, 1), place="gp")
    frozen.move_to("2026-07-10 10:00 +00:00")
    return course


def url(course, **query):
    return reverse("treatment:reminder_letter", args=[course.pk]) + ("?format=pdf" if query.get("pdf") else "")


def test_the_letter_gives_the_next_dose_and_where_to_book_it(client, denosumab, nurse_a):
    client.force_login(nurse_a)

    page = client.get(url(denosumab)).content.decode()

    patient = denosumab.episode.patient
    assert f"Dear {patient.given_name} {patient.family_name}," in page
    assert "Your last dose was on 1 February 2026" in page
    assert "Your next dose is due on 1 August 2026" in page
    assert "contact the Fracture Liaison Service" in page  # no GP practice recorded for the patient
    assert url(denosumab, pdf=True) in page
    assert PatientRecordAccess.objects.filter(patient=patient, page="dose reminder letter").exists()


def test_a_dose_overdue_asks_for_it_as_soon_as_possible(client, denosumab, nurse_a, frozen):
    frozen.move_to("2026-09-10 10:00 +00:00")
    client.force_login(nurse_a)
    page = client.get(url(denosumab)).content.decode()
    assert "was due on 1 August 2026 and we have no record of it" in page


def test_the_letter_downloads_as_a_pdf(client, denosumab, nurse_a, site_a):
    client.force_login(nurse_a)

    response = client.get(url(denosumab, pdf=True))

    assert_is_pdf(response)
    assert str(denosumab.pk) in response["Content-Disposition"]
    assert denosumab.episode.patient.family_name not in response["Content-Disposition"]
    text = pdf_text(response.content, running_header=site_a.name)
    assert squeezed("Your next dose is due on 1 August 2026") in text


def test_another_sites_user_gets_a_404(client, denosumab, nurse_b):
    client.force_login(nurse_b)
    assert client.get(url(denosumab)).status_code == 404
    assert client.get(url(denosumab, pdf=True)).status_code == 404


def test_a_course_with_no_dose_to_book_has_no_letter(client, make_course, nurse_a):
    course = make_course("alendronate")  # tablets: no dose given in clinic
    client.force_login(nurse_a)
    assert client.get(url(course)).status_code == 404
