"""The sites 0004 filled are required from now on; and the indexes the clinician worklist reads, built once on
the filled columns: one site's decisions awaiting sign-off and its blood results to review, oldest first."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0004_fill_site_and_needs_review'),
        ('fls', '0002_roles'),
    ]

    operations = [
        migrations.AlterField(
            model_name='bloodresult',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AlterField(
            model_name='treatmentdecision',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='fls.site'),
        ),
        migrations.AddIndex(
            model_name='bloodresult',
            index=models.Index(condition=models.Q(('needs_review', True)), fields=['site', 'recorded_at', 'id'], name='blood_needs_review'),
        ),
        migrations.AddIndex(
            model_name='treatmentdecision',
            index=models.Index(condition=models.Q(('signed_off_at__isnull', True)), fields=['site', 'drafted_at', 'id'], name='decision_awaiting_signoff'),
        ),
    ]
