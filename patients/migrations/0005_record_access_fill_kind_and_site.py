"""Rows written before record accesses had a kind and a site keep their meaning: a letter page's rows become
letters, every other row a view, and each row takes its patient's site (a patient never changes site)."""
from django.db import migrations
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
        ("patients", "0004_record_access_kind_and_site"),
    ]

    operations = [
        migrations.RunPython(fill_kind_and_site, migrations.RunPython.noop),
    ]
