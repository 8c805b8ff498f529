"""What the follow-up step does when earlier steps move: both run inside the mover's transaction,
so the schedule commits or rolls back with the sign-off (or the start date) that caused it."""
from patients.models import EpisodeState as S

from . import services

_LEFT = frozenset({S.DIED, S.TRANSFERRED, S.DECLINED, S.LOST_TO_FOLLOW_UP})


def on_episode_transitioned(sender, *, episode, transition, from_state, to_state, by, **kwargs):
    if to_state == S.TREATMENT_DECIDED:
        from assessments.models import TreatmentDecision

        decision = TreatmentDecision.objects.filter(episode_id=episode.pk).first()
        if services.schedule_is_due(decision):
            services.schedule_create(episode=episode, decision=decision, by=by)
    elif to_state in _LEFT and from_state in (S.TREATMENT_DECIDED, S.IN_FOLLOW_UP):
        services.episode_left_pathway(episode=episode, to_state=to_state)
    elif transition == "resume_follow_up":
        services.episode_resumed(episode=episode)


def on_episodes_transitioned(sender, *, episodes, **move):
    """The same move made by many episodes at once (the bulk import): each as if alone."""
    for episode in episodes:
        on_episode_transitioned(sender, episode=episode, **move)


def on_treatment_decision_saved(sender, *, instance, created, **kwargs):
    """A start date recorded after sign-off: start the waiting schedule, or keep windows after the start."""
    from assessments.models import TreatmentStatus

    if instance.is_signed_off and instance.status == TreatmentStatus.STARTED and instance.started_on:
        services.treatment_started(decision=instance, by=getattr(instance, "_history_user", None))
