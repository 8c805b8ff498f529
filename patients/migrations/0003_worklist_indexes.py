"""Indexes for the nurse worklist at national scale (worklists.selectors; issue 6).

episode_worklist: the episodes on a tab, with what the tabs test, so the counts and a page of rows are read
from the index alone. It is added after assessments 0002 has filled the mirrored facts (that migration runs
before this one), so a large table is indexed once rather than rewritten through the index.

The name search (worklists.selectors._filter_q: a surname or given name starting with the words, a hospital
number in any case) compares UPPER(column): PostgreSQL answers it from expression indexes with the
pattern operator class, which finds a prefix whatever the database's collation. Django cannot declare an
operator class on an expression portably, so they are created here, on PostgreSQL only (SQLite has no such
operator classes and its test databases are small). Each covers the patient's id, and the column itself (PostgreSQL
rechecks a prefix match on the column), so the search's union of the four tests reads the indexes alone.
"""
from django.conf import settings
from django.db import migrations, models

PATIENT_SEARCH_INDEXES = {
    "patient_search_family_name": "(site_id, UPPER(family_name) text_pattern_ops) INCLUDE (id, family_name)",
    "patient_search_given_name": "(site_id, UPPER(given_name) text_pattern_ops) INCLUDE (id, given_name)",
    "patient_search_local_id": "(site_id, UPPER(local_id)) INCLUDE (id, local_id)",
}


def create_patient_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in PATIENT_SEARCH_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON patients_patient {columns}")


def drop_patient_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in PATIENT_SEARCH_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ('fls', '0002_roles'),
        ('patients', '0002_episode_worklist_facts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='fractureepisode',
            index=models.Index(condition=models.Q(('state__in', ('identified', 'awaiting_assessment', 'assessed', 'treatment_decided', 'in_follow_up', 'lost_to_follow_up'))), fields=['site', 'state', 'identified_on'], include=('id', 'patient', 'assigned_nurse', 'fracture_site', 'dxa_pending', 'decision_status'), name='episode_worklist'),
        ),
        migrations.RunPython(create_patient_search_indexes, drop_patient_search_indexes),
    ]
