# The worklists' read model (worklists migration 0003) replaces the follow-ups' copies of their episode's patient
# and nurse, and the trigger that kept them in step (0006). The trigger goes first, before any migration
# rebuilds the episode or follow-up table (SQLite) or drops the copied columns (0011). Reversed, it comes back
# with the copies brought up to date.
import importlib

from django.db import migrations

_0006 = importlib.import_module("followup.migrations.0006_follow_ups_copies_kept_by_the_database")


class Migration(migrations.Migration):

    dependencies = [
        ("followup", "0009_follow_up_on_hold"),
    ]

    operations = [migrations.RunPython(_0006.drop_trigger, _0006.create_trigger)]
