"""The clinician worklist's rows (templates/worklists/clinician.html), made in Python once per page, as the
nurse's are (worklists.presenters): its three lists hold up to 300 rows, and per-row {% url %} tags, date
filters and attribute lookups cost several times the queries that found them."""
from dataclasses import dataclass

from assessments.models import BloodResult
from assessments.presenters import signoff_rows
from fls.links import path_format

from .models import ClinicalAdviceRequest
from .presenters import DayMonthYear


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


def clinician_lists(*, decisions, bloods, advice_requests, show_site: bool) -> dict:
    """The page's three lists as rows, with their dates written once per distinct format (DayMonthYear)."""
    when = DayMonthYear()
    episode_path = path_format("patients:episode_detail", int)
    return {
        "signoff_rows": signoff_rows(decisions, show_site=show_site, when=when),
        "blood_rows": blood_rows(bloods, when, episode_path),
        "advice_rows": advice_rows(advice_requests, when, episode_path),
    }
