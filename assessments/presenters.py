"""The sign-off queue's rows (templates/assessments/_signoff_table.html), made in Python: on the clinician
worklist and the queue page a row is drawn up to 200 times, and a template resolving each value, reversing each
link and formatting each date per row costs more than the query that found them."""
from dataclasses import dataclass

from fls.dates import DayMonthYear
from fls.links import path_format
from patients.models import EpisodeState, FractureSite

from .models import Initiator, TreatmentDecision


@dataclass(frozen=True)
class SignoffRow:
    decision: TreatmentDecision
    episode_path: str
    patient: str
    local_id: str
    site_code: str  # "" when the user sees one site only
    fracture: str
    findings: str
    frax_mof: str
    recommendation: str
    initiated_by: str
    drafted_on: str
    drafted_by: str
    sign_off_path: str  # "" unless the episode is assessed (waiting for this sign-off)
    state: str
    review_path: str


def signoff_rows(decisions: list[TreatmentDecision], *, show_site: bool,
                 when: DayMonthYear | None = None) -> list[SignoffRow]:
    """Rows for decisions from a sign-off selector (episode, patient, site, assessment and drafter joined).
    `when`: a page's date formatter, to share it with the page's other lists."""
    when = when or DayMonthYear()
    episode_path = path_format("patients:episode_detail", int)
    sign_off = path_format("assessments:treatment_sign_off", int)
    review = path_format("assessments:treatment_decision", int)
    fractures = {value: str(label) for value, label in FractureSite.choices}
    initiators = {value: str(label) for value, label in Initiator.choices}
    states = {value: str(label) for value, label in EpisodeState.choices}
    rows = []
    for d in decisions:
        ep = d.episode
        a = getattr(ep, "assessment", None)
        findings = f"{a.who_class_label} (T {a.lowest_t_score})" if a is not None and a.who_class else "No DXA"
        frax = a.frax_mof_percent if a is not None else None
        rows.append(SignoffRow(
            decision=d, episode_path=episode_path.format(ep.pk), patient=str(ep.patient),
            local_id=ep.patient.local_id, site_code=ep.site.code if show_site else "",
            fracture=f"{fractures.get(ep.fracture_site, ep.fracture_site)}, {when(ep.fracture_date)}",
            findings=findings, frax_mof="" if frax is None else f"FRAX MOF {frax}%",
            recommendation=d.recommendation_label, initiated_by=initiators.get(d.initiated_by, d.initiated_by),
            drafted_on=when(d.drafted_at), drafted_by=str(d.drafted_by),
            sign_off_path=sign_off.format(ep.pk) if ep.state == EpisodeState.ASSESSED else "",
            state=states.get(ep.state, ep.state), review_path=review.format(ep.pk),
        ))
    return rows
