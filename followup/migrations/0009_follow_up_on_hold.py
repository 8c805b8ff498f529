"""Follow-ups on hold get a status of their own, FollowUp.Status.ON_HOLD.

Until now a follow-up waiting while its episode is lost to follow-up was CANCELLED with the sentence
OLD_ON_HOLD_NOTE as its status note, and resuming the episode looked for that sentence. Those rows become
ON_HOLD, with the note NEW_ON_HOLD_NOTE; the reverse turns them back. Their history rows are changed the
same way: the same state in its new spelling, so the history shows "On hold" where the follow-up was on
hold. Any other cancelled follow-up (its episode died, was transferred or declined) stays cancelled.
The status column has no database constraint on its values, so the new choice changes no schema.
"""
from django.db import migrations, models

# The sentences as they were written when this migration was made (followup.services.schedule may change).
OLD_ON_HOLD_NOTE = "On hold: the episode is lost to follow-up."
NEW_ON_HOLD_NOTE = "The episode is lost to follow-up."


def _models(apps):
    return apps.get_model("followup", "FollowUp"), apps.get_model("followup", "HistoricalFollowUp")


def cancelled_on_hold_to_on_hold(apps, schema_editor):
    for model in _models(apps):
        model.objects.filter(status="cancelled", status_note=OLD_ON_HOLD_NOTE).update(
            status="on_hold", status_note=NEW_ON_HOLD_NOTE)


def on_hold_to_cancelled_on_hold(apps, schema_editor):
    for model in _models(apps):
        model.objects.filter(status="on_hold").update(status="cancelled", status_note=OLD_ON_HOLD_NOTE)


STATUS = models.CharField(choices=[
    ("scheduled", "Scheduled"), ("completed", "Contact made"), ("lost", "Lost to follow-up"),
    ("missed", "Missed (a later contact was made)"), ("on_hold", "On hold"), ("cancelled", "Cancelled"),
], default="scheduled", max_length=10)


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0008_plausible_dates"),
    ]

    operations = [
        migrations.AlterField(model_name="followup", name="status", field=STATUS),
        migrations.AlterField(model_name="historicalfollowup", name="status", field=STATUS),
        migrations.RunPython(cancelled_on_hold_to_on_hold, on_hold_to_cancelled_on_hold),
    ]
