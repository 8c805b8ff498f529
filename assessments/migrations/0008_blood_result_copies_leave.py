# The worklists' read model (worklists migration 0003) lists the blood results to review; the results' copies of
# their episode's site and the needs_review flag go. Reversed, they come back filled from the records (0004's rule).
import importlib

import django.db.models.deletion
from django.db import migrations, models


def copies_back(apps, schema_editor):
    importlib.import_module("assessments.migrations.0004_fill_site_and_needs_review").fill(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0007_plausible_dates'),
        ('fls', '0003_site_nurses_require_two_factor'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='bloodresult',
            name='blood_needs_review',
        ),
        # Nullable first, so the reverse can add the column to existing rows and fill it before requiring it.
        migrations.AlterField(
            model_name='bloodresult',
            name='site',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name='+', to='fls.site'),
        ),
        migrations.RunPython(migrations.RunPython.noop, copies_back),
        migrations.RemoveField(
            model_name='bloodresult',
            name='needs_review',
        ),
        migrations.RemoveField(
            model_name='bloodresult',
            name='site',
        ),
    ]
