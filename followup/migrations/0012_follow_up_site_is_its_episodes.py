from django.db import migrations

from fls.migration_operations import SameSiteAsEpisode


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0011_follow_ups_copies_leave"),
        ("patients", "0010_episode_with_its_site"),
    ]

    operations = [SameSiteAsEpisode("followup", name="follow_up_site_is_its_episodes")]
