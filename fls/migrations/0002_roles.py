"""Create the four role groups. Their permissions are kept in step by fls.roles after each migrate."""
from django.db import migrations

ROLES = ("Liaison nurse", "Clinician", "Manager", "Administrator")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("fls", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
