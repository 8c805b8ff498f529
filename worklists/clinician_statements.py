"""The clinician worklist's reads written out in SQL: the three lists' totals in one statement, and a page of
abnormal bloods and of open advice requests (the decisions' page is assessments.statements.page).

Why SQL, as for the nurse worklist (worklists.statements): building three deeply joined querysets and turning
some 80 rows into model instances cost the page more than PostgreSQL took to answer it. Each list's definition
stays a queryset in worklists.selectors (clinician_lists); tests/worklists/test_clinician_statements.py checks
these statements against those, row for row and total for total, on SQLite and PostgreSQL.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from assessments import statements as signoff
from assessments.models import BloodResult
from fls.models import Site, User
from fls.sql import Where, decimal, fetch, fetch_one, table
from patients.models import FractureEpisode, Patient
from patients.statements import PATIENT_COLUMNS, PatientRow

from .models import ClinicalAdviceRequest, WorklistBloodResult

TOTALS_LABEL = "/* clinician worklist: totals */"
BLOODS_LABEL = "/* clinician worklist: bloods */"
ADVICE_LABEL = "/* clinician worklist: advice */"

_VALUE_PLACES = BloodResult._meta.get_field("value").decimal_places


@dataclass(frozen=True, slots=True)
class BloodEntry(PatientRow):
    test: str
    test_name: str
    value: Decimal | float | None
    unit: str
    result_text: str
    reference_low: Decimal | float | None
    reference_high: Decimal | float | None
    taken_on: date | None

    @property
    def test_label(self) -> str:
        return BloodResult.test_label(self.test, self.test_name)

    @property
    def value_label(self) -> str:
        return BloodResult.value_label(decimal(self.value, _VALUE_PLACES), self.unit, self.result_text)

    @property
    def range_label(self) -> str:
        return BloodResult.range_label(decimal(self.reference_low, _VALUE_PLACES),
                                       decimal(self.reference_high, _VALUE_PLACES))


@dataclass(frozen=True, slots=True)
class AdviceEntry(PatientRow):
    question: str
    requested_at: datetime
    asker_first_name: str
    asker_last_name: str
    asker_username: str

    @property
    def asked_by(self) -> str:
        return User.display_name(self.asker_first_name, self.asker_last_name, self.asker_username)


def _bloods(site_ids: list[int]) -> Where:
    """Results to review `w` (abnormal_bloods_to_review's rule): the read model's rows (WorklistBloodResult) at
    the sites, read in order from its index wl_blood_results."""
    return Where().is_in("w.site_id", site_ids)


def _advice(site_ids: list[int]) -> Where:
    """Unanswered requests `r` at the sites (open_advice_requests' rule): a request holds no site, so its
    episode `e` is probed by primary key (the open ones are few: one per episode at most)."""
    return Where().add("r.answered_at IS NULL").is_in("e.site_id", site_ids)


def _advice_source() -> str:
    return f"{table(ClinicalAdviceRequest)} r JOIN {table(FractureEpisode)} e ON e.id = r.episode_id"


def totals(site_ids: list[int]) -> dict[str, int]:
    """Every list's true total in ONE statement, each counted on its own from its own partial index."""
    parts = [signoff.count_sql(site_ids)]
    b, r = _bloods(site_ids), _advice(site_ids)
    parts.append((f"SELECT COUNT(*) FROM {table(WorklistBloodResult)} w WHERE {b.sql}", b.params))
    parts.append((f"SELECT COUNT(*) FROM {_advice_source()} WHERE {r.sql}", r.params))
    sql = f"{TOTALS_LABEL} SELECT " + ", ".join(f"({part})" for part, _ in parts)
    found = fetch_one(sql, [p for _, params in parts for p in params])
    return dict(zip(("signoff", "bloods", "advice"), found))


def blood_page(site_ids: list[int], *, offset: int, limit: int) -> list[BloodEntry]:
    """A page of results to review, oldest recorded first: the page's ids from the results alone, then only
    those joined to their assessment's episode, patient and site."""
    w = _bloods(site_ids)
    sql = (f"{BLOODS_LABEL} SELECT b.id, e.id, {PATIENT_COLUMNS}, b.test, "
           f"b.test_name, b.value, b.unit, b.result_text, b.reference_low, b.reference_high, b.taken_on "
           f"FROM (SELECT w.id, w.episode_id, w.site_id, w.recorded_at FROM {table(WorklistBloodResult)} w "
           f"WHERE {w.sql} ORDER BY w.recorded_at, w.id LIMIT %s OFFSET %s) AS page "
           f"JOIN {table(BloodResult)} b ON b.id = page.id "
           f"JOIN {table(FractureEpisode)} e ON e.id = page.episode_id "
           f"JOIN {table(Patient)} p ON p.id = e.patient_id "
           f"JOIN {table(Site)} s ON s.id = page.site_id "
           f"ORDER BY page.recorded_at, page.id")
    return fetch(sql, [*w.params, limit, offset], BloodEntry)


def advice_page(site_ids: list[int], *, offset: int, limit: int) -> list[AdviceEntry]:
    """A page of open requests for advice, oldest first, with who asked."""
    w = _advice(site_ids)
    sql = (f"{ADVICE_LABEL} SELECT r.id, e.id, {PATIENT_COLUMNS}, r.question, "
           f"r.requested_at, u.first_name, u.last_name, u.username "
           f"FROM (SELECT r.id FROM {_advice_source()} WHERE {w.sql} "
           f"ORDER BY r.requested_at, r.id LIMIT %s OFFSET %s) AS page "
           f"JOIN {table(ClinicalAdviceRequest)} r ON r.id = page.id "
           f"JOIN {table(FractureEpisode)} e ON e.id = r.episode_id "
           f"JOIN {table(Patient)} p ON p.id = e.patient_id "
           f"JOIN {table(Site)} s ON s.id = e.site_id "
           f"JOIN {table(User)} u ON u.id = r.requested_by_id "
           f"ORDER BY r.requested_at, r.id")
    return fetch(sql, [*w.params, limit, offset], AdviceEntry)
