"""A follow-up carries its episode's patient and nurse (FollowUp.patient, FollowUp.assigned_nurse), so the nurse
worklist can count and page due and overdue follow-ups from their own index. The copies are taken when the
follow-ups are scheduled, and the nurse follows every reassignment: the database keeps them in step, however
the episode is changed (test_the_database_keeps_the_follow_ups_copies.py)."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from followup.models import FollowUp
from patients import services as patient_services
from worklists import selectors

from .conftest import copies

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(episode_in_week_5):
    return episode_in_week_5


def test_scheduled_follow_ups_carry_the_patient_and_the_nurse(episode, nurse_a):
    assert FollowUp.objects.filter(episode=episode).count() == 3
    assert copies(episode) == {(episode.patient_id, nurse_a.pk)}


def test_a_reassignment_moves_the_follow_ups_and_the_mine_counts(episode, nurse_a, nurse_c):
    mine = selectors.Filters(nurse="mine")
    assert selectors.tab_counts(nurse_a, mine)["due"] == 1

    patient_services.episode_assign(episode=episode, nurse=nurse_c, by=nurse_a)

    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}
    assert selectors.tab_counts(nurse_a, mine)["due"] == 0
    assert selectors.tab_counts(nurse_c, mine)["due"] == 1
    assert [e.pk for e in selectors.tab_rows(nurse_c, "due", mine)] == [episode.pk]


def test_unassigning_and_editing_the_episode_are_followed_too(episode, nurse_a, nurse_c):
    patient_services.episode_assign(episode=episode, nurse=None, by=nurse_a)
    assert copies(episode) == {(episode.patient_id, None)}
    assert selectors.tab_counts(nurse_a, selectors.Filters(nurse="none"))["due"] == 1

    episode.refresh_from_db()
    patient_services.episode_update(episode=episode, by=nurse_a, expected_version=episode.version,
                                    assigned_nurse=nurse_c)
    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}


def test_the_migration_copies_onto_existing_follow_ups(episode, nurse_a):
    FollowUp.objects.filter(episode=episode).update(assigned_nurse=None)
    migration = importlib.import_module("followup.migrations.0005_follow_up_copies_patient_and_nurse")
    # All the migration's function uses of a schema editor (SQLite's own refuses to open inside the test's transaction).
    migration.copy_from_episodes(apps, SimpleNamespace(connection=connection))
    assert copies(episode) == {(episode.patient_id, nurse_a.pk)}
