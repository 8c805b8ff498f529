"""Record accesses say how the record was met (kind) and carry the patient's site, for the access report (issue 14).

Three steps, each its own migration (its own transaction): this one adds the columns, the site still optional;
0005 fills them for rows written before; 0006 makes the site required and adds the report's indexes. PostgreSQL
refuses to alter or index a table in the transaction that updated its rows' deferred foreign keys.
"""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fls", "0002_roles"),
        ("patients", "0003_worklist_indexes"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="patientrecordaccess",
            options={"ordering": ["-viewed_at", "-id"], "verbose_name": "patient record access",
                     "verbose_name_plural": "patient record accesses"},
        ),
        migrations.AddField(
            model_name="patientrecordaccess",
            name="kind",
            field=models.CharField(choices=[("view", "Viewed"), ("export", "Exported"), ("letter", "Letter opened"),
                                            ("print", "Printed or downloaded")], default="view", max_length=10),
        ),
        migrations.AddField(
            model_name="patientrecordaccess",
            name="site",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="fls.site"),
        ),
        migrations.AlterField(
            model_name="patientrecordaccess",
            name="page",
            field=models.CharField(help_text="Which page or export: patient, episode, letter, audit dataset…",
                                   max_length=40),
        ),
    ]
