"""Decisions awaiting sign-off, as the clinician worklist and the sign-off queue page list them, written out in
SQL: their count, and one page of rows with what a row shows.

Why SQL, as for the nurse worklist (worklists.statements): a page of 25 rows joined five ways cost more to
build, compile and turn into model instances than PostgreSQL took to answer it. The list's definition is
assessments.selectors.signoff_queue (a queryset); tests/assessments/test_signoff_statements.py checks these
statements against it, row for row, on SQLite and PostgreSQL.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fls.models import Site, User
from fls.sql import Where, decimal, fetch, fetch_one, table
from patients.models import FractureEpisode, Patient
from patients.statements import PATIENT_COLUMNS, PatientRow

from . import rules
from .models import PERCENT, T_SCORE, Assessment, TreatmentDecision

# Each statement says what it is, for pg_stat_statements, the slow-query log and bench/worklists.py.
ROWS_LABEL = "/* sign-off queue: rows */"
COUNT_LABEL = "/* sign-off queue: count */"


@dataclass(frozen=True, slots=True)
class SignoffEntry(PatientRow):
    """One decision awaiting sign-off, with its episode, patient, site, assessment and drafter's columns."""
    episode_state: str
    fracture_site: str
    fracture_date: date
    recommendation: str
    recommendation_other: str
    initiated_by: str
    drafted_at: datetime
    drafter_first_name: str
    drafter_last_name: str
    drafter_username: str
    assessment_id: int | None
    t_score_lumbar_spine: Decimal | None
    t_score_total_hip: Decimal | None
    t_score_femoral_neck: Decimal | None
    frax_mof_percent: Decimal | None

    @property
    def drafted_by(self) -> str:
        return User.display_name(self.drafter_first_name, self.drafter_last_name, self.drafter_username)

    @property
    def recommendation_label(self) -> str:
        return TreatmentDecision.label_of(self.recommendation, self.recommendation_other)

    @property
    def t_scores(self) -> list[Decimal | None]:
        # The order of Assessment.t_scores.
        places = T_SCORE["decimal_places"]
        return [decimal(t, places) for t in (self.t_score_lumbar_spine, self.t_score_total_hip, self.t_score_femoral_neck)]

    @property
    def frax_mof(self) -> Decimal | None:
        return decimal(self.frax_mof_percent, PERCENT["decimal_places"])

    @property
    def who_class(self) -> str | None:
        return rules.who_classification(self.t_scores)


def awaiting(site_ids: list[int], site_id: int | None = None) -> Where:
    """Decisions `d` awaiting sign-off at the sites (signoff_queue's rule), read in order from the index
    decision_awaiting_signoff: the decision carries its episode's site."""
    w = Where().add("d.signed_off_at IS NULL").is_in("d.site_id", site_ids)
    if site_id:
        w.add("d.site_id = %s", site_id)
    return w


def count_sql(site_ids: list[int], site_id: int | None = None) -> tuple[str, list]:
    """The count, as a statement to run alone or as a scalar subquery beside other lists' counts."""
    w = awaiting(site_ids, site_id)
    return f"SELECT COUNT(*) FROM {table(TreatmentDecision)} d WHERE {w.sql}", w.params


def page(site_ids: list[int], *, site_id: int | None = None, offset: int, limit: int) -> list[SignoffEntry]:
    """One page of the list, oldest first, in one statement: the page's ids are chosen from the decisions alone
    (an index-only read), and only those are joined to what a row shows."""
    w = awaiting(site_ids, site_id)
    sql = (f"{ROWS_LABEL} SELECT d.id, e.id, {PATIENT_COLUMNS}, e.state, e.fracture_site, e.fracture_date, "
           f"d.recommendation, d.recommendation_other, d.initiated_by, "
           f"d.drafted_at, u.first_name, u.last_name, u.username, a.id, a.t_score_lumbar_spine, "
           f"a.t_score_total_hip, a.t_score_femoral_neck, a.frax_mof_percent "
           f"FROM (SELECT d.id FROM {table(TreatmentDecision)} d WHERE {w.sql} "
           f"ORDER BY d.drafted_at, d.id LIMIT %s OFFSET %s) AS page "
           f"JOIN {table(TreatmentDecision)} d ON d.id = page.id "
           f"JOIN {table(FractureEpisode)} e ON e.id = d.episode_id "
           f"JOIN {table(Patient)} p ON p.id = e.patient_id "
           f"JOIN {table(Site)} s ON s.id = e.site_id "
           f"JOIN {table(User)} u ON u.id = d.drafted_by_id "
           f"LEFT JOIN {table(Assessment)} a ON a.episode_id = e.id "
           f"ORDER BY d.drafted_at, d.id")
    return fetch(sql, [*w.params, limit, offset], SignoffEntry)


def count(site_ids: list[int], site_id: int | None = None) -> int:
    sql, params = count_sql(site_ids, site_id)
    return fetch_one(f"{COUNT_LABEL} {sql}", params)[0]
