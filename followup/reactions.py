"""How the follow-up step reacts to the pathway's moves: three reactions, registered with the pathway at
start-up (followup.apps) and run by it after a move is recorded, in the order patients.pathway.REACTIONS gives,
in the move's transaction. None makes a move: scheduling asks the pathway for its follow-on move instead.

And one reaction to a treatment's start recorded after sign-off, registered with assessments
(assessments.services.TREATMENT_STARTED) and called by its decision service."""
from django.utils.translation import gettext

from assessments.models import TreatmentDecision
from patients.models import EpisodeState as S
from patients.pathway import FollowOn, Moved

from . import services

_LEFT = frozenset({S.DIED, S.TRANSFERRED, S.DECLINED, S.LOST_TO_FOLLOW_UP})


def schedule_follow_ups(moved: Moved) -> FollowOn | None:
    """Treatment decided, with a treatment that starts the follow-ups: create them, then in follow-up."""
    if moved.to_state != S.TREATMENT_DECIDED:
        return None
    decision = TreatmentDecision.objects.filter(episode_id=moved.episode.pk).first()
    if not services.schedule_is_due(decision):
        return None
    services.schedule_create(episode=moved.episode, decision=decision, by=moved.by)
    return FollowOn("start_follow_up", gettext(services.SCHEDULED_NOTE))


def close_follow_ups(moved: Moved) -> None:
    """Left the pathway from treatment decided or in follow-up: cancel the open follow-ups (hold them if lost)."""
    if moved.to_state in _LEFT and moved.from_state in (S.TREATMENT_DECIDED, S.IN_FOLLOW_UP):
        services.episode_left_pathway(episode=moved.episode, to_state=moved.to_state)


def reopen_follow_ups(moved: Moved) -> None:
    """Follow-up resumed: the lost follow-up and those on hold are open again."""
    if moved.transition == "resume_follow_up":
        services.episode_resumed(episode=moved.episode)


def treatment_started(decision: TreatmentDecision, by) -> None:
    """A start date recorded after sign-off (assessments.services.TREATMENT_STARTED): start the waiting
    schedule, or keep the open follow-ups' windows after the start."""
    services.treatment_started(decision=decision, by=by)
