"""The clinician worklist's rows and pages (templates/worklists/clinician.html), made in Python once per page,
as the nurse's are (worklists.presenters): per-row {% url %} tags, date filters and attribute lookups cost
several times the queries that found them."""
from dataclasses import dataclass

from assessments.models import BloodResult
from assessments.presenters import signoff_rows
from fls.dates import DayMonthYear
from fls.links import path_format

from .models import ClinicalAdviceRequest
from .presenters import query
from .selectors import CLINICIAN_PAGE_SIZE, bounded_page



@dataclass(frozen=True)
class ListPage:
    """Where one list of the page is: its true total and which of its pages is shown, with links to the pages
    either side that keep the other lists on theirs."""
    key: str
    total: int
    page: int
    last_page: int
    truncated: bool  # more rows than the pages reach
    previous: str  # a query string, "" on the first page
    next: str  # "" on the last page


def page_parameter(key: str) -> str:
    return f"{key}_page"


def list_pages(totals: dict[str, int], requested: dict[str, int]) -> dict[str, ListPage]:
    """Each list's page: the one asked for (1 if none), clamped to its last page."""
    bounded = {key: bounded_page(total, requested.get(key, 1), CLINICIAN_PAGE_SIZE) for key, total in totals.items()}
    # Page 1 is left out of the links, so a list that was never paged keeps a clean query string.
    state = {page_parameter(key): page for key, (page, _, _) in bounded.items() if page > 1}
    pages = {}
    for key, total in totals.items():
        page, last_page, truncated = bounded[key]
        pages[key] = ListPage(key=key, total=total, page=page, last_page=last_page, truncated=truncated,
                              previous=_link(state, key, page - 1) if page > 1 else "",
                              next=_link(state, key, page + 1) if page < last_page else "")
    return pages


def _link(state: dict, key: str, page: int) -> str:
    # The fragment brings the user back to the list they paged, not the top of the page.
    return f"?{query(state, **{page_parameter(key): page if page > 1 else ''})}#{key}"


@dataclass(frozen=True)
class BloodRow:
    episode_path: str
    patient: str
    local_id: str
    site_code: str
    test: str
    value: str
    reference_range: str
    taken_on: str


@dataclass(frozen=True)
class AdviceRow:
    pk: int
    episode_path: str
    patient: str
    local_id: str
    site_code: str
    question: str
    asked_on: str
    asked_by: str
    answer_path: str


def blood_rows(bloods: list[BloodResult], when: DayMonthYear, episode_path: str) -> list[BloodRow]:
    rows = []
    for b in bloods:
        ep = b.assessment.episode
        rows.append(BloodRow(
            episode_path=episode_path.format(ep.pk), patient=str(ep.patient), local_id=ep.patient.local_id,
            site_code=b.site.code, test=b.display_name, value=b.display_value, reference_range=b.reference_range,
            taken_on=when(b.taken_on) or "—",
        ))
    return rows


def advice_rows(requests: list[ClinicalAdviceRequest], when: DayMonthYear, episode_path: str) -> list[AdviceRow]:
    answer = path_format("worklists:advice_request_answer", int)
    return [AdviceRow(
        pk=r.pk, episode_path=episode_path.format(r.episode.pk), patient=str(r.episode.patient),
        local_id=r.episode.patient.local_id, site_code=r.episode.site.code, question=r.question,
        asked_on=when(r.requested_at), asked_by=str(r.requested_by), answer_path=answer.format(r.pk),
    ) for r in requests]


def clinician_rows(*, decisions, bloods, advice_requests, show_site: bool) -> dict:
    """The pages of the three lists as rows, with their dates written once per distinct format (DayMonthYear)."""
    when = DayMonthYear()
    episode_path = path_format("patients:episode_detail", int)
    return {
        "signoff_rows": signoff_rows(decisions, show_site=show_site, when=when),
        "blood_rows": blood_rows(bloods, when, episode_path),
        "advice_rows": advice_rows(advice_requests, when, episode_path),
    }
