"""Keep the episode's mirrored worklist facts right after every save of an assessment or a treatment decision.

Receivers run inside the saving service's transaction, so the episode's facts commit or roll back with the record.
"""
from . import services


def on_assessment_or_decision_saved(sender, *, instance, **kwargs):
    services.episode_facts_refresh(episode_ids=[instance.episode_id])
