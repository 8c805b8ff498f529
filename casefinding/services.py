"""Every write a nurse makes on a candidate. A candidate is decided once: the one-to-one
constraint on CandidateDecision settles two nurses deciding at the same moment."""
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fls.text import SHORT_NOTE_MAX, checked_text

from .models import CandidateDecision, DismissReason, RadiologyReport

logger = logging.getLogger(__name__)


def candidate_dismiss(*, report: RadiologyReport, by, reason: str, note: str = "") -> CandidateDecision:
    if reason not in DismissReason.values:
        raise ValidationError({"reason": [_("Choose why this is not a case for the service.")]})
    note = checked_text(note, SHORT_NOTE_MAX, field="note")
    if reason == DismissReason.OTHER and not note:
        raise ValidationError({"note": [_("Say why, when the reason is “Other”.")]})
    return _decide(report, by, CandidateDecision.Decision.DISMISSED, reason=reason, note=note)


def candidate_confirm(*, report: RadiologyReport, by, episode) -> CandidateDecision:
    """The nurse logged the candidate's fracture (`episode`): record it as confirmed."""
    if episode.site_id != report.site_id:
        raise ValidationError(_("The fracture was logged at another site than the report's."))
    return _decide(report, by, CandidateDecision.Decision.CONFIRMED, episode=episode)


def _decide(report, by, decision, **fields) -> CandidateDecision:
    if not report.is_candidate:
        raise ValidationError(_("This report is not a case-finding candidate."))
    try:
        with transaction.atomic():
            made = CandidateDecision.objects.create(report=report, decision=decision, by=by, **fields)
    except IntegrityError:
        raise ValidationError(_("Someone has already decided on this candidate."), code="decided") from None
    logger.info("candidate report %s %s by user %s", report.pk, decision, by.pk)
    return made
