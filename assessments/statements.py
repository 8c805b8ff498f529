"""Decisions awaiting sign-off: a row as the clinician worklist and the sign-off queue show it (SignoffEntry,
read by the ORM in assessments.selectors.signoff_queue_page), and their count as SQL, for the clinician
worklist's one statement of every list's total (worklists.clinician_statements.totals: the ORM cannot count
three tables in one statement). The list's definition is assessments.selectors.signoff_queue.
"""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from fls.models import User
from fls.sql import Where, decimal, table
from patients.statements import PatientRow

from . import rules
from .models import PERCENT, T_SCORE, TreatmentDecision

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
    """The count, as a scalar subquery beside the other lists' counts."""
    w = awaiting(site_ids, site_id)
    return f"SELECT COUNT(*) FROM {table(TreatmentDecision)} d WHERE {w.sql}", w.params
