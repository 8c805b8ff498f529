"""Dates as the clinic reads them on a list (11 Mar 2026; 2026年3月11日), and the dates that are plausible at all."""
import importlib
from datetime import date, datetime, timezone as dt_timezone
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS_3
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language, gettext as _, to_locale


@lru_cache(maxsize=None)
def _format_module(language: str):
    for name in (to_locale(language), to_locale(language).split("_")[0], "en"):
        try:
            return importlib.import_module(f"fls.formats.{name}.formats")
        except ImportError:
            continue
    raise ImportError("fls.formats.en.formats is missing")


def clinic_format(name: str) -> str:
    """One of the clinic's date formats (fls/formats/<language>/formats.py: DATE_FORMAT, LONG_DATE_FORMAT,
    WEEKDAY_DATE_FORMAT, SHORT_WEEKDAY_FORMAT, MONTH_DAY_TIME_FORMAT...) in the active language."""
    return getattr(_format_module(get_language() or settings.LANGUAGE_CODE), name)


def format_date(value, name: str = "DATE_FORMAT") -> str:
    """`value` (a date, or a datetime shown in the current time zone) in the active language's `name` format;
    "" for None."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, clinic_format(name))


class DayMonthYear:
    """Dates as `{{ value|date:"DATE_FORMAT" }}` writes them (11 Mar 2026; 2026年3月11日), datetimes in the
    current time zone, with the month names translated once rather than on every date."""

    def __init__(self):
        self.months = {m: str(name).title() for m, name in MONTHS_3.items()}
        self.zone = timezone.get_current_timezone()
        self.japanese = (get_language() or "").startswith("ja")

    def __call__(self, value) -> str:
        if not value:
            return ""
        if isinstance(value, datetime):
            if timezone.is_naive(value) and settings.USE_TZ:
                # Raw SQL on SQLite (worklists.statements) returns a stored UTC datetime without its zone.
                value = value.replace(tzinfo=dt_timezone.utc)
            value = value.astimezone(self.zone) if timezone.is_aware(value) else value
        if self.japanese:
            return f"{value.year}年{value.month}月{value.day}日"
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
