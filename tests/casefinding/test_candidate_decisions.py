"""One click confirms (the pre-filled form; the decision is recorded when the fracture is saved)
or dismisses with a reason. Each decision records who, when and why."""
from datetime import date, timedelta

import pytest
from django.urls import reverse

from casefinding.models import CandidateDecision, RadiologyReport
from patients.models import FractureEpisode
from tests.factories import PatientFactory

from .conftest import RECENT, report_row

pytestmark = pytest.mark.django_db


def _candidate(screen_file, **overrides):
    screen_file([report_row(**overrides)])
    return RadiologyReport.objects.get(accession=overrides.get("accession", "ACC1001"))


def test_confirm_opens_the_new_patient_form_pre_filled_by_id_only(client, nurse_a, screen_file):
    report = _candidate(screen_file)
    client.force_login(nurse_a)
    response = client.get(reverse("casefinding:candidate_confirm", args=[report.pk]))
    assert response.url == reverse("patients:patient_new") + f"?candidate={report.pk}"
    page = client.get(response.url).content.decode()
    # Dates shown as a UK site types them (fls.dates.date_entry).
    assert 'value="N100001"' in page and 'value="Testfall"' in page and 'value="06/05/1944"' in page
    assert f'value="{date.fromisoformat(RECENT):%d/%m/%Y}"' in page
    assert '<option value="hip" selected>' in page and '<option value="radiology" selected>' in page
    assert "Pre-filled from a radiology report" in page


def test_saving_the_pre_filled_form_records_the_confirmation(client, nurse_a, site_a, screen_file):
    report = _candidate(screen_file)
    client.force_login(nurse_a)
    url = reverse("patients:patient_new") + f"?candidate={report.pk}"
    response = client.post(url, {
        "patient-local_id": "N100001", "patient-family_name": "Testfall", "patient-given_name": "Ada",
        "patient-date_of_birth": "1944-05-06", "patient-sex": "female", "patient-residence": "own_home",
        "episode-fracture_date": RECENT, "episode-fracture_site": "hip", "episode-side": "left",
        "episode-mechanism": "low", "episode-identified_on": date.today().isoformat(), "episode-source": "radiology",
        "episode-previous_fracture_count": "0",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = CandidateDecision.objects.get(report=report)
    episode = FractureEpisode.objects.get()
    assert (decision.decision, decision.by, decision.episode) == ("confirmed", nurse_a, episode)
    assert b"Suggested from radiology reports" in client.get(reverse("patients:triage")).content
    assert f'data-testid="candidate-{report.pk}"'.encode() not in client.get(reverse("patients:triage")).content


def test_a_matched_patient_gets_the_new_fracture_form(client, nurse_a, site_a, screen_file):
    patient = PatientFactory(site=site_a, local_id="N100001", family_name="Testfall", date_of_birth="1944-05-06")
    report = _candidate(screen_file)
    client.force_login(nurse_a)
    response = client.get(reverse("casefinding:candidate_confirm", args=[report.pk]))
    assert response.url == reverse("patients:episode_new", args=[patient.pk]) + f"?candidate={report.pk}"
    response = client.post(response.url, {
        "episode-fracture_date": RECENT, "episode-fracture_site": "hip", "episode-side": "left",
        "episode-mechanism": "low", "episode-identified_on": date.today().isoformat(), "episode-source": "radiology",
        "episode-previous_fracture_count": "0",
    })
    assert response.status_code == 302
    assert CandidateDecision.objects.get(report=report).episode.patient == patient


def test_dismiss_needs_a_reason_and_records_who_when_why(client, nurse_a, screen_file):
    report = _candidate(screen_file)
    client.force_login(nurse_a)
    url = reverse("casefinding:candidate_dismiss", args=[report.pk])
    client.post(url, {"reason": ""})
    assert not CandidateDecision.objects.exists()
    client.post(url, {"reason": "other", "note": ""})
    assert not CandidateDecision.objects.exists()
    client.post(url, {"reason": "old", "note": "Known from 2019."})
    decision = CandidateDecision.objects.get()
    assert (decision.decision, decision.reason, decision.note, decision.by) == ("dismissed", "old", "Known from 2019.", nurse_a)
    assert decision.at is not None
    client.post(url, {"reason": "known"})
    assert CandidateDecision.objects.count() == 1


def test_the_disagreement_page_shows_dismissals_by_reason(client, nurse_a, manager_a, screen_file):
    report = _candidate(screen_file)
    client.force_login(nurse_a)
    client.post(reverse("casefinding:candidate_dismiss", args=[report.pk]), {"reason": "old"})
    client.force_login(manager_a)
    page = client.get(reverse("casefinding:disagreements")).content.decode()
    assert "Old or healed fracture" in page and "<mark>fracture</mark>" in page and "Alice Nurse" in page
