"""The fee schedule's first row: B001-34 in the 2024 fee schedule (docs/clinical-rules.md#levels-of-the-fls-management-fee),
unverified, in force from April 2022, when the fee began (the reference gives no earlier values)."""
from datetime import date

from django.db import migrations

SOURCE = ("2024 fee schedule, B001-34 二次性骨折予防継続管理料, as summarised by recenavi.net (2024, B001-34) and "
          "doctorsupportnet.jp; facility standard: wic-net.com material 3203. Not checked against the fee schedule "
          "notice itself: check against the current fee schedule before relying on it.")


def seed(apps, schema_editor):
    FeeSchedule = apps.get_model("claims", "FeeSchedule")
    FeeSchedule.objects.get_or_create(effective_from=date(2022, 4, 1), defaults=dict(
        name="2024 fee schedule", level_1_points=1000, level_2_points=750, level_3_points=500, level_3_months=12,
        addon_min_age=75, addon_within_hours=48, source=SOURCE, verified=False))


def unseed(apps, schema_editor):
    apps.get_model("claims", "FeeSchedule").objects.filter(effective_from=date(2022, 4, 1), verified=False).delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
