"""Dates as the clinic reads them on a list (11 Mar 2026), and the dates that are plausible at all."""
from datetime import date, datetime, timezone as dt_timezone

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


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


# --- Plausible dates (issue 14: a blood result dated 0001-01-01 was accepted; ?to=0001-01-01 was a 500) ----

# No patient the service sees was born before this.
EARLIEST_BIRTH = date(1900, 1, 1)
# DXA came into clinical use in the late 1980s and the fracture liaison model in 1999: no fracture, scan,
# blood result, contact or letter the service records is older than this.
EARLIEST_CLINICAL = date(1980, 1, 1)
# A period asked for in a query string (the audit's, a worklist filter): any later is a typing mistake.
LATEST_QUERY_YEARS_AHEAD = 10


@deconstructible
class PlausibleDate:
    """A date no earlier than `earliest` ("birth": 1900; "clinical": 1980): one validator for the models, the
    forms and the imports, so the message is the same beside every field. A date in the future is refused by
    each date's own rule, which names the date ("The fracture date cannot be in the future.")."""

    def __init__(self, earliest: str = "clinical"):
        self.earliest = earliest

    def __call__(self, value):
        floor = EARLIEST_BIRTH if self.earliest == "birth" else EARLIEST_CLINICAL
        if value is not None and value < floor:
            raise ValidationError(_("Enter a date on or after %(earliest)s.") % {"earliest": DayMonthYear()(floor)},
                                  code="too_early")

    def __eq__(self, other):
        return isinstance(other, PlausibleDate) and other.earliest == self.earliest


def query_date(text: str | None) -> date | None:
    """A date from a query string (YYYY-MM-DD), None when blank; ValidationError, with a message to show, when
    it is not a date or lies outside any period the service could hold."""
    if not text:
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("“%(text)s” is not a date: use YYYY-MM-DD.") % {"text": text[:20]},
                              code="invalid") from None
    latest = date(timezone.localdate().year + LATEST_QUERY_YEARS_AHEAD, 12, 31)
    if not EARLIEST_BIRTH <= value <= latest:
        raise ValidationError(
            _("%(date)s is outside the dates the service holds (%(start)s to %(end)s).") % {
                "date": value.isoformat(), "start": EARLIEST_BIRTH.isoformat(), "end": latest.isoformat()},
            code="out_of_range")
    return value
