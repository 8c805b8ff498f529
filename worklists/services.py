"""Writes of the worklists: ask a clinician for advice on an episode, and answer it."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX, checked_text

from .models import ClinicalAdviceRequest


def advice_request_create(*, episode, by, question: str) -> ClinicalAdviceRequest:
    question = checked_text(question, SHORT_NOTE_MAX)
    if not question:
        raise ValidationError(_("Say what you would like advice on."))
    try:
        with transaction.atomic():
            return ClinicalAdviceRequest.objects.create(episode=episode, requested_by=by, question=question)
    except IntegrityError:
        raise ValidationError(_("A clinician has already been asked about this episode; wait for the answer."))


def advice_request_answer(*, advice_request: ClinicalAdviceRequest, by, answer: str) -> ClinicalAdviceRequest:
    answer = checked_text(answer, LONG_NOTE_MAX)
    if not answer:
        raise ValidationError(_("Write the advice before marking the request answered."))
    # Conditional update: two clinicians answering at once never overwrite each other.
    done = ClinicalAdviceRequest.objects.filter(pk=advice_request.pk, answered_at__isnull=True).update(
        answered_by=by, answered_at=timezone.now(), answer=answer
    )
    if not done:
        raise ValidationError(_("This request has already been answered."))
    advice_request.refresh_from_db()
    return advice_request
