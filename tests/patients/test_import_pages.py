"""The import pages: upload, progress, problems, rejected-rows download; who may see them."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fls.celery import app as celery_app
from fls.roles import NURSE
from patients.import_forms import ImportUploadForm
from patients.importing import import_batch_create, import_batch_run
from patients.models import ImportBatch, Patient
from tests.factories import UserFactory

from .csv_rows import HEADER, HOSTILE_CELLS, csv_bytes, row, rows


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to("2025-06-01 12:00", tick=False)


@pytest.fixture
def eager_tasks():
    """Run queued tasks in-process, as development does, even when the suite has a broker."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


def upload(client, site, body=None, *, raw_bytes=None, name="ed-list.csv"):
    raw_bytes = raw_bytes if raw_bytes is not None else csv_bytes(body)
    return client.post(reverse("patients:import_upload"), {
        "site": site.pk, "file": SimpleUploadedFile(name, raw_bytes, content_type="text/csv"),
    })


def imported(site, by, body) -> ImportBatch:
    batch = import_batch_create(site=site, by=by, filename="ed-list.csv", raw_bytes=csv_bytes(body))
    return import_batch_run(batch.pk)


def page(client, name, batch):
    return client.get(reverse(f"patients:{name}", args=[batch.pk]))


# --- Uploading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["nurse_a", "manager_a"])
def test_nurses_and_managers_see_the_upload_page(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("patients:import_upload"))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'href="/imports/">Import</a>' in response.content  # and the nav link


@pytest.mark.parametrize("name", ["import_list", "import_upload"])
def test_a_clinician_may_not_import(client, clinician_a, name):
    client.force_login(clinician_a)
    assert client.get(reverse(f"patients:{name}")).status_code == 403
    assert b"Import</a>" not in client.get(reverse("password_change")).content


def test_uploading_a_file_imports_it_and_shows_the_result(client, nurse_a, site_a, eager_tasks,
                                                          django_capture_on_commit_callbacks):
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, site_a, rows(2) + [row(3, sex="?")])
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:import_detail", args=[batch.pk])
    assert (batch.status, batch.imported, batch.rejected, batch.uploaded_by) == ("done", 2, 1, nurse_a)
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    text = detail.content.decode()
    assert 'data-testid="count-imported">2<' in text
    assert 'data-testid="count-rejected">1<' in text
    assert "<td>4</td><td><code>sex</code></td><td>“?” is not a known sex" in text
    assert "hx-trigger" not in text  # finished: nothing to poll
    assert "Download rejected rows (CSV)" in text


def test_a_file_over_the_limit_is_refused_beside_the_field(client, nurse_a, site_a, monkeypatch):
    monkeypatch.setattr(ImportUploadForm, "max_bytes", 1024 * 1024)  # the real limit is 64 MB
    client.force_login(nurse_a)
    response = upload(client, site_a, raw_bytes=b"x" * (1024 * 1024 * 3 // 2))
    assert response.status_code == 200
    assert "This file is 1.5 MB; the limit is 1 MB." in response.content.decode()
    assert 'id="error_1_id_file"' in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_beside_the_field(client, nurse_a, site_a):
    client.force_login(nurse_a)
    response = upload(client, site_a, rows(1), raw_bytes=csv_bytes(rows(1), [c for c in HEADER if c != "sex"]))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_file"' in text
    assert "these are missing: sex." in text
    assert not ImportBatch.objects.exists()


def test_a_nurse_cannot_upload_into_another_site(client, nurse_a, site_b):
    client.force_login(nurse_a)
    response = upload(client, site_b, rows(1))
    assert response.status_code == 200
    assert "You can only upload to a site you work at." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_nurse_of_several_sites_chooses_the_site(client, site_a, site_b, eager_tasks,
                                                   django_capture_on_commit_callbacks):
    nurse = UserFactory(roles=[NURSE], sites=[site_a, site_b])
    client.force_login(nurse)
    assert '<select name="site"' in client.get(reverse("patients:import_upload")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, site_b, rows(1))
    assert Patient.objects.get().site == site_b


def test_a_large_upload_is_queued_once_committed_and_the_page_polls_for_progress(
        client, nurse_a, site_a, monkeypatch, django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr("patients.import_views.import_batch_dispatch", lambda **task: queued.append(task))
    client.force_login(nurse_a)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, site_a, rows(3))
    assert queued == []  # not before the batch is committed, where the worker could not see it
    for callback in callbacks:
        callback()
    batch = ImportBatch.objects.get()
    assert queued == [{"batch_id": batch.pk, "token": batch.lease_token}]
    text = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in text
    assert 'data-testid="import-dispatch-failed"' not in text
    assert f'hx-get="{reverse("patients:import_progress", args=[batch.pk])}"' in text
    assert 'hx-trigger="every 1s"' in text


# --- Progress -----------------------------------------------------------------------------------


def test_the_progress_panel_shows_how_far_the_import_has_got(client, nurse_a, site_a):
    batch = import_batch_create(site=site_a, by=nurse_a, filename="x.csv", raw_bytes=csv_bytes(rows(4)))
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", rows_done=1, imported=1)
    client.force_login(nurse_a)
    response = page(client, "import_progress", batch)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # a fragment for htmx to swap in
    assert "1 of 4 rows" in text
    assert 'aria-valuenow="25"' in text
    assert 'hx-trigger="every 1s"' in text
    assert "HX-Refresh" not in response


def test_when_the_import_finishes_the_page_reloads_once(client, nurse_a, site_a):
    batch = imported(site_a, nurse_a, rows(2))
    client.force_login(nurse_a)
    response = client.get(reverse("patients:import_progress", args=[batch.pk]), headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()
    assert "2 of 2 rows" in response.content.decode()


# --- Problems and the rejected-rows file --------------------------------------------------------


def test_markup_in_a_file_is_shown_as_text(client, nurse_a, site_a):
    batch = imported(site_a, nurse_a, [row(1, given_name="<script>alert(1)</script>", fracture_site="<b>hip</b>")])
    ImportBatch.objects.filter(pk=batch.pk).update(filename="<script>alert(2)</script>.csv")
    client.force_login(nurse_a)
    text = page(client, "import_detail", batch).content.decode()
    assert "<script>alert" not in text and "<b>hip" not in text
    assert "“&lt;b&gt;hip&lt;/b&gt;” is not a known fracture site" in text
    assert "&lt;script&gt;alert(2)&lt;/script&gt;.csv" in text


def test_the_rejected_rows_download_escapes_formulas_but_the_database_keeps_them(client, nurse_a, site_a):
    body = [
        row(1, family_name='=HYPERLINK("http://x","y")'),                         # imported
        row(2, family_name='=HYPERLINK("http://x","y")', date_of_birth="bad"),   # rejected
        row(3, given_name="@SUM(1)", sex="?"),                                    # rejected
    ]
    batch = imported(site_a, nurse_a, body)
    assert Patient.objects.get().family_name == '=HYPERLINK("http://x","y")'
    client.force_login(nurse_a)
    response = page(client, "import_rejected_csv", batch)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="import-{batch.pk}-rejected-rows.csv"'
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode("utf-8-sig")
    got = list(csv.DictReader(io.StringIO(content)))
    assert list(got[0]) == HEADER + ["problems"]
    assert [r["local_id"] for r in got] == ["T000002", "T000003"]
    assert got[0]["family_name"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert got[1]["given_name"] == "'@SUM(1)"
    assert got[0]["problems"] == "date_of_birth: “bad” is not a date: write it as YYYY-MM-DD or DD/MM/YYYY."
    # No cell of the file, problems included, starts as a formula would.
    cells = [cell for line in csv.reader(io.StringIO(content)) for cell in line]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_corrected_rejected_rows_file_can_be_uploaded_again(client, nurse_a, site_a, eager_tasks,
                                                               django_capture_on_commit_callbacks):
    batch = imported(site_a, nurse_a, [row(1), row(2, given_name=HOSTILE_CELLS[1], date_of_birth="bad")])
    client.force_login(nurse_a)
    rejected = page(client, "import_rejected_csv", batch).content.decode("utf-8-sig").replace("bad", "1950-03-14")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, site_a, raw_bytes=rejected.encode(), name="corrected.csv")
    again = ImportBatch.objects.exclude(pk=batch.pk).get()
    assert (again.imported, again.rejected) == (1, 0)
    assert Patient.objects.get(local_id="T000002").given_name == HOSTILE_CELLS[1]  # the escape is undone


def test_a_long_problem_list_is_cut_short_on_the_page(client, nurse_a, site_a, monkeypatch):
    monkeypatch.setattr("patients.import_selectors.PROBLEMS_SHOWN", 3)
    batch = imported(site_a, nurse_a, [row(n, sex="?") for n in range(1, 6)])
    client.force_login(nurse_a)
    text = page(client, "import_detail", batch).content.decode()
    assert text.count("is not a known sex") == 3
    assert "… and 2 more" in text


def test_the_same_file_imported_again_says_so(client, nurse_a, site_a):
    first = imported(site_a, nurse_a, rows(2))
    second = imported(site_a, nurse_a, rows(2))
    client.force_login(nurse_a)
    text = page(client, "import_detail", second).content.decode()
    assert 'data-testid="import-earlier"' in text
    assert reverse("patients:import_detail", args=[first.pk]) in text
    assert 'data-testid="count-duplicates">2<' in text


# --- Site isolation -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_rejected_csv"])
def test_a_user_of_another_site_gets_404(client, nurse_a, nurse_b, site_a, name):
    batch = imported(site_a, nurse_a, [row(1, sex="?")])
    client.force_login(nurse_b)
    assert page(client, name, batch).status_code == 404


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_rejected_csv"])
def test_a_clinician_of_the_same_site_gets_403(client, nurse_a, clinician_a, site_a, name):
    batch = imported(site_a, nurse_a, [row(1)])
    client.force_login(clinician_a)
    assert page(client, name, batch).status_code == 403


def test_the_list_shows_only_the_users_sites(client, nurse_a, nurse_b, site_a, site_b):
    imported(site_a, nurse_a, rows(1))
    imported(site_b, nurse_b, rows(1))
    client.force_login(nurse_b)
    response = client.get(reverse("patients:import_list"))
    batches = list(response.context["batches"])
    assert [b.site for b in batches] == [site_b]
    assert "north" not in response.content.decode()


def test_the_list_shows_a_managers_recent_imports(client, manager_a, nurse_a, site_a, django_assert_max_num_queries):
    for n in range(3):
        imported(site_a, nurse_a, [row(n)])
    client.force_login(manager_a)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("patients:import_list"))
    assert len(response.context["batches"]) == 3
