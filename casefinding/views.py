"""Case-finding pages. Thin: check permission, select (404 for other sites), call a service."""
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fls import paging
from fls.links import return_path
from fls.selectors import visible_sites

from . import selectors, services
from .forms import DismissForm, ReportUploadForm
from .intake import report_batch_from_file


@permission_required("casefinding.upload_reports", raise_exception=True)
def report_upload(request):
    sites = visible_sites(request.user)
    form = ReportUploadForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Screening takes well under a millisecond a report, so a day's list is done in the request.
            outcome = report_batch_from_file(
                site=form.cleaned_data["site"], by=request.user, filename=upload.name, raw_bytes=upload.read()
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("casefinding:batch_detail", outcome.batch.pk)
    return render(request, "casefinding/upload.html", {
        "form": form, "has_sites": sites.exists(), "batches": selectors.recent_batches(request.user),
    })


@permission_required("casefinding.upload_reports", raise_exception=True)
def batch_detail(request, pk):
    batch = selectors.batch_for_user(request.user, pk)
    return render(request, "casefinding/batch_detail.html", {"batch": batch, "problems": batch.problems[:500]})


@permission_required("casefinding.review_candidates", raise_exception=True)
def candidate_confirm(request, pk):
    """One click: the pre-filled form for a new patient, or for a new fracture of the patient
    whose identifiers agree. The decision is recorded when the fracture is saved."""
    report = selectors.candidate_for_user(request.user, pk)
    if hasattr(report, "decision"):
        messages.info(request, _("This candidate has already been decided."))
        return redirect("patients:triage")
    patient = selectors.matched_patients([report]).get(report.pk)
    if patient is not None:
        return redirect(reverse("patients:episode_new", args=[patient.pk]) + f"?candidate={report.pk}")
    return redirect(reverse("patients:patient_new") + f"?candidate={report.pk}")


@require_POST
@permission_required("casefinding.review_candidates", raise_exception=True)
def candidate_dismiss(request, pk):
    report = selectors.candidate_for_user(request.user, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose why this report is not a case, then dismiss it."))
    else:
        try:
            services.candidate_dismiss(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Suggestion dismissed. The reason is recorded."))
    return redirect(return_path(request, request.POST.get("next", ""), reverse("patients:triage")))


@permission_required("casefinding.view_radiologyreport", raise_exception=True)
def disagreements(request):
    sites = visible_sites(request.user)
    site_id = paging.record_id(request.GET.get("site"))
    summary = selectors.disagreement_summary(request.user, site_id=site_id)
    for decision in summary["latest"]:
        decision.evidence_html = selectors.highlighted_evidence(decision.report)
    decided = sum(summary["totals"].values())
    return render(request, "casefinding/disagreements.html", {
        **summary, "sites": sites, "site_id": site_id, "decided": decided,
        "dismissed_share": (summary["totals"].get("dismissed", 0) / decided) if decided else None,
    })
