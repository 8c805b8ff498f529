"""The scan finds follow-ups not yet reminded by an anti-join on their Reminder rows instead of stamping
each follow-up; a digest records the newest notification it covered instead of marking each
notification emailed; a nurse's follow-up worklist is derived from the reminders (WorklistEntry goes:
it held nothing the reminders, the follow-up's status and the episode's nurse do not); foreign-key
indexes that a unique or composite index already leads with go, and so do the database checks of the
site columns copied from the follow-up and of a notification's follow-up and recipient (see models)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def digests_cover_what_was_emailed(apps, schema_editor):
    DigestSent = apps.get_model("followup", "DigestSent")
    Notification = apps.get_model("followup", "Notification")
    emailed = (Notification.objects.filter(emailed_at__isnull=False).values("user_id")
               .annotate(top=models.Max("id")).values_list("user_id", "top"))
    for user_id, top in emailed:
        last = DigestSent.objects.filter(user_id=user_id, sent_at__isnull=False).order_by("-digest_date").first()
        if last is not None:
            DigestSent.objects.filter(pk=last.pk).update(up_to_notification_id=top)


class Migration(migrations.Migration):

    dependencies = [
        ('fls', '0002_roles'),
        ('followup', '0001_initial'),
        ('patients', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='digestsent',
            name='up_to_notification_id',
            field=models.BigIntegerField(default=0),
        ),
        # Digests already sent covered every notification then marked emailed.
        migrations.RunPython(digests_cover_what_was_emailed, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='notification',
            options={'ordering': ['-id']},
        ),
        migrations.RemoveIndex(
            model_name='followup',
            name='fu_awaiting_due_reminder',
        ),
        migrations.RemoveIndex(
            model_name='followup',
            name='fu_awaiting_overdue_reminder',
        ),
        migrations.RemoveIndex(
            model_name='notification',
            name='followup_no_user_id_8f0ea3_idx',
        ),
        migrations.RemoveIndex(
            model_name='notification',
            name='notification_not_emailed',
        ),
        migrations.RemoveField(
            model_name='followup',
            name='due_reminded_on',
        ),
        migrations.RemoveField(
            model_name='followup',
            name='overdue_reminded_on',
        ),
        migrations.RemoveField(
            model_name='notification',
            name='emailed_at',
        ),
        migrations.AlterField(
            model_name='followup',
            name='episode',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='follow_ups', to='patients.fractureepisode'),
        ),
        migrations.AlterField(
            model_name='followup',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='follow_up',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to='followup.followup'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='user',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='followup_notifications', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='patientreminderletter',
            name='follow_up',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='letters', to='followup.followup'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='follow_up',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reminders', to='followup.followup'),
        ),
        migrations.AlterField(
            model_name='reminder',
            name='site',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AddIndex(
            model_name='followup',
            index=models.Index(condition=models.Q(('status', 'scheduled')), fields=['window_closes', 'id'], name='fu_scheduled_by_closing'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['user', 'id'], name='notification_by_user'),
        ),
        migrations.DeleteModel(
            name='WorklistEntry',
        ),
    ]
