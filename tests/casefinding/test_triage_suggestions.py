"""Candidates appear in the triage list as suggestions: evidence highlighted (escaped first),
the fracture site guessed, and the existing patient matched when the identifiers agree."""
import pytest
from django.urls import reverse

from tests.factories import PatientFactory

from .conftest import report_row

pytestmark = pytest.mark.django_db


def test_a_candidate_is_shown_with_its_evidence_highlighted(client, nurse_a, screen_file):
    screen_file([report_row(report_text="Findings: <b>x</b> fracture of the left neck of femur & more.")])
    client.force_login(nurse_a)
    page = client.get(reverse("patients:triage")).content.decode()
    assert "Suggested from radiology reports" in page
    assert "TESTFALL, Ada" in page and "Hip" in page
    assert "&lt;b&gt;x&lt;/b&gt; <mark>fracture</mark> of the left <mark>neck of femur</mark> &amp; more" in page
    assert "New patient" in page


def test_an_existing_patient_is_matched_only_when_the_identifiers_agree(client, nurse_a, site_a, screen_file):
    patient = PatientFactory(site=site_a, local_id="N100001", family_name="Testfall", date_of_birth="1944-05-06")
    PatientFactory(site=site_a, local_id="N100002", family_name="Other", date_of_birth="1944-05-06")
    screen_file([report_row(), report_row(accession="ACC2", local_id="N100002")])
    client.force_login(nurse_a)
    page = client.get(reverse("patients:triage")).content.decode()
    assert page.count('data-testid="matched-patient"') == 1
    assert reverse("patients:patient_detail", args=[patient.pk]) in page


def test_the_triage_list_query_count_does_not_grow_with_candidates(client, nurse_a, screen_file, django_assert_num_queries):
    screen_file([report_row()])
    client.force_login(nurse_a)
    client.get(reverse("patients:triage"))  # warm the session and permission caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("patients:triage"))
    screen_file([report_row(accession=f"ACC{i}", local_id=f"N{i}") for i in range(2, 30)])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("patients:triage"))
    assert response.content.decode().count('data-testid="confirm-candidate"') == 29


def test_a_clinician_without_the_review_permission_sees_no_suggestions(client, clinician_a, screen_file):
    screen_file([report_row()])
    client.force_login(clinician_a)
    response = client.get(reverse("patients:triage"))
    assert response.status_code in (200, 403)
    assert b"Suggested from radiology reports" not in response.content
