"""The claims pages: the episode panel (levels, what is missing, the add-on, level-3 months; a fixed number of
queries), the admission and fracture-time forms (errors beside their fields), the monthly claims list and its CSV
(Japanese headers, UTF-8 with a BOM, a fixed number of queries), the facility checklist, and site isolation."""
import csv
import io
from datetime import date, time

import pytest
from django.urls import reverse

from claims import services
from claims.models import Admission, FacilityStandard
from claims.panels import claims_panel
from fls.versioning import NO_RECORD
from patients.models import PatientRecordAccess
from tests.followup.conftest import contact

pytestmark = pytest.mark.django_db


def episode_url(episode) -> str:
    return reverse("patients:episode_detail", args=[episode.pk])


@pytest.fixture
def claimable(make_hip_episode, sakura, nurse_jp, clinician_jp, facility_met):
    """A hip fracture at 20:00 on 28 Feb 2026 at 80, operated on 1 Mar at 09:30 (13.5 hours), assessed and treatment
    planned today in the acute ward: level 1 and the add-on claimable today."""
    episode = make_hip_episode(sakura, nurse_jp, clinician_jp)
    services.fracture_time_record(episode=episode, by=nurse_jp, fracture_day=episode.fracture_date,
                                  fracture_time=time(20, 0), expected_version=NO_RECORD)
    services.admission_add(episode=episode, by=nurse_jp, ward="acute", admitted_on=date(2026, 2, 28),
                           surgery_started_on=date(2026, 3, 1), surgery_started_time=time(9, 30))
    return episode


def test_the_panel_shows_each_level_what_is_missing_and_the_add_on(client, claimable, nurse_jp):
    client.force_login(nurse_jp)
    page = client.get(episode_url(claimable)).content.decode()
    assert 'data-testid="claims-panel"' in page
    assert 'data-level="1"' in page and "1000 points on 10 Mar 2026" in page
    assert page.count('data-status="claimable"') == 2  # level 1 and its add-on
    assert "surgery 13.5 hours after the fracture" in page
    assert "unverified" in page  # the seeded 2024 schedule is not verified
    assert "Level 1 has not been claimed" not in page
    assert "No outpatient contact since level 1" in page  # level 3 waits for a contact
    assert 'data-testid="add-admission"' in page


def test_the_panel_says_what_is_missing(client, make_hip_episode, sakura, nurse_jp, facility_met):
    episode = make_hip_episode(sakura, nurse_jp)
    services.admission_add(episode=episode, by=nurse_jp, ward="acute", admitted_on=date(2026, 2, 28))
    client.force_login(nurse_jp)
    page = client.get(episode_url(episode)).content.decode()
    for missing in ("The time surgery started is not recorded.", "The osteoporosis evaluation is not recorded.",
                    "The time of the fracture is not recorded."):
        assert missing in page
    assert 'data-status="not_yet"' in page


def test_the_panel_says_when_the_facility_standard_is_not_met(client, claimable, nurse_jp, facility_met):
    FacilityStandard.objects.filter(pk=facility_met.pk).update(last_training_on=date(2025, 1, 2))
    client.force_login(nurse_jp)
    page = client.get(episode_url(claimable)).content.decode()
    assert "Facility standard not met: The last staff training was more than a year before." in page
    assert 'data-status="claimable"' not in page


def test_no_panel_outside_japan_or_for_another_fracture(client, make_hip_episode, site_a, nurse_a, sakura, nurse_jp):
    uk = make_hip_episode(site_a, nurse_a)
    wrist = make_hip_episode(sakura, nurse_jp, fracture_site="wrist")
    for episode, user in ((uk, nurse_a), (wrist, nurse_jp)):
        client.force_login(user)
        assert 'data-testid="claims-panel"' not in client.get(episode_url(episode)).content.decode()
        assert client.get(reverse("claims:admission_add", args=[episode.pk])).status_code == 404


PANEL_QUERIES = 10  # claim_facts' nine, the admissions


def as_on_the_page(episode):
    """The episode as the episode page reads it (patients.selectors.episode_for_user): with its patient and site."""
    from patients.models import FractureEpisode

    return FractureEpisode.objects.select_related("patient", "site").get(pk=episode.pk)


@pytest.mark.parametrize("admissions", [0, 1, 3])
def test_the_panel_runs_a_fixed_number_of_queries(claimable, nurse_jp, django_assert_num_queries, admissions):
    claimable = as_on_the_page(claimable)
    Admission.objects.all().delete() if admissions == 0 else None
    for n in range(admissions - 1):
        services.admission_add(episode=claimable, by=nurse_jp, ward="rehabilitation",
                               admitted_on=date(2026, 3, 2 + n), level_1_claimed_elsewhere=True)
    for follow_up in claimable.follow_ups.all()[:1]:
        contact(follow_up, nurse_jp, contacted_on=date(2026, 3, 9))
    nurse_jp.has_perm("claims.view_admission")  # the user's permissions, read once per request
    with django_assert_num_queries(PANEL_QUERIES):
        panel = claims_panel(claimable, nurse_jp)
    assert len(panel["admissions"]) == admissions


def test_a_panel_out_of_scope_costs_no_query(make_hip_episode, site_a, nurse_a, django_assert_num_queries):
    episode = as_on_the_page(make_hip_episode(site_a, nurse_a))
    with django_assert_num_queries(0):
        assert claims_panel(episode, nurse_a) is None


# --- The forms ----------------------------------------------------------------------------------------------------

def test_the_admission_form_records_an_admission(client, make_hip_episode, sakura, nurse_jp):
    episode = make_hip_episode(sakura, nurse_jp)
    client.force_login(nurse_jp)
    url = reverse("claims:admission_add", args=[episode.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"ward": "acute", "admitted_on": "2026-02-28", "surgery_started_on": "2026-03-01",
                                 "surgery_started_time": "09:30", "version": "0"})
    assert response.status_code == 302 and response.url == episode_url(episode)
    assert Admission.objects.get(episode=episode).surgery_started_time == time(9, 30)
    assert PatientRecordAccess.objects.filter(page="admission", patient=episode.patient).exists()


@pytest.mark.parametrize("data, field, message", [
    ({"admitted_on": "2026-03-05", "discharged_on": "2026-03-04"}, "discharged_on",
     "The discharge cannot be before the admission."),
    ({"admitted_on": "2026-03-01", "surgery_started_on": "2026-02-28", "surgery_started_time": "10:00"},
     "surgery_started_on", "Surgery must fall within the admission."),
    ({"admitted_on": "2026-03-12"}, "admitted_on", "The date of admission cannot be in the future."),
    # A site in Japan: dates typed YYYY/MM/DD (fls.dates.date_entry).
    ({"admitted_on": "not a date"}, "admitted_on", "Enter the date as YYYY/MM/DD, for example 2026/12/04."),
    ({"admitted_on": "2026-03-01", "surgery_started_on": "2026-03-01", "surgery_started_time": "25:00"},
     "surgery_started_time", "Enter a valid time."),
])
def test_bad_input_gets_a_message_beside_the_field(client, make_hip_episode, sakura, nurse_jp, data, field,
                                                   message):
    episode = make_hip_episode(sakura, nurse_jp)
    client.force_login(nurse_jp)
    response = client.post(reverse("claims:admission_add", args=[episode.pk]), {"ward": "acute", **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in errors[field]
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page or f'id_{field}' in page and "invalid-feedback" in page
    assert not Admission.objects.exists()


def test_a_stale_admission_form_is_refused_with_what_changed(client, claimable, nurse_jp, clinician_jp):
    admission = Admission.objects.get(episode=claimable)
    services.admission_update(admission=admission, by=clinician_jp, expected_version=1,
                              discharged_on=date(2026, 3, 9))
    client.force_login(nurse_jp)
    response = client.post(reverse("claims:admission_edit", args=[admission.pk]), {
        "ward": "acute", "admitted_on": "2026-02-28", "discharged_on": "2026-03-08",
        "surgery_started_on": "2026-03-01", "surgery_started_time": "09:30", "version": "1"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    admission.refresh_from_db()
    assert admission.discharged_on == date(2026, 3, 9)


def test_the_fracture_time_form_refuses_another_day_beside_the_date(client, make_hip_episode, sakura, nurse_jp):
    episode = make_hip_episode(sakura, nurse_jp)
    client.force_login(nurse_jp)
    url = reverse("claims:fracture_time", args=[episode.pk])
    response = client.post(url, {"fracture_day": "2026-03-01", "fracture_time": "08:00", "version": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["fracture_day"] == [
        "The time must fall on the fracture date, 28 Feb 2026."]
    response = client.post(url, {"fracture_day": "2026-02-28", "fracture_time": "08:00", "version": "0"})
    assert response.status_code == 302


def test_another_sites_episode_and_admission_are_not_found(client, claimable, manager_hinode, hinode):
    from fls.roles import NURSE
    from tests.factories import UserFactory

    nurse_hinode = UserFactory(username="nurse_hinode", roles=[NURSE], sites=[hinode])
    client.force_login(nurse_hinode)
    admission = Admission.objects.get(episode=claimable)
    assert client.get(reverse("claims:admission_add", args=[claimable.pk])).status_code == 404
    assert client.get(reverse("claims:admission_edit", args=[admission.pk])).status_code == 404
    assert client.get(reverse("claims:fracture_time", args=[claimable.pk])).status_code == 404


# --- The monthly claims list and its CSV ----------------------------------------------------------------------------

def test_the_claims_list_shows_the_months_claims(client, claimable, manager_jp):
    client.force_login(manager_jp)
    response = client.get(reverse("claims:claims_list"), {"month": "2026-03"})
    page = response.content.decode()
    assert response.status_code == 200 and page.count('data-testid="claim-row"') == 1
    patient = claimable.patient
    assert patient.local_id in page and f"{patient.family_name} {patient.given_name}" in page
    assert '<td class="text-end" data-testid="total">1000</td>' in page
    assert PatientRecordAccess.objects.filter(page="claims list", patient=patient).count() == 1
    # February: nothing yet.
    assert 'data-testid="no-claims"' in client.get(reverse("claims:claims_list"), {"month": "2026-02"}).content.decode()


def test_a_bad_month_gets_a_message(client, claimable, manager_jp):
    client.force_login(manager_jp)
    page = client.get(reverse("claims:claims_list"), {"month": "2026-13"}).content.decode()
    assert "“2026-13” is not a month: use YYYY-MM." in page


@pytest.mark.parametrize("typed", ["2026/03", "2026/3", "２０２６／０３", "2026年3月", "2026-03"])
def test_the_month_is_typed_as_in_japan_whatever_the_browser(client, claimable, manager_jp, typed):
    """A text box, not the browser's month picker (its order follows the browser's language; issue 20)."""
    client.force_login(manager_jp)
    page = client.get(reverse("claims:claims_list"), {"month": typed}).content.decode()
    assert page.count('data-testid="claim-row"') == 1 and 'data-testid="month-error"' not in page
    box = page[page.rindex("<input", 0, page.index('name="month"')):]
    assert box[:box.index(">")].count('type="text"') == 1 and 'value="2026/03"' in box[:box.index(">")]
    assert 'type="month"' not in page


def test_the_csv_has_japanese_headers_in_utf8_with_a_bom(client, claimable, manager_jp):
    client.force_login(manager_jp)
    response = client.get(reverse("claims:claims_csv"), {"month": "2026-03"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["患者ID", "氏名", "施設", "区分", "点数", "算定日", "緊急整復固定加算", "点数の確認"]
    patient = claimable.patient
    assert rows[1] == [patient.local_id, f"{patient.family_name} {patient.given_name}", "sakura",
                       "二次性骨折予防継続管理料1", "1000", "2026-03-10", "あり", "未確認"]
    assert PatientRecordAccess.objects.filter(page="claims CSV", kind="export", patient=patient).count() == 1


# The session, user, permissions and two-factor checks of any page (6), the sites, the episodes, claim_facts' nine and
# the access log's INSERT.
CLAIMS_LIST_QUERIES = 17


@pytest.mark.parametrize("episodes", [1, 3])
def test_the_claims_list_runs_a_fixed_number_of_queries(client, make_hip_episode, sakura, nurse_jp, clinician_jp,
                                                        manager_jp, facility_met, episodes,
                                                        django_assert_num_queries):
    for _n in range(episodes):
        episode = make_hip_episode(sakura, nurse_jp, clinician_jp)
        services.admission_add(episode=episode, by=nurse_jp, ward="acute", admitted_on=date(2026, 2, 28),
                               surgery_started_on=date(2026, 3, 1), surgery_started_time=time(9, 30))
    client.force_login(manager_jp)
    url = reverse("claims:claims_list")
    client.get(url, {"month": "2026-03"})
    with django_assert_num_queries(CLAIMS_LIST_QUERIES):
        response = client.get(url, {"month": "2026-03"})
    assert response.content.decode().count('data-testid="claim-row"') == episodes


def test_the_claims_list_is_for_japanese_sites_and_their_own_patients(client, claimable, manager_hinode,
                                                                     manager_a, nurse_jp):
    client.force_login(manager_hinode)
    page = client.get(reverse("claims:claims_list"), {"month": "2026-03"}).content.decode()
    assert 'data-testid="no-claims"' in page and claimable.patient.local_id not in page
    csv_text = client.get(reverse("claims:claims_csv"), {"month": "2026-03"}).content.decode("utf-8-sig")
    assert claimable.patient.local_id not in csv_text
    client.force_login(manager_a)  # a manager in the UK: an empty list that says why
    assert 'data-testid="no-japanese-site"' in client.get(reverse("claims:claims_list")).content.decode()
    client.force_login(nurse_jp)  # nurses record, the office and clinicians claim
    assert client.get(reverse("claims:claims_list")).status_code == 403


# --- The facility standard checklist --------------------------------------------------------------------------------

def test_the_checklist_is_edited_by_a_manager(client, sakura, manager_jp):
    client.force_login(manager_jp)
    url = reverse("claims:facility_standard", args=["sakura"])
    page = client.get(url).content.decode()
    assert 'data-testid="standard-not-met"' in page and "The facility standard is not recorded." in page
    response = client.post(url, {"doctor": "佐藤", "nurse": "伊藤", "pharmacist": "加藤",
                                 "pharmacist_at_partner_pharmacy": "on", "last_training_on": "2025-02-01",
                                 "version": "0"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Training more than a year ago: flagged, the standard not met.
    assert 'data-testid="training-overdue"' in page and 'data-testid="standard-not-met"' in page
    assert "partner pharmacy" in page
    client.post(url, {"doctor": "佐藤", "nurse": "伊藤", "pharmacist": "加藤", "last_training_on": "2026-02-01",
                      "version": "1"})
    assert 'data-testid="standard-met"' in client.get(url).content.decode()


def test_the_checklist_refuses_a_future_training_beside_the_field(client, sakura, admin_jp):
    client.force_login(admin_jp)
    response = client.post(reverse("claims:facility_standard", args=["sakura"]), {
        "doctor": "佐藤", "last_training_on": "2026-04-01", "version": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["last_training_on"] == ["The date of the training cannot be in the future."]


def test_a_nurse_sees_the_checklist_but_cannot_change_it(client, sakura, nurse_jp, facility_met):
    client.force_login(nurse_jp)
    url = reverse("claims:facility_standard", args=["sakura"])
    page = client.get(url).content.decode()
    assert 'data-testid="standard-met"' in page and 'data-testid="facility-form"' not in page
    assert client.post(url, {"doctor": "x", "version": "1"}).status_code == 403


def test_another_sites_checklist_is_not_found(client, sakura, hinode, manager_hinode, site_a, manager_a):
    client.force_login(manager_hinode)
    assert client.get(reverse("claims:facility_standard", args=["sakura"])).status_code == 404
    assert client.get(reverse("claims:facility_standards")).url == reverse("claims:facility_standard",
                                                                          args=["hinode"])
    client.force_login(manager_a)
    assert client.get(reverse("claims:facility_standard", args=["north"])).status_code == 404
    assert 'data-testid="no-japanese-site"' in client.get(reverse("claims:facility_standards")).content.decode()
