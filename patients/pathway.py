"""The Model A pathway as a state machine: the one place an episode's state changes.

    identified → awaiting assessment → assessed → treatment decided → in follow-up → completed
    exits: excluded, declined, transferred, died, lost to follow-up

(docs/clinical-rules.md#model-a-pathway). Each move is a named function below. It checks the move is
allowed from the episode's current state (read under a row lock, so two people pressing buttons at
once cannot both move it), checks the actor's permission and the note where one is required, saves
the new state and records an EpisodeEvent (who, when, from, to, note). Then the later steps react, in the
order REACTIONS gives (below), in the same transaction, so they commit or roll back with the move. Later apps
call these functions; nothing else writes `state`.
"""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _, pgettext_lazy

from fls.inserts import insert_history, insert_many
from fls.reactions import Reactions
from fls.read_models import episodes_changed, one_refresh
from fls.records import record_lock, record_save
from fls.text import LONG_NOTE_MAX, checked_text

from .models import ACTIVE_STATES, EpisodeEvent, EpisodeState as S, FractureEpisode

ACTIVE = ACTIVE_STATES
FINAL = frozenset({S.COMPLETED, S.EXCLUDED, S.DECLINED, S.TRANSFERRED, S.DIED, S.LOST_TO_FOLLOW_UP})


class PathwayError(ValidationError):
    """An illegal or unauthorised move. Its message is written for the person who tried it."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str = "patients.change_fractureepisode"
    note_required: bool = False
    # Offered as a button on the episode page; others are made by their own forms or by the system.
    manual: bool = True


# Each move's label is a button on the episode page and the verb of its messages ("Cannot exclude: …").
TRANSITIONS = {
    t.name: t
    for t in [
        Transition("identify", pgettext_lazy("pathway move", "Identify"), frozenset({""}), S.IDENTIFIED,
                   "patients.add_fractureepisode", manual=False),
        Transition("accept_for_assessment", pgettext_lazy("pathway move", "Accept for assessment"),
                   frozenset({S.IDENTIFIED}), S.AWAITING_ASSESSMENT),
        Transition(
            "exclude", pgettext_lazy("pathway move", "Exclude"), frozenset({S.IDENTIFIED, S.AWAITING_ASSESSMENT}),
            S.EXCLUDED, note_required=True,
        ),
        Transition(
            "override_exclusion", pgettext_lazy("pathway move", "Override exclusion"), frozenset({S.EXCLUDED}),
            S.IDENTIFIED, permission="patients.override_eligibility", note_required=True,
        ),
        Transition("complete_assessment", pgettext_lazy("pathway move", "Complete assessment"),
                   frozenset({S.AWAITING_ASSESSMENT}), S.ASSESSED, manual=False),
        Transition("decide_treatment", pgettext_lazy("pathway move", "Decide treatment"), frozenset({S.ASSESSED}),
                   S.TREATMENT_DECIDED, manual=False),
        Transition("start_follow_up", pgettext_lazy("pathway move", "Start follow-up"),
                   frozenset({S.TREATMENT_DECIDED}), S.IN_FOLLOW_UP, manual=False),
        Transition("complete", pgettext_lazy("pathway move", "Complete pathway"), frozenset({S.IN_FOLLOW_UP}),
                   S.COMPLETED, manual=False),
        Transition("decline", pgettext_lazy("pathway move", "Patient declined"), ACTIVE, S.DECLINED,
                   note_required=True),
        Transition("transfer", pgettext_lazy("pathway move", "Transferred out"), ACTIVE, S.TRANSFERRED,
                   note_required=True),
        # Made by recording the patient's date of death (patients.services.patient_update), never by hand.
        Transition("record_death", pgettext_lazy("pathway move", "Record death"), ACTIVE, S.DIED, manual=False),
        Transition(
            "mark_lost_to_follow_up", pgettext_lazy("pathway move", "Lost to follow-up"),
            frozenset({S.AWAITING_ASSESSMENT, S.IN_FOLLOW_UP}), S.LOST_TO_FOLLOW_UP, note_required=True,
        ),
        Transition(
            "resume_follow_up", pgettext_lazy("pathway move", "Resume follow-up"), frozenset({S.LOST_TO_FOLLOW_UP}),
            S.IN_FOLLOW_UP, note_required=True,
        ),
    ]
}


def can(episode: FractureEpisode, name: str, user) -> bool:
    """Whether `user` could make move `name` now (for showing buttons; the move itself re-checks)."""
    t = TRANSITIONS[name]
    return episode.state in t.sources and (user is None or user.has_perm(t.permission))


def manual_transitions_for(episode: FractureEpisode, user) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.manual and can(episode, t.name, user)]


@dataclass(frozen=True)
class Moved:
    """A move just recorded: what a reaction is given."""
    episode: FractureEpisode  # as the move saved it
    transition: str
    from_state: str
    to_state: str
    by: object  # the user who made the move, or None for the system


@dataclass(frozen=True)
class FollowOn:
    """The system move a reaction asks the pathway to make next, and the note it records."""
    transition: str
    note: str = ""


# --- Reactions: what the later steps do after a move, in this order ---------------------------------------
#
#   1. "schedule follow-ups"  followup.reactions.schedule_follow_ups: treatment decided, with a treatment that
#                             starts the follow-ups (followup.services.schedule_is_due) -> the 4-, 12- and 52-week
#                             follow-ups are created, and the pathway then makes the follow-on move
#                             `start_follow_up` (treatment decided -> in follow-up).
#   2. "close follow-ups"     followup.reactions.close_follow_ups: died, transferred, declined or lost from
#                             treatment decided or in follow-up -> the open follow-ups are cancelled (or held
#                             while lost).
#   3. "reopen follow-ups"    followup.reactions.reopen_follow_ups: follow-up resumed -> the lost follow-up and
#                             those on hold are open again.
#
# Each app registers its own at start-up (AppConfig.ready: `pathway.react(name, function)`), so imports still
# flow one way. A reaction never makes a move: it returns a FollowOn (or None), and the pathway makes that move
# after every reaction to the first has run, then runs the reactions to it. So moves never nest: the walk is
# the line of moves recorded one after another, all in the first move's transaction.
# Each reaction is called as reaction(moved: Moved) -> FollowOn | None.
REACTIONS = Reactions("the pathway", ("schedule follow-ups", "close follow-ups", "reopen follow-ups"))
react = REACTIONS.register


def _react(moves: list[Moved]) -> list[Moved]:
    """Run every reaction to each move, in REACTIONS order, then make the follow-on moves they ask for (and
    react to those), one after another. Returns the follow-on moves made."""
    pending, made = list(moves), []
    while pending:
        moved = pending.pop(0)
        follow_ons = []  # made once every reaction to this move has run
        for reaction in REACTIONS:
            follow_on = reaction(moved)
            if follow_on is not None:
                follow_ons.append(follow_on)
        for follow_on in follow_ons:
            # The episode's row is locked already: this transaction's first move locked it.
            _event, next_move = _record(moved.episode, TRANSITIONS[follow_on.transition], by=moved.by,
                                   note=follow_on.note, locked=moved.episode)
            pending.append(next_move)
            made.append(next_move)
    return made


def _record(episode: FractureEpisode, t: Transition, *, by, note: str, at=None,
            locked: FractureEpisode | None = None) -> tuple[EpisodeEvent, Moved]:
    """Make move `t` on the episode, row-locked here (or `locked`, already locked in this transaction): save
    the new state and record its event."""
    if locked is None:
        locked = record_lock(FractureEpisode.objects.select_related("site", "patient"), pk=episode.pk)
    if locked.state not in t.sources:
        raise PathwayError(_cannot(t, locked), code="illegal")
    from_state = locked.state
    now = at or timezone.now()
    record_save(locked, by=by, fields=_arrival(t, by=by, note=note, now=now))
    event = EpisodeEvent.objects.create(
        episode=locked, transition=t.name, from_state=from_state, to_state=t.target, note=note, by=by, at=now
    )
    return event, Moved(episode=locked, transition=t.name, from_state=from_state, to_state=t.target, by=by)


def _cannot(t: Transition, episode: FractureEpisode) -> str:
    """Why move `t` cannot be made from the episode's state, for the person who tried it."""
    return _("Cannot %(move)s: the episode is %(state)s.") % {
        "move": t.label.lower(), "state": episode.get_state_display().lower(),
    }


def _move(episode: FractureEpisode, name: str, *, by, note: str = "", at=None) -> EpisodeEvent:
    t = TRANSITIONS[name]
    note = checked_text(note, LONG_NOTE_MAX, field="note")
    if by is not None and not by.has_perm(t.permission):
        raise PathwayError(_("You do not have permission to %(move)s.") % {"move": t.label.lower()},
                           code="permission")
    if t.note_required and not note:
        raise PathwayError(_("%(move)s needs a reason.") % {"move": t.label}, code="note_required")
    with transaction.atomic(), one_refresh():
        event, moved = _record(episode, t, by=by, note=note, at=at)
        _react([moved])
        episodes_changed([moved.episode.pk])
    # Keep the caller's object in step with the database: the locked episode, which the follow-on moves (made on
    # the same object) have left as the last move left it.
    locked = moved.episode
    for field in ("state", "state_changed_at", "excluded_reason", "eligibility_override_reason",
                  "eligibility_overridden_by_id", "version"):
        setattr(episode, field, getattr(locked, field))
    return event


def _arrival(t: Transition, *, by, note: str, now) -> dict:
    """The fields a move sets on the episode."""
    fields = {"state": t.target, "state_changed_at": now}
    if t.target == S.EXCLUDED:
        fields["excluded_reason"] = note
    if t.name == "override_exclusion":
        fields["eligibility_override_reason"] = note
        fields["eligibility_overridden_by"] = by
    return fields


def record_identified_in_bulk(episodes: list[FractureEpisode], *, by) -> list[EpisodeEvent]:
    """record_identified for many newly saved episodes (the bulk import): one INSERT, one signal."""
    now = timezone.now()
    events = [
        EpisodeEvent(episode=episode, transition="identify", from_state="", to_state=S.IDENTIFIED, by=by, at=now)
        for episode in episodes
    ]
    insert_many(EpisodeEvent, events)
    if episodes:
        _react([Moved(episode, "identify", "", S.IDENTIFIED, by) for episode in episodes])
        episodes_changed(episode.pk for episode in episodes)
    return events


def exclude_new_in_bulk(episodes_and_reasons: list[tuple[FractureEpisode, str]]) -> list[EpisodeEvent]:
    """The system's `exclude` move (by=None) for episodes this transaction has just created, each
    with its reason: the fields, history row and event _move records, written in bulk. They were
    created identified and no one else can see them yet, so no row lock is needed."""
    t = TRANSITIONS["exclude"]
    now = timezone.now()
    episodes = []
    for episode, reason in episodes_and_reasons:
        if episode.state not in t.sources or not reason.strip():
            raise PathwayError(_cannot(t, episode), code="illegal")
        for name, value in _arrival(t, by=None, note=reason.strip(), now=now).items():
            setattr(episode, name, value)
        episode.version += 1  # as the UPDATE below does
        episodes.append(episode)
    # One UPDATE per distinct reason (there are few: an age, a mechanism), not a CASE over every row.
    by_reason = {}
    for episode in episodes:
        by_reason.setdefault(episode.excluded_reason, []).append(episode.pk)
    for reason, ids in by_reason.items():
        FractureEpisode.objects.filter(pk__in=ids).update(
            state=t.target, state_changed_at=now, excluded_reason=reason, version=F("version") + 1,
        )
    insert_history(FractureEpisode, episodes, user=None, history_type="~")
    events = [
        EpisodeEvent(episode=episode, transition=t.name, from_state=S.IDENTIFIED, to_state=t.target,
                     note=episode.excluded_reason, by=None, at=now)
        for episode in episodes
    ]
    insert_many(EpisodeEvent, events)
    _react([Moved(episode, t.name, S.IDENTIFIED, t.target, None) for episode in episodes])
    episodes_changed(episode.pk for episode in episodes)
    return events


def record_identified(episode: FractureEpisode, *, by, note: str = "") -> EpisodeEvent:
    """The opening event of a newly saved episode (it is created in state `identified`)."""
    now = timezone.now()
    event = EpisodeEvent.objects.create(
        episode=episode, transition="identify", from_state="", to_state=S.IDENTIFIED, note=note, by=by, at=now
    )
    _react([Moved(episode, "identify", "", S.IDENTIFIED, by)])
    episodes_changed([episode.pk])
    return event


def accept_for_assessment(episode, *, by, note=""):
    return _move(episode, "accept_for_assessment", by=by, note=note)


def exclude(episode, *, by, reason):
    return _move(episode, "exclude", by=by, note=reason)


def override_exclusion(episode, *, by, reason):
    return _move(episode, "override_exclusion", by=by, note=reason)


def complete_assessment(episode, *, by, note=""):
    return _move(episode, "complete_assessment", by=by, note=note)


def decide_treatment(episode, *, by, note=""):
    return _move(episode, "decide_treatment", by=by, note=note)


def start_follow_up(episode, *, by, note=""):
    return _move(episode, "start_follow_up", by=by, note=note)


def complete(episode, *, by, note=""):
    return _move(episode, "complete", by=by, note=note)


def decline(episode, *, by, reason):
    return _move(episode, "decline", by=by, note=reason)


def transfer(episode, *, by, reason):
    return _move(episode, "transfer", by=by, note=reason)


def record_death(episode, *, by, note=""):
    return _move(episode, "record_death", by=by, note=note)


def mark_lost_to_follow_up(episode, *, by, reason):
    return _move(episode, "mark_lost_to_follow_up", by=by, note=reason)


def resume_follow_up(episode, *, by, reason):
    return _move(episode, "resume_follow_up", by=by, note=reason)


def apply_named(episode, name: str, *, by, note: str = ""):
    """Make a manual move chosen by name (from the episode page's buttons)."""
    t = TRANSITIONS.get(name)
    if t is None or not t.manual:
        raise PathwayError(_("That is not a move that can be made from here."), code="unknown")
    return _move(episode, name, by=by, note=note)
