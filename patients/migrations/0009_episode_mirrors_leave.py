# The worklists' read model (worklists migration 0003) holds what these copies of the assessment's and the
# decision's facts held. Reversed, the columns come back filled from the records (assessments 0002's rule).
import importlib

from django.db import migrations


def facts_back(apps, schema_editor):
    importlib.import_module("assessments.migrations.0002_fill_episode_worklist_facts").fill(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('patients', '0008_text_and_date_limits'),
        # followup's trigger on this table goes first: on SQLite, rebuilding the table would fail on it.
        ('followup', '0010_drop_the_follow_ups_copies_trigger'),
        # Reversed, this comes back before assessments 0008 does, whose reverse reads decision_status.
        ('assessments', '0008_blood_result_copies_leave'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='fractureepisode',
            name='episode_worklist',
        ),
        migrations.RunPython(migrations.RunPython.noop, facts_back),
        migrations.RemoveField(
            model_name='fractureepisode',
            name='decision_status',
        ),
        migrations.RemoveField(
            model_name='fractureepisode',
            name='dxa_pending',
        ),
    ]
