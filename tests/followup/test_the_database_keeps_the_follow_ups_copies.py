"""The database keeps each follow-up's copies of its episode's patient and nurse in step (the trigger of
followup migration 0006), however the episode is changed: a save, a queryset update, raw SQL. An update that
changes neither writes no follow-up."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from followup.models import FollowUp
from patients import services as patient_services
from patients.models import FractureEpisode
from tests.factories import PatientFactory
from worklists import selectors

from .conftest import copies

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("followup.migrations.0006_follow_ups_copies_kept_by_the_database")
EPISODES, FOLLOW_UPS = FractureEpisode._meta.db_table, FollowUp._meta.db_table


@pytest.fixture
def episode(episode_in_week_5):
    return episode_in_week_5


@pytest.fixture
def follow_ups_written():
    """`follow_ups_written(change)`: how many follow-up rows the database wrote while `change()` ran.

    PostgreSQL counts the rows each table's updates wrote in this transaction; on SQLite a temporary trigger
    (gone with the test's transaction) counts them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            count = "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = %s", [FOLLOW_UPS]
        else:
            cursor.execute("CREATE TEMP TABLE follow_up_writes (follow_up_id integer)")
            cursor.execute(f"CREATE TEMP TRIGGER follow_up_written AFTER UPDATE ON main.{FOLLOW_UPS} "
                           f"BEGIN INSERT INTO follow_up_writes VALUES (NEW.id); END")
            count = "SELECT COUNT(*) FROM follow_up_writes", []

    def written():
        with connection.cursor() as cursor:
            cursor.execute(*count)
            return cursor.fetchone()[0]

    def measure(change) -> int:
        before = written()
        change()
        return written() - before

    return measure


def _raw_update(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_queryset_update_of_the_nurse_reaches_the_follow_ups(episode, nurse_a, nurse_c, follow_ups_written):
    written = follow_ups_written(lambda: FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=nurse_c))

    assert written == 3
    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}
    mine = selectors.Filters(nurse="mine")
    assert (selectors.tab_counts(nurse_a, mine)["due"], selectors.tab_counts(nurse_c, mine)["due"]) == (0, 1)


def test_unassigning_and_assigning_again_by_queryset_update_are_followed(episode, nurse_c):
    FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=None)
    assert copies(episode) == {(episode.patient_id, None)}

    FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=nurse_c)
    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}


def test_a_queryset_update_of_the_patient_reaches_the_follow_ups(episode, site_a, nurse_a):
    other = PatientFactory(site=site_a)

    FractureEpisode.objects.filter(pk=episode.pk).update(patient=other)

    assert copies(episode) == {(other.pk, nurse_a.pk)}


def test_a_raw_sql_update_reaches_the_follow_ups(episode, site_a, nurse_c):
    other = PatientFactory(site=site_a)

    _raw_update(f"UPDATE {EPISODES} SET assigned_nurse_id = %s, patient_id = %s WHERE id = %s",
                [nurse_c.pk, other.pk, episode.pk])

    assert copies(episode) == {(other.pk, nurse_c.pk)}


def test_only_the_episodes_own_follow_ups_are_rewritten(episode, make_in_follow_up, nurse_a, nurse_c):
    untouched = make_in_follow_up(fracture_date=episode.fracture_date)

    FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=nurse_c)

    assert copies(untouched) == {(untouched.patient_id, nurse_a.pk)}


def test_an_update_that_keeps_the_nurse_and_patient_writes_no_follow_up(episode, nurse_a, follow_ups_written):
    the_episode = FractureEpisode.objects.filter(pk=episode.pk)
    same_nurse = follow_ups_written(lambda: the_episode.update(assigned_nurse=nurse_a))
    other_columns = follow_ups_written(lambda: the_episode.update(dxa_pending=True))
    raw = follow_ups_written(lambda: _raw_update(
        f"UPDATE {EPISODES} SET assigned_nurse_id = assigned_nurse_id, patient_id = patient_id WHERE id = %s",
        [episode.pk]))

    assert (same_nurse, other_columns, raw) == (0, 0, 0)


def test_a_save_that_keeps_the_nurse_writes_no_follow_up_and_a_reassignment_writes_each_once(
    episode, nurse_a, nurse_c, follow_ups_written
):
    kept = follow_ups_written(lambda: patient_services.episode_assign(episode=episode, nurse=nurse_a, by=nurse_a))
    moved = follow_ups_written(lambda: patient_services.episode_assign(episode=episode, nurse=nurse_c, by=nurse_a))

    assert (kept, moved) == (0, 3)
    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}


def _schema_editor():
    # What the migration's functions use of a schema editor. (SQLite's own refuses to open inside the
    # test's transaction.)
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)
    return SimpleNamespace(connection=connection, execute=execute)


def test_the_migration_brings_stale_copies_up_to_date_and_its_reverse_drops_the_trigger(episode, nurse_a, nurse_c):
    MIGRATION.drop_trigger(apps, _schema_editor())
    FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=nurse_c)
    assert copies(episode) == {(episode.patient_id, nurse_a.pk)}  # no trigger: stale, as before it

    MIGRATION.create_trigger(apps, _schema_editor())
    assert copies(episode) == {(episode.patient_id, nurse_c.pk)}
    FractureEpisode.objects.filter(pk=episode.pk).update(assigned_nurse=None)
    assert copies(episode) == {(episode.patient_id, None)}
