# The follow-up carries its episode's patient and nurse (FollowUp.patient, FollowUp.assigned_nurse), in the
# index the nurse worklist counts due and overdue from, so "mine" and a search read the follow-ups alone.
from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def copy_from_episodes(apps, schema_editor):
    FollowUp = apps.get_model("followup", "FollowUp")
    FractureEpisode = apps.get_model("patients", "FractureEpisode")
    follow_ups, episodes = FollowUp._meta.db_table, FractureEpisode._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        # One statement on PostgreSQL and SQLite alike (both know UPDATE … FROM).
        cursor.execute(f"UPDATE {follow_ups} SET patient_id = e.patient_id, assigned_nurse_id = e.assigned_nurse_id "
                       f"FROM {episodes} e WHERE e.id = {follow_ups}.episode_id")


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0004_drop_lost_by_site_index"),
        ("patients", "0003_worklist_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="patient",
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to="patients.patient"),
        ),
        migrations.AddField(
            model_name="followup",
            name="assigned_nurse",
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(copy_from_episodes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="followup",
            name="patient",
            field=models.ForeignKey(db_constraint=False, db_index=False,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                    to="patients.patient"),
        ),
        migrations.RemoveIndex(model_name="followup", name="fu_scheduled_by_opening"),
        migrations.AddIndex(
            model_name="followup",
            index=models.Index(condition=models.Q(("status", "scheduled")), fields=["site", "window_opens", "window_closes"],
                               include=["episode", "assigned_nurse", "patient"], name="fu_scheduled_by_opening"),
        ),
    ]
