"""A nurse's request for clinical advice on an episode, answered from the clinician's worklist."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from fls.text import LONG_NOTE_MAX, SHORT_NOTE_MAX, text_validators
from patients.models import FractureEpisode


class ClinicalAdviceRequest(models.Model):
    episode = models.ForeignKey(FractureEpisode, on_delete=models.PROTECT, related_name="advice_requests")
    question = models.TextField(help_text="What the clinician should advise on.", max_length=SHORT_NOTE_MAX,
                                validators=text_validators(SHORT_NOTE_MAX))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # Answered requests are kept (nothing clinical is deleted); the worklist shows the open ones.
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, max_length=LONG_NOTE_MAX, validators=text_validators(LONG_NOTE_MAX))

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # One open question per episode: asking again while one is open adds nothing.
            models.UniqueConstraint(fields=["episode"], condition=Q(answered_at__isnull=True),
                                    name="one_open_advice_request_per_episode"),
        ]
        indexes = [models.Index(fields=["requested_at"], condition=Q(answered_at__isnull=True),
                                name="wl_open_advice_requests")]

    def __str__(self):
        return f"Advice on episode {self.episode_id}"
