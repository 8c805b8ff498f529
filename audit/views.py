"""The audit dashboard, its drill-down and exports. Thin: check permission, select, render."""
from django.contrib.auth.decorators import permission_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from fls.csvsafe import write_csv
from fls.selectors import sites_visible_to

from . import selectors
from .dataset import DATASET_HEADER, dataset_rows
from .exports import KPI_CSV_HEADER, kpi_csv_rows
from .kpis import KPIS


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
        "months": [month.strftime("%b %Y") for month, _ in trends],
        "kpis": [
            {"number": kpi.number, "name": kpi.name, "target": kpi.target,
             "values": [row[index].percent for _, row in trends]}
            for index, kpi in enumerate(KPIS)
        ],
        "delays": selectors.assessment_delays(scope),
    }
    return render(request, "audit/dashboard.html", {
        "scope": scope,
        "sites": sites_visible_to(request.user),
        "results": results,
        "chart_data": chart_data,
        "may_drill_down": selectors.may_drill_down(request.user),
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


def _require_drill_down(request):
    if not selectors.may_drill_down(request.user):
        raise PermissionDenied


def episodes_missing(request, number):
    _require_drill_down(request)
    scope = _page_scope(request)
    kpi, episodes = selectors.episodes_missing(scope, number)
    return render(request, "audit/episodes_missing.html", {
        "scope": scope, "kpi": kpi, "episodes": episodes[:500], "total": episodes.count(),
    })


def dataset_csv(request):
    # Patient-level: only for those who may see patients (and drill down).
    _require_drill_down(request)
    try:
        scope = selectors.scope_from_request(request)
    except ValidationError as exc:
        return _refused_export(exc)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"fls-audit-dataset-{scope.site_code or 'all'}-{scope.date_from}-{scope.date_to}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    rows = dataset_rows(sites=scope.sites, date_from=scope.date_from, date_to=scope.date_to)
    return write_csv(rows, DATASET_HEADER, out=response)
