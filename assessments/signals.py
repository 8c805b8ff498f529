"""Keep the mirrored worklist facts right: the episode's after every save of an assessment or a treatment
decision, and a blood result's needs_review after every save of it and every move of its episode into or out of
the states its review depends on.

Receivers run inside the saving service's (or the pathway's) transaction, so the facts commit or roll back with
the record.
"""
from .models import BLOOD_REVIEW_STATES
from . import services


def on_assessment_or_decision_saved(sender, *, instance, **kwargs):
    services.episode_facts_refresh(episode_ids=[instance.episode_id])


def on_blood_result_saved(sender, *, instance, **kwargs):
    services.blood_results_review_refresh(result_ids=[instance.pk])


def on_episode_transitioned(sender, *, episode, from_state, to_state, **kwargs):
    # Moves within the review states (e.g. accepted for assessment) leave every result as it was.
    if (from_state in BLOOD_REVIEW_STATES) != (to_state in BLOOD_REVIEW_STATES):
        services.blood_results_review_refresh(episode_ids=[episode.pk])


def on_episodes_transitioned(sender, *, episodes, from_state, to_state, **kwargs):
    """The same, for a move many episodes made at once (the bulk import): one UPDATE for them all."""
    if (from_state in BLOOD_REVIEW_STATES) != (to_state in BLOOD_REVIEW_STATES):
        services.blood_results_review_refresh(episode_ids=[episode.pk for episode in episodes])
