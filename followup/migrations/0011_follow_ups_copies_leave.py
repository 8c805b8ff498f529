# The worklists' read model (worklists migration 0003) carries each scheduled follow-up's patient and nurse; the
# follow-ups' own copies go. Reversed, they come back filled from the episodes (then 0010's reverse re-creates the
# trigger that kept them).
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copies_back(apps, schema_editor):
    FollowUp = apps.get_model("followup", "FollowUp")
    FractureEpisode = apps.get_model("patients", "FractureEpisode")
    db = schema_editor.connection.alias
    episode = FractureEpisode.objects.using(db).filter(pk=OuterRef("episode_id"))
    FollowUp.objects.using(db).update(patient_id=Subquery(episode.values("patient_id")[:1]),
                                      assigned_nurse_id=Subquery(episode.values("assigned_nurse_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0010_drop_the_follow_ups_copies_trigger'),
        ('patients', '0008_text_and_date_limits'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='followup',
            name='fu_scheduled_by_opening',
        ),
        # Nullable first, so the reverse can add the column to existing rows and fill it before requiring it.
        migrations.AlterField(
            model_name='followup',
            name='patient',
            field=models.ForeignKey(db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING, related_name='+',
                                    to='patients.patient'),
        ),
        migrations.RunPython(migrations.RunPython.noop, copies_back),
        migrations.RemoveField(
            model_name='followup',
            name='assigned_nurse',
        ),
        migrations.RemoveField(
            model_name='followup',
            name='patient',
        ),
    ]
