"""The worklists' read model holds each scheduled follow-up with its episode's patient and nurse
(WorklistFollowUp), so the nurse worklist counts and pages due and overdue follow-ups from their own index. They
are there as soon as the follow-ups are scheduled, and the nurse follows every reassignment and edit."""
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


def test_the_migration_that_makes_the_read_model_fills_it_from_existing_follow_ups(episode, nurse_a):
    from worklists.models import WorklistFollowUp

    WorklistFollowUp.objects.all().delete()
    migration = importlib.import_module("worklists.migrations.0003_worklist_read_model")
    # The step reads only the schema editor's connection (SQLite's refuses to open inside the test's transaction).
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert copies(episode) == {(episode.patient_id, nurse_a.pk)}
