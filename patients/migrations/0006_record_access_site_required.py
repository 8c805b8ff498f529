"""Every record access has its patient's site (filled by 0005), and the access report reads a site's accesses,
newest first, from one index; a person's from another; all of a manager's sites from a third."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0005_record_access_fill_kind_and_site"),
    ]

    operations = [
        migrations.AlterField(
            model_name="patientrecordaccess",
            name="site",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="fls.site"),
        ),
        migrations.AddIndex(
            model_name="patientrecordaccess",
            index=models.Index(fields=["site", "-viewed_at", "-id"], name="record_access_site_time"),
        ),
        migrations.AddIndex(
            model_name="patientrecordaccess",
            index=models.Index(fields=["user", "-viewed_at", "-id"], name="record_access_user_time"),
        ),
        migrations.AddIndex(
            model_name="patientrecordaccess",
            index=models.Index(fields=["-viewed_at", "-id"], name="record_access_time"),
        ),
    ]
