# Lost to follow-up is read from the episode's state (worklists.selectors.tab_condition), not the follow-ups.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('followup', '0003_worklist_count_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='followup',
            name='fu_lost_by_site',
        ),
    ]
