"""Dates as the clinic reads them on a list: 11 Mar 2026."""
from datetime import datetime, timezone as dt_timezone

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS_3


class DayMonthYear:
    """Dates as `{{ value|date:"j M Y" }}` writes them (11 Mar 2026), datetimes in the current time zone,
    with the month names translated once rather than on every date."""

    def __init__(self):
        self.months = {m: str(name).title() for m, name in MONTHS_3.items()}
        self.zone = timezone.get_current_timezone()

    def __call__(self, value) -> str:
        if not value:
            return ""
        if isinstance(value, datetime):
            if timezone.is_naive(value) and settings.USE_TZ:
                # Raw SQL on SQLite (worklists.statements) returns a stored UTC datetime without its zone.
                value = value.replace(tzinfo=dt_timezone.utc)
            value = value.astimezone(self.zone) if timezone.is_aware(value) else value
        return f"{value.day} {self.months[value.month]} {value.year}"
