"""Bulk import pages: upload a CSV, watch it import, see and download the rejected rows.
Thin: check permission, select through import_selectors (404 for other sites), call the service."""
from functools import partial

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from fls.csvsafe import write_csv
from fls.selectors import visible_sites

from . import import_selectors as selectors
from .identifiers import national_number_labels
from .import_forms import ImportUploadForm
from .importing import import_batch_create
from .models import ImportBatch, RecordAccessKind
from .services import patient_records_listed
from .tasks import import_batch_dispatch

_UNFINISHED = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


@permission_required("patients.import_patients", raise_exception=True)
def import_list(request):
    return render(request, "patients/import_list.html", {"batches": selectors.recent_import_batches(request.user)})


@permission_required("patients.import_patients", raise_exception=True)
def import_upload(request):
    sites = visible_sites(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Django has streamed a large upload to a temporary file; it is read from there in blocks.
            batch = import_batch_create(
                site=form.cleaned_data["site"], by=request.user, filename=upload.name, file=upload.file
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            # Queued once the batch is committed, so the worker finds it. With no broker configured
            # (development) this runs in-process before the redirect; with the queue unreachable the
            # batch waits, says so, and the sweep hands it over later.
            transaction.on_commit(partial(import_batch_dispatch, batch_id=batch.pk, token=batch.lease_token))
            return redirect("patients:import_detail", batch.pk)
    return render(request, "patients/import_upload.html", {
        "form": form, "has_sites": sites.exists(), "national_numbers": " / ".join(national_number_labels(sites))})


@permission_required("patients.import_patients", raise_exception=True)
def import_detail(request, pk):
    batch = selectors.import_batch_for_user(request.user, pk, with_problems=True)
    by_row = selectors.problems_by_row(batch)
    shown = batch.problems[: selectors.PROBLEMS_SHOWN]
    return render(request, "patients/import_detail.html", {
        "batch": batch,
        "problems": shown,
        "problems_hidden": len(batch.problems) - len(shown),
        "rejected_row_count": len(by_row),
        "earlier": selectors.earlier_import_of_same_file(batch),
        "unfinished": batch.status in _UNFINISHED,
    })


@permission_required("patients.import_patients", raise_exception=True)
def import_progress(request, pk):
    """The progress panel, polled by htmx each second while the import runs."""
    batch = selectors.import_batch_for_user(request.user, pk)
    unfinished = batch.status in _UNFINISHED
    response = render(request, "patients/_import_progress.html", {"batch": batch, "unfinished": unfinished})
    if not unfinished and request.headers.get("HX-Request"):
        # Finished: reload the whole page once, to show the problems table and the download link.
        response["HX-Refresh"] = "true"
    return response


@never_cache
@permission_required("patients.import_patients", raise_exception=True)
def import_rejected_csv(request, pk):
    batch = selectors.import_batch_for_user(request.user, pk, with_problems=True)
    header, rows = selectors.rejected_rows(batch)
    # Rows of people already on the system are their records leaving the service: logged as exports.
    patient_records_listed(rows=selectors.patients_named_in_rows(batch, header, rows), by=request.user,
                           page="rejected import rows", kind=RecordAccessKind.EXPORTED)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-rejected-rows.csv"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    write_csv(rows, header, out=response)
    return response
