"""The nurse's and the clinician's worklists. Thin: parse the query string, select, render."""
from datetime import date
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.selectors import signoff_supports
from fls import paging
from fls.dates import query_date
from fls.links import is_return_here
from fls.selectors import visible_sites
from patients.identifiers import worklist_search_hint
from patients.models import FractureSite
from patients.panels import triage_sections
from patients.selectors import episode_for_user

from . import clinician_presenters, presenters, selectors, services
from .panels import advice_panel_context


def _date(request, text: str | None) -> date | None:
    """A filter's date; one that is not a date, or outside any period the service holds, is left out of the
    filter with a message saying why (fls.dates.query_date)."""
    try:
        return query_date(text)
    except ValidationError as exc:
        for message in exc.messages:
            messages.warning(request, message)
        return None


def _filters(request, site_ids: list[int]) -> selectors.Filters:
    get = request.GET
    site_id = paging.whole_number(get.get("site"))
    return selectors.Filters(
        site_id=site_id if site_id in site_ids else None,
        nurse=get.get("nurse", "")[:12],
        fracture_site=get.get("fracture", "") if get.get("fracture", "") in FractureSite.values else "",
        identified_from=_date(request, get.get("from")),
        identified_to=_date(request, get.get("to")),
        q=get.get("q", "").strip()[:100],
        kind=get.get("kind", "") if get.get("kind", "") in selectors.TREATMENT_KINDS else "",
    )


@permission_required("fls.view_nurse_worklist", raise_exception=True)
def nurse_worklist(request):
    sites = visible_sites(request.user)
    filters = _filters(request, [s.pk for s in sites])
    tab = request.GET.get("tab", "triage")
    tab = tab if tab in selectors.WORKLIST_TAB_KEYS else "triage"
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.sorts_for(tab) else selectors.default_sort(tab)
    descending = request.GET.get("dir") == "desc"
    counts = selectors.tab_counts(request.user, filters)
    total = counts[tab]
    page, last_page, truncated = paging.bounded_page(total, paging.page_number(request.GET.get("page")),
                                                     selectors.PAGE_SIZE)
    offset = (page - 1) * selectors.PAGE_SIZE
    if tab == selectors.TREATMENT_TAB.key:
        rows = presenters.treatment_rows(selectors.treatment_tab_rows(
            request.user, filters, descending=descending, offset=offset, limit=selectors.PAGE_SIZE))
    else:
        rows = presenters.nurse_rows(selectors.tab_rows(
            request.user, tab, filters, sort=sort, descending=descending, offset=offset, limit=selectors.PAGE_SIZE),
            selectors.WORKLIST_TABS[selectors.WORKLIST_TAB_KEYS.index(tab)])
    state = {k: v for k, v in {
        "tab": tab, "site": filters.site_id or "", "nurse": filters.nurse, "fracture": filters.fracture_site,
        "from": filters.identified_from.isoformat() if filters.identified_from else "",
        "to": filters.identified_to.isoformat() if filters.identified_to else "",
        "q": filters.q, "sort": sort if sort != selectors.default_sort(tab) else "", "dir": "desc" if descending else "",
        "kind": filters.kind,
    }.items() if v}
    current = selectors.WORKLIST_TABS[selectors.WORKLIST_TAB_KEYS.index(tab)]
    context = {
        "tabs": presenters.tab_links(state, counts, current), "tab": current, "counts": counts,
        "rows": rows, "total": total, "page": page, "last_page": last_page,
        "pages": presenters.page_links(state, page, last_page),
        "truncated": truncated,
        "filters": filters, "state": state, "sites": sites,
        "sections": triage_sections(request, filters.site_id) if tab == "triage" else [],
        "columns": presenters.column_links(state, sort, descending, window=tab in selectors.WINDOW_TABS),
        "window_column": tab in selectors.WINDOW_TABS,
        "kinds": presenters.kind_links(state, filters.kind) if tab == selectors.TREATMENT_TAB.key else [],
        "date_sort": presenters.treatment_sort_link(state, descending),
        "here": request.get_full_path(),  # where a row's one-click form returns to
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        # Filtering, sorting and paging in place: the filter form stays on the page, so only the results.
        return render(request, "worklists/_nurse_results.html", context)
    context["options"] = presenters.filter_options(filters, sites, selectors.nurses_for_filter(request.user))
    context["search_hint"] = worklist_search_hint(sites)  # names the sites' national numbers (NHS number...)
    return render(request, "worklists/nurse.html", context)


@permission_required("fls.view_signoff_queue", raise_exception=True)
def clinician_worklist(request):
    sites = visible_sites(request.user)
    totals = selectors.clinician_totals(request.user)
    pages = clinician_presenters.list_pages(totals, {
        key: paging.page_number(request.GET.get(paging.page_parameter(key))) for key in totals})
    shown = {key: selectors.clinician_page(request.user, key, pages[key].page) for key in totals}
    page_lists = {"decisions": shown["signoff"], "bloods": shown["bloods"], "advice_requests": shown["advice"]}
    return render(request, "worklists/clinician.html", {
        "sites": sites, "pages": pages, **page_lists,
        **clinician_presenters.clinician_rows(**page_lists, show_site=len(sites) > 1,
                                              supports=signoff_supports(shown["signoff"])),
        # Where an answer or a sign-off returns to: the pages the clinician was on (both views check it).
        "here": request.get_full_path(),
    })


@permission_required("patients.view_fractureepisode", raise_exception=True)
def advice_panel(request, pk):
    episode = episode_for_user(request.user, pk)
    return render(request, "worklists/_advice_panel_body.html",
                  {"panel": advice_panel_context(episode, request.user)})


@require_POST
@permission_required("fls.view_nurse_worklist", raise_exception=True)
def advice_request_new(request, pk):
    episode = episode_for_user(request.user, pk)
    try:
        services.advice_request_create(episode=episode, by=request.user, question=request.POST.get("question", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("A clinician has been asked for advice; it is on their worklist."))
    return redirect("patients:episode_detail", pk=episode.pk)


def _clinician_worklist_page(request, url: str) -> str:
    """`url` if it is a page of the clinician worklist on this host, else the worklist's first page: the
    field comes from the browser, so it must not send the clinician anywhere else (an open redirect)."""
    worklist = reverse("worklists:clinician")
    if is_return_here(request, url) and urlsplit(url).path == worklist:
        return url
    return worklist


@require_POST
@permission_required("fls.view_signoff_queue", raise_exception=True)
def advice_request_answer(request, pk):
    advice_request = selectors.advice_request_for_user(request.user, pk)
    try:
        services.advice_request_answer(advice_request=advice_request, by=request.user,
                                       answer=request.POST.get("answer", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Advice recorded."))
    if request.POST.get("from") == "worklist":
        return redirect(_clinician_worklist_page(request, request.POST.get("next", "")))
    return redirect("patients:episode_detail", pk=advice_request.episode_id)
