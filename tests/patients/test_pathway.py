"""The pathway state machine: legal moves, illegal moves, events, permissions and reasons."""
import pytest

from fls.read_models import episodes_changed
from patients import pathway
from patients.models import EpisodeEvent, EpisodeState as S, FractureEpisode
from tests.factories import FractureEpisodeFactory, PatientFactory

ALL_STATES = [choice for choice, _ in S.choices]

# (transition, the states it may start from, where it goes)
LEGAL = {
    "accept_for_assessment": ({S.IDENTIFIED}, S.AWAITING_ASSESSMENT),
    "exclude": ({S.IDENTIFIED, S.AWAITING_ASSESSMENT}, S.EXCLUDED),
    "override_exclusion": ({S.EXCLUDED}, S.IDENTIFIED),
    "complete_assessment": ({S.AWAITING_ASSESSMENT}, S.ASSESSED),
    "decide_treatment": ({S.ASSESSED}, S.TREATMENT_DECIDED),
    "start_follow_up": ({S.TREATMENT_DECIDED}, S.IN_FOLLOW_UP),
    "complete": ({S.IN_FOLLOW_UP}, S.COMPLETED),
    "decline": (set(pathway.ACTIVE), S.DECLINED),
    "transfer": (set(pathway.ACTIVE), S.TRANSFERRED),
    "record_death": (set(pathway.ACTIVE), S.DIED),
    "mark_lost_to_follow_up": ({S.AWAITING_ASSESSMENT, S.IN_FOLLOW_UP}, S.LOST_TO_FOLLOW_UP),
    "resume_follow_up": ({S.LOST_TO_FOLLOW_UP}, S.IN_FOLLOW_UP),
}

CASES = [
    (name, state, state in sources, target)
    for name, (sources, target) in LEGAL.items()
    for state in ALL_STATES
]


def test_the_table_covers_every_transition():
    assert set(LEGAL) == set(pathway.TRANSITIONS) - {"identify"}


@pytest.fixture
def episode(site_a):
    return FractureEpisodeFactory(patient=PatientFactory(site=site_a))


def _put_in(episode, state):
    # Tests may place an episode anywhere; the app only moves it through pathway functions.
    FractureEpisode.objects.filter(pk=episode.pk).update(state=state)
    episodes_changed([episode.pk])  # the worklists' read model follows, as after any service
    episode.refresh_from_db()


@pytest.mark.parametrize("name, state, allowed, target", CASES, ids=[f"{c[0]}-from-{c[1]}" for c in CASES])
def test_each_move_is_allowed_only_from_its_states(episode, clinician_a, name, state, allowed, target):
    _put_in(episode, state)
    events_before = EpisodeEvent.objects.filter(episode=episode).count()
    move = getattr(pathway, name)
    note_kw = "reason" if pathway.TRANSITIONS[name].note_required else "note"
    if allowed:
        event = move(episode, by=clinician_a, **{note_kw: "Because the test says so."})
        episode.refresh_from_db()
        assert episode.state == target
        assert (event.from_state, event.to_state, event.transition, event.by) == (state, target, name, clinician_a)
    else:
        with pytest.raises(pathway.PathwayError) as exc:
            move(episode, by=clinician_a, **{note_kw: "Because the test says so."})
        assert exc.value.code == "illegal"
        assert "Cannot" in exc.value.messages[0]
        episode.refresh_from_db()
        assert episode.state == state
        assert EpisodeEvent.objects.filter(episode=episode).count() == events_before


def test_a_new_episode_starts_identified_with_its_opening_event(episode):
    assert episode.state == S.IDENTIFIED
    assert list(episode.events.values_list("transition", "from_state", "to_state")) == [("identify", "", S.IDENTIFIED)]


def test_a_move_records_who_when_and_why(episode, nurse_a):
    event = pathway.exclude(episode, by=nurse_a, reason="Fracture was in 2015, before the audit's scope.")
    assert event.by == nurse_a
    assert event.note == "Fracture was in 2015, before the audit's scope."
    assert event.at is not None
    episode.refresh_from_db()
    assert episode.excluded_reason == "Fracture was in 2015, before the audit's scope."
    assert episode.history.first().history_user == nurse_a


def test_a_move_that_needs_a_reason_is_refused_without_one(episode, nurse_a):
    with pytest.raises(pathway.PathwayError, match="needs a reason"):
        pathway.decline(episode, by=nurse_a, reason="   ")
    episode.refresh_from_db()
    assert episode.state == S.IDENTIFIED


def test_only_a_clinician_may_override_an_exclusion(episode, nurse_a, clinician_a):
    pathway.exclude(episode, by=nurse_a, reason="High trauma")
    with pytest.raises(pathway.PathwayError, match="permission"):
        pathway.override_exclusion(episode, by=nurse_a, reason="I disagree")
    pathway.override_exclusion(episode, by=clinician_a, reason="Fall from a chair: low trauma after all.")
    episode.refresh_from_db()
    assert episode.state == S.IDENTIFIED
    assert episode.eligibility_overridden_by == clinician_a
    assert episode.eligibility_override_reason == "Fall from a chair: low trauma after all."


def test_a_manager_cannot_move_episodes(episode, manager_a):
    with pytest.raises(pathway.PathwayError, match="permission"):
        pathway.accept_for_assessment(episode, by=manager_a)


def test_a_stale_object_cannot_make_a_second_move(episode, nurse_a):
    first_copy = FractureEpisode.objects.get(pk=episode.pk)
    second_copy = FractureEpisode.objects.get(pk=episode.pk)
    pathway.accept_for_assessment(first_copy, by=nurse_a)
    # The second screen still shows "identified", but the database decides.
    with pytest.raises(pathway.PathwayError, match="awaiting assessment"):
        pathway.accept_for_assessment(second_copy, by=nurse_a)
    assert episode.events.filter(transition="accept_for_assessment").count() == 1


def test_the_later_steps_react_to_each_move_in_order_and_their_follow_on_moves_never_nest(episode, nurse_a,
                                                                                          monkeypatch):
    heard, seen_by_second = [], []

    def first(moved):
        heard.append(("first", moved.transition, moved.from_state, moved.to_state, moved.by))
        # Asks for a move of its own: made after every reaction to this one has run, never inside it.
        if moved.transition == "accept_for_assessment":
            return pathway.FollowOn("mark_lost_to_follow_up", "Moved away")
        return None

    def second(moved):
        heard.append(("second", moved.transition, moved.from_state, moved.to_state, moved.by))
        seen_by_second.append(moved.episode.state)  # the follow-on move is not made yet

    monkeypatch.setattr(pathway.REACTIONS, "_registered", {"schedule follow-ups": first, "reopen follow-ups": second})
    pathway.accept_for_assessment(episode, by=nurse_a)
    assert heard == [
        ("first", "accept_for_assessment", S.IDENTIFIED, S.AWAITING_ASSESSMENT, nurse_a),
        ("second", "accept_for_assessment", S.IDENTIFIED, S.AWAITING_ASSESSMENT, nurse_a),
        ("first", "mark_lost_to_follow_up", S.AWAITING_ASSESSMENT, S.LOST_TO_FOLLOW_UP, nurse_a),
        ("second", "mark_lost_to_follow_up", S.AWAITING_ASSESSMENT, S.LOST_TO_FOLLOW_UP, nurse_a),
    ]
    assert seen_by_second == [S.AWAITING_ASSESSMENT, S.LOST_TO_FOLLOW_UP]
    assert episode.state == S.LOST_TO_FOLLOW_UP
    assert list(episode.events.order_by("id").values_list("transition", flat=True)) == [
        "identify", "accept_for_assessment", "mark_lost_to_follow_up"]


def test_a_reaction_must_be_one_the_pathway_lists(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="not one of the reactions the pathway calls"):
        pathway.react("send a postcard", lambda moved: None)


def test_only_manual_moves_can_be_made_by_name(episode, nurse_a):
    with pytest.raises(pathway.PathwayError, match="not a move"):
        pathway.apply_named(episode, "complete_assessment", by=nurse_a)
    with pytest.raises(pathway.PathwayError, match="not a move"):
        pathway.apply_named(episode, "drop_table", by=nurse_a)
