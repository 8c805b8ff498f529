"""The episode page's "Follow-up" section (registered in FollowupConfig.ready)."""
from django.utils import timezone

from . import selectors


def follow_up_panel(episode, user) -> dict | None:
    """Context for followup/_episode_panel.html in a fixed 3 queries (none before follow-up starts), or None when there is no plan."""
    if not user.has_perm("followup.view_followup"):
        return None
    if episode.state in ("identified", "awaiting_assessment", "assessed", "excluded"):
        return None  # no treatment decided yet: nothing to follow up
    # Scheduling moves the episode on to in follow-up in the same transaction, so an episode still at
    # treatment decided has no follow-ups: no need to ask.
    follow_ups = [] if episode.state == "treatment_decided" else selectors.episode_follow_up_plan(episode)
    if not follow_ups and episode.state != "treatment_decided":
        return None
    today = timezone.localdate()
    for follow_up in follow_ups:
        follow_up.timing = follow_up.timing_on(today) if follow_up.is_open else follow_up.status
    return {
        "episode": episode,
        "follow_ups": follow_ups,
        "today": today,
        "can_record": user.has_perm("followup.add_followupcontact") and episode.state == "in_follow_up",
    }
