"""followup 0009 gives follow-ups on hold their own status: a database written before it (on hold as
CANCELLED plus the on-hold sentence as the status note) comes out with ON_HOLD, history rows too, and
follow-ups cancelled for any other reason stay cancelled. Migrating back writes the old spelling again."""
import importlib
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from followup.models import FollowUp
from patients import pathway

from .conftest import contact, follow_up

BEFORE = ("followup", "0008_plausible_dates")
MIGRATION = importlib.import_module("followup.migrations.0009_follow_up_on_hold")
FRACTURE = date(2026, 1, 5)


def _migrate(target=None):
    executor = MigrationExecutor(connection)
    executor.migrate([target] if target else executor.loader.graph.leaf_nodes())


def _status(follow_up_):
    return FollowUp.objects.filter(pk=follow_up_.pk).values_list("status", "status_note").get()


def _history(follow_up_):
    return set(FollowUp.history.filter(id=follow_up_.pk).values_list("status", "status_note"))


@pytest.fixture
def episodes(make_in_follow_up, nurse_a):
    """One episode lost to follow-up (its 12- and 52-week follow-ups on hold) and one transferred (cancelled)."""
    with time_machine.travel("2026-02-02 10:00 +00:00", tick=False):
        lost = make_in_follow_up(fracture_date=FRACTURE)
        for day in (27, 28, 29):
            contact(follow_up(lost, "week_4"), nurse_a, reached=False, contacted_on=date(2026, 1, day))
        transferred = make_in_follow_up(fracture_date=FRACTURE)
        pathway.transfer(transferred, by=nurse_a, reason="Moved away.")
    # A history row of a follow-up on hold (a save while it waited, as the admin's would make).
    week_12 = follow_up(lost, "week_12")
    week_12._history_user = nurse_a
    week_12.save()
    return lost, transferred


@pytest.mark.django_db(transaction=True)
def test_migrating_back_and_forth_keeps_on_hold_and_cancelled_apart_and_the_lost_episode_resumes(episodes, nurse_a):
    """One trip back and forth (each costs about a minute: every later migration is unapplied and applied again)."""
    lost, transferred = episodes
    week_12, week_52, moved = follow_up(lost, "week_12"), follow_up(lost, "week_52"), follow_up(transferred, "week_4")
    cancelled = _status(moved)
    assert cancelled == ("cancelled", "Cancelled: the episode is transferred.")

    _migrate(BEFORE)
    try:
        old_spelling = ("cancelled", MIGRATION.OLD_ON_HOLD_NOTE)
        assert (_status(week_12), _status(week_52), _status(moved)) == (old_spelling, old_spelling, cancelled)
        assert old_spelling in _history(week_12)
        # The old code's resume looked for the sentence; rows it wrote are what the migration must find.
        assert set(FollowUp.objects.filter(episode=lost).values_list("status", flat=True)) == {"lost", "cancelled"}
    finally:
        _migrate()

    on_hold = (FollowUp.Status.ON_HOLD, MIGRATION.NEW_ON_HOLD_NOTE)
    assert (_status(week_12), _status(week_52), _status(moved)) == (on_hold, on_hold, cancelled)
    assert on_hold in _history(week_12) and old_spelling not in _history(week_12)
    assert _history(moved) == {("scheduled", "")}

    # An episode on hold before the migration resumes after it.
    pathway.resume_follow_up(lost, by=nurse_a, reason="The patient rang back.")
    assert set(FollowUp.objects.filter(episode=lost).values_list("status", flat=True)) == {"scheduled"}
    assert set(FollowUp.objects.filter(episode=transferred).values_list("status", flat=True)) == {"cancelled"}
