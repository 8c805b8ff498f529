"""Every page and export that shows a patient's record logs who saw it, how (view, export, letter, print) and
where; an export of many patients logs each once, a chunk at a time; the log is never changed or deleted."""
import csv
import importlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from followup.models import PatientReminderLetter
from patients import pathway
from patients.models import PatientRecordAccess, RecordAccessKind
from patients.services import patient_record_viewed, patient_records_accessed
from tests.audit.conftest import AuditData
from tests.factories import FractureEpisodeFactory, PatientFactory, UserFactory

from .csv_rows import csv_bytes, row

pytestmark = pytest.mark.django_db


def logged(**filters) -> list[tuple]:
    return list(PatientRecordAccess.objects.filter(**filters).order_by("id").values_list("patient_id", "kind", "page"))


@pytest.fixture
def episode(site_a, nurse_a):
    episode = FractureEpisodeFactory(patient=PatientFactory(site=site_a), created_by=nurse_a,
                                     fracture_date=timezone.localdate() - timedelta(days=30))
    pathway.accept_for_assessment(episode, by=nurse_a)
    return episode


@pytest.fixture
def signed_off(episode, nurse_a, clinician_a):
    assessment_services.assessment_record_part(episode=episode, part="falls", by=nurse_a, expected_version=None,
                                               falls_last_12_months=1)
    assessment_services.assessment_complete(episode=episode, by=nurse_a)
    decision = assessment_services.treatment_decision_save(episode=episode, by=nurse_a, recommendation="alendronate",
                                                           calcium_vitamin_d="start", status="started",
                                                           started_on=timezone.localdate())
    assessment_services.treatment_sign_off(decision=decision, by=clinician_a)
    episode.refresh_from_db()
    return episode


def test_an_access_records_the_patients_site_and_is_a_view_unless_told(episode, nurse_a):
    patient_record_viewed(patient=episode.patient, by=nurse_a, page="patient")
    access = PatientRecordAccess.objects.get()
    assert (access.site_id, access.kind, access.user_id) == (episode.site_id, "view", nurse_a.pk)


def test_the_pages_and_forms_of_a_record_are_logged_as_views(client, episode, nurse_a):
    client.force_login(nurse_a)
    patient = episode.patient
    pages = [
        (reverse("patients:patient_detail", args=[patient.pk]), "patient"),
        (reverse("patients:patient_edit", args=[patient.pk]), "patient edit"),
        (reverse("patients:episode_detail", args=[episode.pk]), "episode"),
        (reverse("patients:episode_edit", args=[episode.pk]), "fracture edit"),
        (reverse("patients:episode_new", args=[patient.pk]), "new fracture"),
        (reverse("assessments:assessment_part", args=[episode.pk, "falls"]), "assessment"),
        (reverse("assessments:blood_result_add", args=[episode.pk]), "blood result"),
        (reverse("assessments:treatment_decision", args=[episode.pk]), "treatment decision"),
    ]
    for url, _page in pages:
        assert client.get(url).status_code == 200, url
    assert logged(user=nurse_a) == [(patient.pk, "view", page) for _url, page in pages]


def test_a_refused_page_logs_nothing(client, episode, nurse_b):
    client.force_login(nurse_b)
    assert client.get(reverse("patients:patient_edit", args=[episode.patient_id])).status_code == 404
    assert client.get(reverse("assessments:treatment_decision", args=[episode.pk])).status_code == 404
    assert not PatientRecordAccess.objects.exists()


def test_the_gp_letter_is_logged_as_a_letter_and_its_pdf_as_a_print(client, signed_off, nurse_a):
    client.force_login(nurse_a)
    assert client.get(reverse("assessments:letter", args=[signed_off.pk])).status_code == 200
    assert client.get(reverse("assessments:letter_pdf", args=[signed_off.pk])).status_code == 200
    patient_id = signed_off.patient_id
    assert logged(user=nurse_a) == [(patient_id, "letter", "letter"), (patient_id, "print", "letter PDF")]


def test_the_letter_as_sent_is_logged_as_a_letter(client, signed_off, nurse_a):
    sent = assessment_services.letter_record_sent(episode=signed_off, by=nurse_a, content_html="<p>Dear Dr</p>",
                                                  recipient="Surgery", method="post", sent_on=timezone.localdate())
    client.force_login(nurse_a)
    assert client.get(reverse("assessments:letter_sent_copy", args=[signed_off.pk, sent.pk])).status_code == 200
    assert client.get(reverse("assessments:letter_sent_pdf", args=[signed_off.pk, sent.pk])).status_code == 200
    assert logged(user=nurse_a) == [(signed_off.patient_id, "letter", "letter as sent"),
                                    (signed_off.patient_id, "print", "letter as sent PDF")]


def test_a_patient_reminder_letter_is_logged_as_a_letter(client, signed_off, nurse_a):
    letter = PatientReminderLetter.objects.create(follow_up=signed_off.follow_ups.first(), kind="due",
                                                  content_html="<p>Dear patient</p>")
    client.force_login(nurse_a)
    assert client.get(reverse("followup:letter", args=[letter.pk])).status_code == 200
    assert client.get(reverse("followup:letter_pdf", args=[letter.pk])).status_code == 200
    assert logged(user=nurse_a) == [(signed_off.patient_id, "letter", "reminder letter"),
                                    (signed_off.patient_id, "print", "reminder letter PDF")]


def test_the_possible_duplicates_a_new_patient_is_checked_against_are_logged(client, site_a, nurse_a):
    twin = PatientFactory(site=site_a, local_id="OTHER1", family_name="Example", given_name="Edith",
                          date_of_birth=date(1948, 5, 17))
    client.force_login(nurse_a)
    from tests.patients.test_log_new_patient import form_data

    response = client.post(reverse("patients:patient_new"), form_data())
    assert "Is this the same person?" in response.content.decode()
    assert logged(user=nurse_a) == [(twin.pk, "view", "possible duplicate")]
    client.post(reverse("patients:patient_new"), form_data(**{"patient-local_id": "OTHER1"}))
    assert logged(user=nurse_a)[1:] == [(twin.pk, "view", "possible duplicate")]


# --- Exports and lists of many patients: one row per patient, one INSERT per chunk ----------------


def test_an_export_logs_each_patient_once_a_chunk_at_a_time_before_handing_the_chunk_on(site_a, nurse_a):
    patients = [PatientFactory(site=site_a) for _ in range(7)]
    # Ten rows, three patients twice over: 7 patients logged, in chunks of three rows.
    rows = [{"patient_id": p.pk, "site_id": site_a.pk} for p in patients + patients[:3]]
    streamed = patient_records_accessed(rows=rows, by=nurse_a, page="test export", chunk_size=3)
    with CaptureQueriesContext(connection) as queries:
        first = [next(streamed) for _ in range(3)]
        assert PatientRecordAccess.objects.count() == 3  # logged before it was handed on
        rest = list(streamed)
    assert first + rest == rows
    inserts = [q for q in queries.captured_queries
               if q["sql"].replace('"', "").startswith("INSERT INTO patients_patientrecordaccess")]
    assert len(inserts) == 3  # rows 1-3, 4-6 (three new patients each), 7 and the repeats; none for 10 (a repeat)
    assert sorted(logged(user=nurse_a)) == sorted((p.pk, "export", "test export") for p in patients)


@pytest.fixture
def two_site_records(site_a, site_b, nurse_a, nurse_b):
    a, b = AuditData(nurse_a), AuditData(nurse_b)
    in_period = date(2025, 3, 1)
    first = a.episode(site_a, in_period)
    second = FractureEpisodeFactory(patient=first.patient, fracture_date=in_period + timedelta(days=60),
                                    identified_on=in_period + timedelta(days=60), fracture_site="wrist")
    other = a.episode(site_a, in_period + timedelta(days=5))
    south = b.episode(site_b, in_period)
    return {"first": first, "second": second, "other": other, "south": south}


def test_the_audit_dataset_logs_one_export_per_patient_in_it(client, manager_a, two_site_records):
    client.force_login(manager_a)
    response = client.get(reverse("audit:dataset_csv"), {"from": "2025-01-01", "to": "2025-12-31"})
    assert response.streaming  # a national site's dataset never sits whole in memory
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3  # two episodes of one patient, one of another; nothing of site B
    assert "no-store" in response["Cache-Control"]
    assert sorted(logged(user=manager_a)) == sorted([
        (two_site_records["first"].patient_id, "export", "audit dataset"),
        (two_site_records["other"].patient_id, "export", "audit dataset"),
    ])


def test_the_kpi_table_names_no_patient_and_logs_nothing(client, manager_a, two_site_records):
    client.force_login(manager_a)
    assert client.get(reverse("audit:kpi_csv"), {"from": "2025-01-01", "to": "2025-12-31"}).status_code == 200
    assert not PatientRecordAccess.objects.exists()


def test_a_kpi_drill_down_logs_a_view_of_each_patient_it_lists(client, manager_a, two_site_records):
    client.force_login(manager_a)
    # KPI 4 (assessed within 90 days): none of these episodes was assessed, so all miss it.
    response = client.get(reverse("audit:episodes_missing", args=[4]), {"from": "2025-01-01", "to": "2025-12-31"})
    assert len(response.context["episodes"]) == 3
    assert sorted(logged(user=manager_a)) == sorted([
        (two_site_records["first"].patient_id, "view", "KPI drill-down"),
        (two_site_records["other"].patient_id, "view", "KPI drill-down"),
    ])


def test_rejected_import_rows_of_known_patients_are_logged_as_exports(client, site_a, nurse_a, time_machine):
    from patients.importing import import_batch_create, import_batch_run

    time_machine.move_to("2025-06-01 12:00", tick=False)
    known = PatientFactory(site=site_a, local_id="T000001", family_name="Testfamily1", given_name="Alex",
                           date_of_birth=date(1950, 3, 14))
    body = [row(1, fracture_date="bad"), row(2, sex="?"), row(3)]
    batch = import_batch_run(import_batch_create(site=site_a, by=nurse_a, filename="ed.csv",
                                                 raw_bytes=csv_bytes(body)).pk)
    assert batch.rejected == 2
    client.force_login(nurse_a)
    response = client.get(reverse("patients:import_rejected_csv", args=[batch.pk]))
    assert response.status_code == 200
    # T000002 is nobody's record (the row was refused), so only the known patient's row is logged.
    assert logged(user=nurse_a) == [(known.pk, "export", "rejected import rows")]


# --- The log itself ----------------------------------------------------------------------------------


def test_rows_written_before_the_kind_and_site_existed_keep_their_meaning(episode, nurse_a):
    migration = importlib.import_module("patients.migrations.0005_record_access_fill_kind_and_site")
    patient_record_viewed(patient=episode.patient, by=nurse_a, page="letter")
    patient_record_viewed(patient=episode.patient, by=nurse_a, page="reminder letter")
    patient_record_viewed(patient=episode.patient, by=nurse_a, page="episode")
    PatientRecordAccess.objects.update(kind="view")  # as 0004's default left them
    migration.fill_kind_and_site(apps, None)
    assert [kind for _p, kind, _page in logged()] == ["letter", "letter", "view"]
    assert set(PatientRecordAccess.objects.values_list("site_id", flat=True)) == {episode.site_id}


def test_the_admin_shows_the_log_but_never_changes_or_deletes_it(client, site_a, episode, nurse_a):
    root = UserFactory(username="root", roles=[], sites=[site_a], is_staff=True)
    type(root).objects.filter(pk=root.pk).update(is_superuser=True)
    patient_record_viewed(patient=episode.patient, by=nurse_a, page="patient")
    access = PatientRecordAccess.objects.get()
    client.force_login(root)
    assert client.get(reverse("admin:patients_patientrecordaccess_changelist")).status_code == 200
    assert client.get(reverse("admin:patients_patientrecordaccess_add")).status_code == 403
    change_url = reverse("admin:patients_patientrecordaccess_change", args=[access.pk])
    assert b'name="_save"' not in client.get(change_url).content
    assert client.post(change_url, {"page": "nothing to see"}).status_code == 403
    delete_url = reverse("admin:patients_patientrecordaccess_delete", args=[access.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:patients_patientrecordaccess_changelist"),
                       {"action": "delete_selected", "_selected_action": [access.pk], "post": "yes"}).status_code == 200
    assert PatientRecordAccess.objects.filter(pk=access.pk, page="patient").exists()


def test_a_patient_with_accesses_is_never_deleted(episode, nurse_a):
    from django.db.models import ProtectedError

    patient_record_viewed(patient=episode.patient, by=nurse_a, page="patient")
    with pytest.raises(ProtectedError):
        PatientRecordAccess.objects.get().patient.delete()


def test_the_patient_page_says_how_the_record_was_met_and_links_managers_to_the_report(client, signed_off, nurse_a,
                                                                                        manager_a):
    client.force_login(nurse_a)
    client.get(reverse("assessments:letter_pdf", args=[signed_off.pk]))
    page = client.get(reverse("patients:patient_detail", args=[signed_off.patient_id])).content.decode()
    assert "Letter to primary care (PDF) (printed or downloaded)" in page
    assert 'data-testid="patient-access-report"' not in page  # a nurse has no access report
    client.force_login(manager_a)
    page = client.get(reverse("patients:patient_detail", args=[signed_off.patient_id])).content.decode()
    assert f'/audit/access/?patient={signed_off.patient_id}&amp;date_from="' in page


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_old_accesses_keeps_every_row_valid(site_a, nurse_a):
    """patients 0004 to 0006 run on a table of rows written before them (no kind, no site), as an upgrade would."""
    from django.db.migrations.executor import MigrationExecutor

    patient = PatientFactory(site=site_a)
    executor = MigrationExecutor(connection)
    executor.migrate([("patients", "0003_worklist_indexes")])
    try:
        with connection.cursor() as cursor:
            for page in ("patient", "letter", "reminder letter"):
                cursor.execute("INSERT INTO patients_patientrecordaccess (patient_id, user_id, viewed_at, page) "
                               "VALUES (%s, %s, %s, %s)", [patient.pk, nurse_a.pk, timezone.now(), page])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(PatientRecordAccess.objects.order_by("id").values_list("page", "kind", "site_id"))
    assert rows == [("patient", "view", site_a.pk), ("letter", "letter", site_a.pk),
                    ("reminder letter", "letter", site_a.pk)]
