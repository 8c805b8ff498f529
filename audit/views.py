"""The audit dashboard, its drill-down and exports, and the access report. Thin: check permission, select, render."""
from datetime import timedelta

from django.contrib.auth.decorators import permission_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from fls import paging
from fls.csvsafe import stream_csv, write_csv
from fls.selectors import visible_sites
from patients.models import RecordAccessKind
from patients.services import patient_records_accessed, patient_records_listed

from . import selectors
from .dataset import DATASET_HEADER, dataset_rows
from .exports import KPI_CSV_HEADER, kpi_csv_rows
from .forms import AccessReportFilterForm, PatientLookupForm
from .kpis import KPIS
from .outcomes import OUTCOME_CSV_HEADER, outcome_csv_rows
from .selectors import AccessFilters


def _page_scope(request):
    """The period asked for; if a date in it cannot be used, the message and the default period instead."""
    try:
        return selectors.scope_from_request(request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return selectors.audit_scope(request.user, site_code=request.GET.get("site", ""))


def _refused_export(exc: ValidationError) -> HttpResponse:
    # An export of some other period than the one asked for would be worse than none.
    return HttpResponseBadRequest(" ".join(exc.messages), content_type="text/plain; charset=utf-8")


@permission_required("fls.view_dashboard", raise_exception=True)
def dashboard(request):
    scope = _page_scope(request)
    results = selectors.kpi_table(scope)
    trends = selectors.kpi_trends(scope)
    chart_data = {
        # Dec 2026 / 2026年12月: the language's own year-month format (fls/formats).
        "months": [date_format(month, "YEAR_MONTH_FORMAT") for month, _ in trends],
        # The charts' words, in the reader's language (static/audit/dashboard.js draws what it is given).
        "labels": {"target": str(_("Target")),
                   "episodes": str(_("Episodes")), "episodes_axis": str(_("episodes"))},
        "kpis": [
            {"number": kpi.number, "name": str(kpi.name), "target": kpi.target,
             "label": _("KPI %(number)s (%%)") % {"number": kpi.number},
             "values": [row[index].percent for _, row in trends]}
            for index, kpi in enumerate(KPIS)
        ],
        "delays": selectors.assessment_delays(scope),
    }
    return render(request, "audit/dashboard.html", {
        "scope": scope,
        "sites": visible_sites(request.user),
        "results": results,
        "chart_data": chart_data,
        "may_drill_down": selectors.may_drill_down(request.user),
        "outcomes": selectors.treatment_outcomes(scope),
    })


@permission_required("fls.view_dashboard", raise_exception=True)
def kpi_table_csv(request):
    try:
        scope = selectors.scope_from_request(request)
    except ValidationError as exc:
        return _refused_export(exc)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"fls-kpis-{scope.site_code or 'all'}-{scope.date_from}-{scope.date_to}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return write_csv(kpi_csv_rows(selectors.kpi_table(scope)), KPI_CSV_HEADER, out=response)


@permission_required("fls.view_dashboard", raise_exception=True)
def outcome_csv(request):
    """The outcome beyond a year (persistence and doses on time per drug) as CSV: its own file, since its rows are
    per drug and year, not the KPI table's."""
    try:
        scope = selectors.scope_from_request(request)
    except ValidationError as exc:
        return _refused_export(exc)
    outcomes = selectors.treatment_outcomes(scope)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"fls-treatment-outcome-{scope.site_code or 'all'}-{outcomes.as_of}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return write_csv(outcome_csv_rows(outcomes), OUTCOME_CSV_HEADER, out=response)


def _require_drill_down(request):
    if not selectors.may_drill_down(request.user):
        raise PermissionDenied


def episodes_missing(request, number):
    _require_drill_down(request)
    scope = _page_scope(request)
    kpi, episodes = selectors.episodes_missing(scope, number)
    # The list names each patient: one view logged per patient shown, in one INSERT.
    shown = list(episodes[:500])
    patient_records_listed(rows=shown, by=request.user, page="KPI drill-down", kind=RecordAccessKind.VIEWED)
    return render(request, "audit/episodes_missing.html", {
        "scope": scope, "kpi": kpi, "episodes": shown, "total": episodes.count(),
    })


def dataset_csv(request):
    # Patient-level: only for those who may see patients (and drill down).
    _require_drill_down(request)
    try:
        scope = selectors.scope_from_request(request)
    except ValidationError as exc:
        return _refused_export(exc)
    rows = dataset_rows(sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)
    # Streamed: a national site's dataset never sits whole in memory. Each patient in it is logged as an export,
    # a chunk's patients in one INSERT before the chunk is sent.
    rows = patient_records_accessed(rows=rows, by=request.user, page="audit dataset", kind=RecordAccessKind.EXPORTED)
    response = StreamingHttpResponse(stream_csv(rows, DATASET_HEADER), content_type="text/csv; charset=utf-8")
    name = f"fls-audit-dataset-{scope.site_code or 'all'}-{scope.date_from}-{scope.date_to}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


# --- The access report -----------------------------------------------------------------------------

ACCESS_REPORT_DAYS = 30


def _access_filters(form: AccessReportFilterForm, sites) -> AccessFilters | None:
    """The report's filters from a valid form, or None while a filter is wrong (the form shows why)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    start, end = form.period()
    return AccessFilters(
        site_ids=[data["site"]] if data["site"] else [site.pk for site in sites],
        user_id=data["user"], patient_id=data["patient"], kind=data["kind"], start=start, end=end,
    )


def _filter_state(form: AccessReportFilterForm) -> dict:
    """The filters as they go in the page's links (the patient as its internal id only)."""
    return {name: form.data.get(name, "") for name in form.fields if form.data.get(name, "")}


def _filter_data(request):
    """The query string's filters; with no dates at all (the menu's link), the last ACCESS_REPORT_DAYS days, so the
    report opens on recent activity rather than counting a national log from its first day. Clearing "From"
    shows every date."""
    data = request.GET.copy()
    if "date_from" not in data and "date_to" not in data:
        data["date_from"] = (timezone.localdate() - timedelta(days=ACCESS_REPORT_DAYS)).isoformat()
    return data


@never_cache
@permission_required("audit.view_access_report", raise_exception=True)
def access_report(request):
    """Who viewed or exported which patient's record, at the manager's sites, newest first, 25 a page."""
    sites = visible_sites(request.user)
    form = AccessReportFilterForm(_filter_data(request), sites=sites, staff=selectors.access_report_staff(request.user))
    lookup, matches = PatientLookupForm(request.POST or None, sites=sites), []
    if request.method == "POST" and lookup.is_valid():
        found = selectors.patients_with_number(request.user, lookup.cleaned_data["number"])
        # The patient goes in the URL as an internal id, never as the number typed.
        matches = [(match, paging.query(_filter_state(form), patient=match.pk, accesses_page="")) for match in found]
        if not matches:
            lookup.add_error("number", lookup.not_found())
        elif len(matches) == 1:
            return redirect(f"{reverse('audit:access_report')}?{matches[0][1]}")
    filters = _access_filters(form, sites)
    patient = selectors.access_report_patient(request.user, filters.patient_id) if filters and filters.patient_id else None
    state = _filter_state(form)
    total = selectors.record_accesses(filters).count() if filters else 0
    pages = paging.list_pages({"accesses": total}, {"accesses": paging.page_number(request.GET.get("accesses_page"))},
                              selectors.ACCESS_PAGE_SIZE, state=state)
    return render(request, "audit/access_report.html", {
        "form": form, "lookup": lookup, "matches": matches, "patient": patient, "sites": sites,
        "accesses": selectors.record_accesses_page(filters, pages["accesses"].page) if total else [],
        "pages": pages, "state": state,
        "without_patient": paging.query(state, patient=""), "export_query": paging.query(state),
    })


@permission_required("audit.view_access_report", raise_exception=True)
def access_report_csv(request):
    """The filtered accesses as CSV, streamed. It shows patients' identities, so it is itself logged: one export
    access per patient in it (of the accesses up to its start, so it never lists its own rows)."""
    sites = visible_sites(request.user)
    form = AccessReportFilterForm(_filter_data(request), sites=sites, staff=selectors.access_report_staff(request.user))
    filters = _access_filters(form, sites)
    if filters is None:
        # The page says which filter is wrong, beside the field.
        return redirect(f"{reverse('audit:access_report')}?{paging.query(_filter_state(form))}")
    if filters.patient_id:
        selectors.access_report_patient(request.user, filters.patient_id)  # another site's patient is a 404
    rows = patient_records_accessed(
        rows=selectors.record_access_rows(filters, until=timezone.now()), by=request.user, page="access report",
        kind=RecordAccessKind.EXPORTED,
    )
    response = StreamingHttpResponse(stream_csv(rows, selectors.ACCESS_CSV_HEADER), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="fls-access-report-{timezone.localdate().isoformat()}.csv"'
    response["Cache-Control"] = "no-store"
    return response
