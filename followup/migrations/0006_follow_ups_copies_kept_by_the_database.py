# The database keeps each follow-up's copies of its episode's patient and nurse (FollowUp.patient,
# FollowUp.assigned_nurse, from 0005): a trigger on the episode table rewrites them whenever an UPDATE changes
# either, whoever runs it (a save, a queryset update, the admin, raw SQL). Until now a post_save signal
# kept them, which a queryset update or raw SQL passed by, leaving the copies stale.
#
# Only the update is the trigger's. A follow-up takes its copies when it is inserted, from its writer:
# FollowUp.save() and the bulk loaders copy them from the episode in the same transaction, and the app
# schedules follow-ups under the episode's row lock (patients.pathway), so no reassignment commits in
# between. A BEFORE INSERT trigger filling them would cost every insert an episode lookup (measured at
# 5.5 µs a row on PostgreSQL, half as much again as the insert itself: ~13 s more for the generator's 2.3M
# follow-ups; BENCHMARKS.md), and SQLite's triggers cannot set NEW, so it would be a second mechanism there.
#
# SQLite: Django rebuilds a table (create, copy, drop, rename) for most changes of a column or a check
# constraint. Rebuilding the episode table drops this trigger silently, and rebuilding the follow-up table
# fails ("error in trigger followup_follows_episode"). A migration that rebuilds either must drop the
# trigger first and create it again after, with the statements below.
from django.db import migrations

TRIGGER = "followup_follows_episode"


def _tables(apps):
    return (apps.get_model("patients", "FractureEpisode")._meta.db_table,
            apps.get_model("followup", "FollowUp")._meta.db_table)


def create_trigger(apps, schema_editor):
    episodes, follow_ups = _tables(apps)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [
            f"""CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE {follow_ups} SET patient_id = NEW.patient_id, assigned_nurse_id = NEW.assigned_nurse_id
                    WHERE episode_id = NEW.id AND (patient_id IS DISTINCT FROM NEW.patient_id
                                                   OR assigned_nurse_id IS DISTINCT FROM NEW.assigned_nurse_id);
                    RETURN NULL;
                END $$""",
            # CREATE TRIGGER holds off writes to the episodes until this migration commits, so no reassignment
            # falls between the trigger and the catch-up below.
            f"""CREATE TRIGGER {TRIGGER} AFTER UPDATE OF patient_id, assigned_nurse_id ON {episodes}
                FOR EACH ROW WHEN (OLD.patient_id IS DISTINCT FROM NEW.patient_id
                                   OR OLD.assigned_nurse_id IS DISTINCT FROM NEW.assigned_nurse_id)
                EXECUTE FUNCTION {TRIGGER}()""",
        ]
    elif vendor == "sqlite":
        # IS NOT is SQLite's IS DISTINCT FROM (which it only learnt in 3.39).
        statements = [
            f"""CREATE TRIGGER {TRIGGER} AFTER UPDATE OF patient_id, assigned_nurse_id ON {episodes}
                FOR EACH ROW WHEN OLD.patient_id IS NOT NEW.patient_id
                                  OR OLD.assigned_nurse_id IS NOT NEW.assigned_nurse_id
                BEGIN
                    UPDATE {follow_ups} SET patient_id = NEW.patient_id, assigned_nurse_id = NEW.assigned_nurse_id
                    WHERE episode_id = NEW.id AND (patient_id IS NOT NEW.patient_id
                                                   OR assigned_nurse_id IS NOT NEW.assigned_nurse_id);
                END""",
        ]
    else:
        raise NotImplementedError(f"FLS Tracker runs on PostgreSQL or SQLite, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement)
    bring_copies_up_to_date(apps, schema_editor)


def bring_copies_up_to_date(apps, schema_editor):
    """The copies a queryset update or raw SQL left stale before the trigger, rewriting no other row."""
    episodes, follow_ups = _tables(apps)
    differs = "IS DISTINCT FROM" if schema_editor.connection.vendor == "postgresql" else "IS NOT"
    with schema_editor.connection.cursor() as cursor:
        # UPDATE … FROM: PostgreSQL and SQLite (3.33+) alike.
        cursor.execute(
            f"UPDATE {follow_ups} SET patient_id = e.patient_id, assigned_nurse_id = e.assigned_nurse_id "
            f"FROM {episodes} e WHERE e.id = {follow_ups}.episode_id "
            f"AND ({follow_ups}.patient_id {differs} e.patient_id "
            f"OR {follow_ups}.assigned_nurse_id {differs} e.assigned_nurse_id)"
        )


def drop_trigger(apps, schema_editor):
    episodes, _ = _tables(apps)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}" + (
        f" ON {episodes}" if schema_editor.connection.vendor == "postgresql" else ""))
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {TRIGGER}()")


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0005_follow_up_copies_patient_and_nurse"),
        ("patients", "0003_worklist_indexes"),
    ]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
