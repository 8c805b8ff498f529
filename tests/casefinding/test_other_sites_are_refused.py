"""A nurse at another site never sees, confirms, dismisses or pre-fills a candidate: 404, not 403.
Roles: nurses and managers may upload; clinicians may not."""
import pytest
from django.urls import reverse

from casefinding.models import CandidateDecision, RadiologyReport

from .conftest import reports_csv, report_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(screen_file):
    screen_file([report_row()])
    return RadiologyReport.objects.get()


def test_nurse_b_gets_404_for_site_a_candidates(client, nurse_b, candidate):
    client.force_login(nurse_b)
    assert client.get(reverse("casefinding:candidate_confirm", args=[candidate.pk])).status_code == 404
    assert client.post(reverse("casefinding:candidate_dismiss", args=[candidate.pk]), {"reason": "old"}).status_code == 404
    assert client.get(reverse("patients:patient_new") + f"?candidate={candidate.pk}").status_code == 404
    assert client.get(reverse("casefinding:batch_detail", args=[candidate.batch_id])).status_code == 404
    assert b"TESTFALL" not in client.get(reverse("patients:triage")).content
    assert not CandidateDecision.objects.exists()


def test_nurse_b_cannot_upload_into_site_a(client, nurse_b, site_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(nurse_b)
    response = client.post(reverse("casefinding:report_upload"), {
        "site": site_a.pk, "file": SimpleUploadedFile("r.csv", reports_csv([report_row()])),
    })
    assert response.status_code == 200 and not RadiologyReport.objects.exists()


@pytest.mark.parametrize("persona,status", [("nurse_a", 200), ("manager_a", 200), ("clinician_a", 403)])
def test_who_may_upload(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("casefinding:report_upload")).status_code == status


def test_a_nurse_uploads_and_sees_the_counts(client, nurse_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(nurse_a)
    response = client.post(reverse("casefinding:report_upload"), {
        "file": SimpleUploadedFile("r.csv", reports_csv([report_row(), report_row(accession="B", exam_date="x")])),
        "site": nurse_a.memberships.get().site_id,
    }, follow=True)
    page = response.content.decode()
    assert 'data-testid="batch-candidates">1<' in page and "exam_date" in page
    # Only database ids in the address, never an identifier.
    assert "N100001" not in response.redirect_chain[-1][0] and "Testfall" not in response.redirect_chain[-1][0]
