"""The clinician worklist's three totals in one statement, written out in SQL because the ORM cannot count three
tables in one statement (three counts would be three round trips on every page), and its rows as entries (the
pages themselves are read by the ORM, worklists.selectors.clinician_page). Each list's definition is a queryset in
worklists.selectors (clinician_lists); tests/worklists/test_clinician_statements.py checks the totals and the
pages against those, on SQLite and PostgreSQL.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from assessments import statements as signoff
from assessments.models import BloodResult
from fls.models import User
from fls.sql import Where, decimal, fetch_one, table
from patients.models import FractureEpisode
from patients.statements import PatientRow

from .models import ClinicalAdviceRequest, WorklistBloodResult

TOTALS_LABEL = "/* clinician worklist: totals */"

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
