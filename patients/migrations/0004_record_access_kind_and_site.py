"""Record accesses say how the record was met (kind) and carry the patient's site, for the access report (issue 14).

Rows written before this keep their meaning: a letter page's rows become letters, every other row a view, and
each row takes its patient's site. The site is filled here, while it may still be empty, and made required by
0005: PostgreSQL refuses to alter a table in the same transaction as the rows' deferred foreign-key checks.
"""
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

OLD_LETTER_PAGES = ["letter", "reminder letter"]


def fill_kind_and_site(apps, schema_editor):
    access = apps.get_model("patients", "PatientRecordAccess")
    patient = apps.get_model("patients", "Patient")
    access.objects.filter(page__in=OLD_LETTER_PAGES).update(kind="letter")
    access.objects.filter(site__isnull=True).update(
        site_id=Subquery(patient.objects.filter(pk=OuterRef("patient_id")).values("site_id")[:1])
    )


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
        migrations.RunPython(fill_kind_and_site, migrations.RunPython.noop),
    ]
