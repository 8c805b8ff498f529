"""The managers' access report: who viewed or exported which patient's record, at their own sites only."""
import csv
import io
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from fls.roles import MANAGER
from patients.models import PatientRecordAccess, RecordAccessKind
from patients.services import patient_record_viewed
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("audit:access_report")
CSV_URL = reverse("audit:access_report_csv")


def at(days_ago: int, hour: int = 12) -> datetime:
    """Noon UTC `days_ago` days back, never in the future: the CSV leaves out rows after the moment it starts, so
    "today at noon" run at one in the morning would be a row from the future (the CI failure of 2026-12-05)."""
    today = timezone.localdate()
    moment = datetime.combine(today - timedelta(days=days_ago), datetime.min.time(), tzinfo=dt_timezone.utc).replace(
        hour=hour)
    return min(moment, timezone.now() - timedelta(seconds=1))


def access(patient, user, *, days_ago=0, kind=RecordAccessKind.VIEWED, page="patient"):
    patient_record_viewed(patient=patient, by=user, page=page, kind=kind)
    row = PatientRecordAccess.objects.order_by("-id").first()
    PatientRecordAccess.objects.filter(pk=row.pk).update(viewed_at=at(days_ago))
    return row


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def manager_b(site_b):
    return UserFactory(username="manager_b", first_name="Bo", last_name="Manager", roles=[MANAGER], sites=[site_b])


@pytest.fixture
def north(site_a, nurse_a, clinician_a):
    """Two patients at site A, seen by the nurse and the clinician on different days."""
    ada = PatientFactory(site=site_a, local_id="N100", family_name="Lovelace", given_name="Ada", national_id="9434765919")
    bea = PatientFactory(site=site_a, local_id="N200", family_name="Brown", given_name="Bea")
    return {
        "ada": ada, "bea": bea,
        "rows": [
            access(ada, nurse_a, days_ago=10),
            access(ada, clinician_a, days_ago=5, kind=RecordAccessKind.LETTER, page="letter"),
            access(bea, nurse_a, days_ago=1, kind=RecordAccessKind.EXPORTED, page="audit dataset"),
        ],
    }


@pytest.fixture
def south(site_b, nurse_b):
    cai = PatientFactory(site=site_b, local_id="S100", family_name="Southby", given_name="Cai")
    return {"cai": cai, "row": access(cai, nurse_b, days_ago=2)}


def shown(response) -> list[int]:
    return [row.pk for row in response.context["accesses"]]


def test_it_lists_the_accesses_at_the_managers_sites_newest_first(client, manager_a, north, south):
    client.force_login(manager_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert shown(response) == [north["rows"][2].pk, north["rows"][1].pk, north["rows"][0].pk]
    assert response.context["pages"]["accesses"].total == 3
    assert b"Southby" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_the_menu_offers_it_to_managers_and_administrators_only(client, manager_a, admin_a, nurse_a, clinician_a):
    for user, offered in ((manager_a, True), (admin_a, True), (nurse_a, False), (clinician_a, False)):
        client.force_login(user)
        home = client.get(reverse("operations") if user in (manager_a, admin_a) else reverse("patients:search"))
        assert (b'data-testid="nav-access-report"' in home.content) is offered, user.username


def test_a_nurse_or_a_clinician_is_refused(client, nurse_a, clinician_a, north):
    for user in (nurse_a, clinician_a):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(CSV_URL).status_code == 403


def test_an_administrator_sees_the_accesses_of_their_sites(client, admin_a, north, south):
    client.force_login(admin_a)
    assert set(shown(client.get(URL))) == {row.pk for row in north["rows"]}


def test_another_sites_manager_sees_nothing_of_site_a(client, manager_b, north, south):
    client.force_login(manager_b)
    response = client.get(URL)
    assert shown(response) == [south["row"].pk]
    assert b"Lovelace" not in response.content
    # Site A's patient, person and site are not theirs to choose.
    assert client.get(URL, {"patient": north["ada"].pk}).status_code == 404
    assert client.get(CSV_URL, {"patient": north["ada"].pk}).status_code == 404
    by_nurse_a = client.get(URL, {"user": north["rows"][0].user_id})
    assert by_nurse_a.context["form"].errors["user"] and shown(by_nurse_a) == []
    at_site_a = client.get(URL, {"site": north["ada"].site_id})
    assert at_site_a.context["form"].errors["site"] and shown(at_site_a) == []
    rows = csv_rows(client.get(CSV_URL))
    assert [row["hospital_number"] for row in rows] == ["S100"]


def test_it_filters_by_person(client, manager_a, nurse_a, north):
    client.force_login(manager_a)
    response = client.get(URL, {"user": nurse_a.pk})
    assert shown(response) == [north["rows"][2].pk, north["rows"][0].pk]
    # The person filter offers the staff of the manager's sites, nobody else.
    offered = {value for value, _label in response.context["form"].fields["user"].choices if value}
    assert nurse_a.pk in offered and north["rows"][1].user_id in offered


def test_it_filters_by_kind(client, manager_a, north):
    client.force_login(manager_a)
    assert shown(client.get(URL, {"kind": "letter"})) == [north["rows"][1].pk]
    assert client.get(URL, {"kind": "shred"}).context["form"].errors["kind"]


def test_it_filters_by_site(client, manager_a, site_a, site_b, north, south):
    manager_a.memberships.create(site=site_b)
    client.force_login(manager_a)
    assert shown(client.get(URL, {"site": site_b.pk})) == [south["row"].pk]
    assert len(shown(client.get(URL))) == 4


def test_it_opens_on_the_last_30_days_and_shows_every_date_once_from_is_cleared(client, manager_a, nurse_a, north):
    old = access(north["bea"], nurse_a, days_ago=31)
    client.force_login(manager_a)
    opened = client.get(URL)
    assert old.pk not in shown(opened) and len(shown(opened)) == 3
    assert opened.context["form"]["date_from"].value() == (timezone.localdate() - timedelta(days=30)).isoformat()
    assert shown(client.get(URL, {"date_from": ""}))[-1] == old.pk
    assert len(csv_rows(client.get(CSV_URL, {"date_from": ""}))) == 4


def test_it_filters_by_dates_both_ends_included(client, manager_a, north):
    client.force_login(manager_a)
    day = lambda n: (timezone.localdate() - timedelta(days=n)).isoformat()  # noqa: E731
    assert shown(client.get(URL, {"date_from": day(5), "date_to": day(5)})) == [north["rows"][1].pk]
    assert shown(client.get(URL, {"date_from": day(5)})) == [north["rows"][2].pk, north["rows"][1].pk]
    assert shown(client.get(URL, {"date_to": day(5)})) == [north["rows"][1].pk, north["rows"][0].pk]


@pytest.mark.parametrize("params, field", [
    ({"date_from": "0001-01-01"}, "date_from"),
    ({"date_to": "9999-12-31"}, "date_to"),
    ({"date_from": "2025-02-30"}, "date_from"),
    ({"date_to": "yesterday"}, "date_to"),
    # A NUL is dropped from every query string (fls.query_strings); what is left must still be a date.
    ({"date_from": "2024-01-01\x00x"}, "date_from"),
    ({"date_from": "2025-06-02", "date_to": "2025-06-01"}, "date_to"),
    ({"patient": "99999999999999999999999"}, "patient"),
    ({"user": "1e9"}, "user"),
])
def test_a_bad_filter_gets_a_message_beside_its_field_never_a_500(client, manager_a, north, params, field):
    client.force_login(manager_a)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert shown(response) == []
    assert b'data-testid="access-filter-invalid"' in response.content
    # The export of a bad filter goes back to the page, which says what is wrong.
    export = client.get(CSV_URL, params)
    assert export.status_code == 302 and export["Location"].startswith(URL)


def test_a_patient_is_found_by_a_posted_hospital_number_and_carried_by_id(client, manager_a, north):
    client.force_login(manager_a)
    response = client.post(f"{URL}?kind=view", {"number": "  n100 "})
    assert response.status_code == 302
    location = response["Location"]
    assert "N100" not in location.upper() and "Lovelace" not in location
    assert f"patient={north['ada'].pk}" in location and "kind=view" in location
    page = client.get(location)
    assert shown(page) == [north["rows"][0].pk]
    assert page.context["patient"] == north["ada"]


def test_a_patient_is_found_by_an_nhs_number_typed_with_spaces(client, manager_a, north):
    client.force_login(manager_a)
    response = client.post(URL, {"number": "943 476 5919"})
    assert f"patient={north['ada'].pk}" in response["Location"] and "943" not in response["Location"]


def test_a_number_of_no_patient_at_the_managers_sites_says_so_beside_the_field(client, manager_a, north, south):
    client.force_login(manager_a)
    for number in ("S100", "nobody", "\x00"):
        response = client.post(URL, {"number": number})
        assert response.status_code == 200
        assert response.context["lookup"].errors["number"], number


def test_a_hospital_number_used_at_two_of_the_managers_sites_offers_both(client, manager_a, site_b, north):
    manager_a.memberships.create(site=site_b)
    twin = PatientFactory(site=site_b, local_id="N100", family_name="Other", given_name="Twin")
    client.force_login(manager_a)
    response = client.post(URL, {"number": "N100"})
    assert response.status_code == 200
    assert {match.pk for match, _query in response.context["matches"]} == {north["ada"].pk, twin.pk}
    assert f"patient={twin.pk}".encode() in response.content


def test_it_pages_25_at_a_time_with_the_true_total(client, manager_a, nurse_a, north):
    for _ in range(30):
        patient_record_viewed(patient=north["bea"], by=nurse_a, page="episode")
    client.force_login(manager_a)
    first = client.get(URL)
    assert len(shown(first)) == 25
    assert first.context["pages"]["accesses"].total == 33
    second = client.get(URL + first.context["pages"]["accesses"].next.split("#")[0])
    assert len(shown(second)) == 8
    assert shown(second)[-1] == north["rows"][0].pk


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_rows(client, manager_a, nurse_a, clinician_a, site_a,
                                                                  django_assert_num_queries):
    client.force_login(manager_a)
    patients = [PatientFactory(site=site_a) for _ in range(3)]
    for patient in patients:
        access(patient, nurse_a)
    client.get(URL)  # warm the per-process caches (content types, permissions)
    # session, user, the two-factor device that verified the session (django-otp), roles and permissions, the
    # manager's sites, the staff list, the count, the page's rows
    with django_assert_num_queries(8):
        assert len(shown(client.get(URL))) == 3
    for index in range(30):
        access(PatientFactory(site=site_a), clinician_a if index % 2 else nurse_a)
    with django_assert_num_queries(8):
        assert len(shown(client.get(URL))) == 25
    with django_assert_num_queries(9):  # and the chosen patient
        assert len(shown(client.get(URL, {"patient": patients[0].pk, "user": nurse_a.pk}))) == 1


def test_the_csv_has_the_filtered_rows_newest_first_with_formula_cells_escaped(client, manager_a, nurse_a, site_a,
                                                                               north):
    sly = PatientFactory(site=site_a, local_id="N300", family_name="=HYPERLINK(\"http://x\")", given_name="+Sly")
    access(sly, nurse_a, days_ago=0, page="patient")
    client.force_login(manager_a)
    response = client.get(CSV_URL, {"user": nurse_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv") and response.streaming
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="fls-access-report-')
    rows = csv_rows(response)
    assert [row["hospital_number"] for row in rows] == ["N300", "N200", "N100"]
    assert rows[0]["patient_family_name"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["patient_given_name"] == "'+Sly"
    assert rows[0]["username"] == "nurse_a" and rows[0]["user_name"] == "Alice Nurse"
    assert rows[1]["kind"] == "Exported" and rows[1]["page"] == "audit dataset"
    assert rows[2]["nhs_number"] == "9434765919" and rows[2]["site_code"] == "north"


def test_exporting_the_report_is_itself_logged_once_per_patient_in_it(client, manager_a, nurse_a, north):
    access(north["ada"], nurse_a, days_ago=3)  # Ada twice in the report, once in the log of its export
    client.force_login(manager_a)
    before = set(PatientRecordAccess.objects.values_list("pk", flat=True))
    rows = csv_rows(client.get(CSV_URL))
    assert len(rows) == 4  # the export does not list the accesses it logs
    logged = PatientRecordAccess.objects.exclude(pk__in=before)
    assert sorted(logged.values_list("patient_id", "user_id", "kind", "page")) == sorted([
        (north["ada"].pk, manager_a.pk, "export", "access report"),
        (north["bea"].pk, manager_a.pk, "export", "access report"),
    ])
    # The next export shows the earlier one.
    assert len(csv_rows(client.get(CSV_URL))) == 6


def test_viewing_the_report_page_logs_nothing(client, manager_a, north):
    client.force_login(manager_a)
    count = PatientRecordAccess.objects.count()
    client.get(URL)
    client.get(URL, {"patient": north["ada"].pk})
    assert PatientRecordAccess.objects.count() == count
