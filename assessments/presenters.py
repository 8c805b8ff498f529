"""The sign-off queue's rows (templates/assessments/_signoff_table.html), made in Python: on the clinician
worklist and the queue page a row is drawn 25 times a page, and a template resolving each value, reversing each
link and formatting each date per row costs more than the query that found them."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from fls.dates import DayMonthYear
from fls.links import path_format
from patients.models import EpisodeState, FractureSite

from . import rules
from .decision_support import SHORT_LABELS
from .models import Initiator
from .statements import SignoffEntry


@dataclass(frozen=True)
class SignoffRow:
    pk: int  # the decision's
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
    flags: list  # (short label, full message): the very-high-risk indicators
    warnings: list  # (short label, full message): the drug's safety warnings, each acknowledged at sign-off
    sign_off_page_path: str  # the sign-off page: where a row with warnings is signed off


def signoff_rows(entries: list[SignoffEntry], *, supports: dict, show_site: bool,
                 when: DayMonthYear | None = None) -> list[SignoffRow]:
    """Rows for a page of the queue (assessments.selectors.signoff_page_from), with each row's flags and warnings
    (`supports`: assessments.selectors.signoff_supports). A row with a warning has no one-click sign-off: its
    action opens the sign-off page. `when`: a page's date formatter, to share it with the page's other lists."""
    when = when or DayMonthYear()
    episode_path = path_format("patients:episode_detail", int)
    sign_off = path_format("assessments:treatment_sign_off", int)
    review = path_format("assessments:treatment_decision", int)
    fractures = {value: str(label) for value, label in FractureSite.choices}
    initiators = {value: str(label) for value, label in Initiator.choices}
    states = {value: str(label) for value, label in EpisodeState.choices}
    rows = []
    for d in entries:
        support = supports.get(d.episode_id)
        if support and support.advice.warnings:
            one_click = False
        else:
            one_click = True
        who = d.who_class
        # The labels of Assessment.who_class_label and .lowest_t_score, from the same rules.
        findings = (_("%(who_class)s (T %(t_score)s)") % {"who_class": rules.WHOClass.LABELS[who],
                                                          "t_score": rules.lowest(d.t_scores)}
                    if who else _("No DXA"))
        frax = d.frax_mof
        rows.append(SignoffRow(
            pk=d.pk, episode_path=episode_path.format(d.episode_id), patient=d.patient_name,
            local_id=d.local_id, site_code=d.site_code if show_site else "",
            fracture=_("%(site)s, %(day)s") % {"site": fractures.get(d.fracture_site, d.fracture_site),
                                               "day": when(d.fracture_date)},
            findings=findings, frax_mof="" if frax is None else _("FRAX MOF %(percent)s%%") % {"percent": frax},
            recommendation=d.recommendation_label, initiated_by=initiators.get(d.initiated_by, d.initiated_by),
            drafted_on=when(d.drafted_at), drafted_by=d.drafted_by,
            sign_off_path=sign_off.format(d.episode_id) if one_click and d.episode_state == EpisodeState.ASSESSED
            else "",
            state=states.get(d.episode_state, d.episode_state),
            # A decision waiting for sign-off is reviewed on the sign-off page, with the whole picture.
            review_path=sign_off.format(d.episode_id) if d.episode_state == EpisodeState.ASSESSED
            else review.format(d.episode_id),
            flags=_labelled(support.advice.very_high) if support else [],
            warnings=_labelled(support.advice.warnings) if support else [],
            sign_off_page_path=sign_off.format(d.episode_id) if d.episode_state == EpisodeState.ASSESSED else "",
        ))
    return rows


def _labelled(findings) -> list[tuple[str, str]]:
    return [(str(SHORT_LABELS.get(f.code, f.code)), f.message) for f in findings]
