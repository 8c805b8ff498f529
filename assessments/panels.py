"""The episode page's "Investigate and treat" section (registered in AssessmentsConfig.ready)."""
from django.utils.translation import gettext_lazy as _

from patients.models import EpisodeState as S

from . import selectors
from .facts import advice_for_episode
from .forms import CompleteAssessmentForm, SignOffForm
from .services import RECORDABLE_STATES


def assessment_panel(episode, user) -> dict | None:
    """Context for assessments/_episode_panel.html, in a fixed number of queries whatever the number of results
    (the record's 4, and the decision support's, assessments.facts)."""
    if not user.has_perm("assessments.view_assessment"):
        return None
    if episode.state == S.IDENTIFIED:
        return None  # not yet accepted for assessment: nothing to show or record
    record = selectors.episode_assessment_record(episode)
    assessment, decision = record["assessment"], record["decision"]
    if episode.state not in RECORDABLE_STATES and assessment is None and decision is None:
        return None  # left the pathway (excluded, declined…) before anything was recorded
    return {
        **record,
        "episode": episode,
        "support": advice_for_episode(episode, record=record) if assessment else None,
        "acknowledgements": list(decision.acknowledgements.select_related("by")) if decision else [],
        "can_record": episode.state in RECORDABLE_STATES and user.has_perm("assessments.change_assessment"),
        "can_complete": episode.state == S.AWAITING_ASSESSMENT and assessment is not None
        and user.has_perm("assessments.change_assessment"),
        "can_draft": user.has_perm("assessments.change_treatmentdecision") and (
            (decision is None and episode.state == S.ASSESSED) or decision is not None
        ),
        "can_sign_off": decision is not None and not decision.is_signed_off and episode.state == S.ASSESSED
        and user.has_perm("assessments.sign_off_treatment"),
        "complete_form": CompleteAssessmentForm(),
        "signoff_form": SignOffForm(),
        "parts": [
            ("falls", _("Falls")), ("dxa", _("DXA")), ("spine", _("Vertebral imaging")),
            ("risk_factors", _("Risk factors")), ("safety", _("Safety questions")),
            ("fracture_risk", _("FRAX")), ("summary", _("Date and notes")),
        ],
    }
