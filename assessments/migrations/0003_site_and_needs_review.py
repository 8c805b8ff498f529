"""The episode's site on each blood result and treatment decision, and the mirrored needs_review flag on each
blood result, for the clinician worklist at scale (worklists.selectors; issue 6).

Added nullable here, filled by 0004 and made required by 0005, each in its own transaction: PostgreSQL checks
a new foreign key's deferred constraint at commit, and refuses to alter a table whose rows have checks pending.
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0002_fill_episode_worklist_facts'),
        ('fls', '0002_roles'),
    ]

    operations = [
        migrations.AddField(
            model_name='bloodresult',
            name='site',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AddField(
            model_name='treatmentdecision',
            name='site',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AddField(
            model_name='bloodresult',
            name='needs_review',
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
