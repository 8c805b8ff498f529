"""The clinician worklist's rows and pages (templates/worklists/clinician.html), made in Python once per page,
as the nurse's are (worklists.presenters): per-row {% url %} tags, date filters and attribute lookups cost
several times the queries that found them."""
from dataclasses import dataclass

from assessments.presenters import signoff_rows
from fls import paging
from fls.dates import DayMonthYear
from fls.links import path_format
from fls.paging import ListPage

from .clinician_statements import AdviceEntry, BloodEntry
from .selectors import CLINICIAN_PAGE_SIZE


def list_pages(totals: dict[str, int], requested: dict[str, int]) -> dict[str, ListPage]:
    """Each list's page (fls.paging.list_pages), CLINICIAN_PAGE_SIZE to a page."""
    return paging.list_pages(totals, requested, CLINICIAN_PAGE_SIZE)


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


def blood_rows(bloods: list[BloodEntry], when: DayMonthYear, episode_path: str) -> list[BloodRow]:
    return [BloodRow(
        episode_path=episode_path.format(b.episode_id), patient=b.patient_name, local_id=b.local_id,
        site_code=b.site_code, test=b.test_label, value=b.value_label, reference_range=b.range_label,
        taken_on=when(b.taken_on) or "—",
    ) for b in bloods]


def advice_rows(requests: list[AdviceEntry], when: DayMonthYear, episode_path: str) -> list[AdviceRow]:
    answer = path_format("worklists:advice_request_answer", int)
    return [AdviceRow(
        pk=r.pk, episode_path=episode_path.format(r.episode_id), patient=r.patient_name, local_id=r.local_id,
        site_code=r.site_code, question=r.question, asked_on=when(r.requested_at), asked_by=r.asked_by,
        answer_path=answer.format(r.pk),
    ) for r in requests]


def clinician_rows(*, decisions, bloods, advice_requests, show_site: bool, supports: dict) -> dict:
    """The pages of the three lists as rows, with their dates written once per distinct format (DayMonthYear)."""
    when = DayMonthYear()
    episode_path = path_format("patients:episode_detail", int)
    return {
        "signoff_rows": signoff_rows(decisions, supports=supports, show_site=show_site, when=when),
        "blood_rows": blood_rows(bloods, when, episode_path),
        "advice_rows": advice_rows(advice_requests, when, episode_path),
    }
