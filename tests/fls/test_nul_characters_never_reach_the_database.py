"""A NUL character (which PostgreSQL refuses in text) in a search box, a filter, a form field, the advice
question or an imported report is dropped (query strings) or refused with a message, never a 500 (issue 14)."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casefinding.intake import hl7_message_receive, report_batch_from_file
from casefinding.models import RadiologyReport
from patients.models import Patient
from tests.worklists.builders import episode_at
from worklists.models import ClinicalAdviceRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/patients/search/?q=%00", "/patients/search/?q=Smi%00th",
                                 "/worklist/?q=%00", "/worklist/?q=a%00&nurse=%00&from=%00",
                                 "/triage/?site=%00", "/follow-ups/?site=%00&page=%00"])
def test_a_nul_in_the_query_string_is_dropped(client, nurse_a, url):
    client.force_login(nurse_a)
    assert client.get(url).status_code == 200


def test_the_search_still_finds_the_patient_once_the_nul_is_dropped(client, nurse_a, site_a):
    episode_at(site_a, family_name="Nulsearch")
    client.force_login(nurse_a)
    assert "NULSEARCH" in client.get("/patients/search/?q=Nul%00search").content.decode()


def test_a_nul_in_the_advice_question_is_refused_with_a_message(client, nurse_a, site_a):
    episode = episode_at(site_a, "awaiting_assessment")
    client.force_login(nurse_a)
    response = client.post(reverse("worklists:advice_request_new", args=[episode.pk]),
                           {"question": "Which drug?\x00"}, follow=True)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not ClinicalAdviceRequest.objects.exists()


def test_a_nul_in_a_form_field_is_refused_beside_the_field(client, nurse_a, site_a):
    patient = episode_at(site_a).patient
    client.force_login(nurse_a)
    response = client.post(reverse("patients:patient_edit", args=[patient.pk]), {
        "patient-local_id": patient.local_id, "patient-family_name": "Smith\x00", "patient-given_name": "Ann",
        "patient-date_of_birth": "1948-03-14", "patient-sex": "female", "patient-residence": "own_home",
        "patient-version": patient.version,
    })
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert Patient.objects.get(pk=patient.pk).family_name == patient.family_name


def test_a_nul_in_a_message_from_the_live_feed_is_refused_with_an_error_ack(site_a):
    message = ("MSH|^~\\&|RIS|HOSP|FLS|HOSP|20260110120000||ORU^R01|MSG1|P|2.5\r"
               "PID|1||H123^^^HOSP^MR||Nul^Ann||19400102|F\r"
               "OBR|1||ACC-NUL|XR WRIST^Wrist|||20260110\r"
               "OBX|1|TX|||Acute fracture of the distal \x00radius.\r")
    ack, batch = hl7_message_receive(site=site_a, message_text=message)
    assert "|AE|" in ack.replace("\r", "|") or "MSA|AE" in ack
    assert batch.rejected == 1
    assert "Null characters are not allowed." in batch.problems[0]["message"]
    assert not RadiologyReport.objects.exists()


def test_a_file_with_a_nul_is_refused_whole(site_a, nurse_a):
    with pytest.raises(ValidationError, match="not a text"):
        report_batch_from_file(site=site_a, by=nurse_a, filename="r.csv", raw_bytes=b"accession\x00,local_id\n")
