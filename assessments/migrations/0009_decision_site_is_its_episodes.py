from django.db import migrations

from fls.migration_operations import SameSiteAsEpisode


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_blood_result_copies_leave"),
        ("patients", "0010_episode_with_its_site"),
    ]

    operations = [SameSiteAsEpisode("treatmentdecision", name="decision_site_is_its_episodes")]
