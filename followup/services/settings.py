"""A site's follow-up settings: the schedule's windows, the failed-attempt limit and the scan time,
read (created with the defaults the first time) and changed."""
from django.db import transaction

from fls.models import Site
from fls.records import record_lock, record_save

from ..models import FollowUpSettings

SETTINGS_FIELDS = (
    "anchor", "week_4_opens", "week_4_due", "week_4_closes", "week_12_opens", "week_12_due", "week_12_closes",
    "week_52_opens", "week_52_due", "week_52_closes", "failed_attempt_limit", "scan_time",
)


def settings_for_site(site: Site) -> FollowUpSettings:
    """The site's follow-up settings, created with the defaults the first time they are needed."""
    row, _ = FollowUpSettings.objects.get_or_create(site=site)
    return row


def followup_settings_update(*, site: Site, by, expected_version: int | None, **fields) -> FollowUpSettings:
    """Change a site's schedule. Follow-ups already created keep the window they were created with."""
    settings_for_site(site)
    with transaction.atomic():
        row = record_lock(FollowUpSettings, expected_version=expected_version, site=site)
        return record_save(row, by=by, fields={name: fields[name] for name in SETTINGS_FIELDS if name in fields},
                           validate=lambda record: record.full_clean(exclude=["site"]))
