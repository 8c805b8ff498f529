"""Dates as the clinic reads them on a list (11 Mar 2026; 2026年3月11日), and the dates that are plausible at all."""
import importlib
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
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
    """A date from a query string (YYYY-MM-DD, as links write it, or as a filter's box has it typed: 04/12/2026
    in the UK, see date_entry), None when blank; ValidationError, with a message to show, when it is not a date
    or lies outside any period the service could hold."""
    if not text or not text.strip():
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        try:
            value = date_entry().parse(text[:40])
        except ValidationError:
            raise ValidationError(
                _("“%(text)s” is not a date: use %(pattern)s.") % {"text": text[:20], "pattern": date_entry().pattern},
                code="invalid") from None
    latest = date(timezone.localdate().year + LATEST_QUERY_YEARS_AHEAD, 12, 31)
    if not EARLIEST_BIRTH <= value <= latest:
        raise ValidationError(
            _("%(date)s is outside the dates the service holds (%(start)s to %(end)s).") % {
                "date": value.isoformat(), "start": EARLIEST_BIRTH.isoformat(), "end": latest.isoformat()},
            code="out_of_range")
    return value


# --- Dates as the clinic types them (issues 18 and 20) ----------------------------------------------------
# A date is typed in the site's country's short order (04/12/2026 in the UK, 2026/12/04 in Japan, 12/04/2026 in
# the US), whatever the browser's language: a text box with the pattern beside it, never the browser's own date
# picker, whose order follows the browser (Chromium shows mm/dd/yyyy to a UK service set up in English).

# The date every message's example names: 4 December 2026 (04/12/2026 in the UK, 2026/12/04 in Japan).
EXAMPLE_DATE = date(2026, 12, 4)
_FIELDS = {"D": "DD", "M": "MM", "Y": "YYYY"}
# Separators people type between the parts (after NFKC, which makes full-width ２０２６／１２／０４ ASCII).
_SEPARATORS = re.compile(r"[\s/.\-]+")
_DIGITS = re.compile(r"\d+")

# Japanese era dates (和暦), as Japanese forms write dates of birth: 昭和16年3月9日, 昭16.3.9, S16/3/9, 平成元年1月8日.
# Each era by its name, one-kanji and one-letter abbreviations, first day and the Gregorian year of its year 1
# (the calendar's facts: Cabinet Office, 元号; the Reiwa era from 1 May 2019). An era date outside its era (昭和64年
# 2月1日: Showa ended on 7 January 1989) is refused as no such date.
JAPANESE_ERAS = (
    # (names, first day, Gregorian year of its 元年)
    (("明治", "明", "M"), date(1868, 10, 23), 1868),
    (("大正", "大", "T"), date(1912, 7, 30), 1912),
    (("昭和", "昭", "S"), date(1926, 12, 25), 1926),
    (("平成", "平", "H"), date(1989, 1, 8), 1989),
    (("令和", "令", "R"), date(2019, 5, 1), 2019),
)
_ERA_NAMES = {name: index for index, (names, _first, _year) in enumerate(JAPANESE_ERAS) for name in names}
_ERA_DATE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHR])\s*(?P<year>元|\d{1,2})\s*(?:年|[/.\-\s])\s*"
    r"(?P<month>\d{1,2})\s*(?:月|[/.\-\s])\s*(?P<day>\d{1,2})\s*日?", re.IGNORECASE)


def japanese_era_date(text: str) -> date | None:
    """The date an era date names (昭和16年3月9日, S16.3.9, 平成元年1月8日), None if `text` is not written with an era;
    ValueError for a day its era or the calendar has not. `text` is NFKC-normalised
    (which also reads the one-character era signs ㍼ ㋿ as 昭和 令和)."""
    match = _ERA_DATE.fullmatch(text)
    if match is None:
        return None
    index = _ERA_NAMES[match["era"].upper() if match["era"].isascii() else match["era"]]
    _names, first, first_year = JAPANESE_ERAS[index]
    year = first_year + (0 if match["year"] == "元" else int(match["year"]) - 1)
    try:
        day = date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        day = None
    following = JAPANESE_ERAS[index + 1][1] if index + 1 < len(JAPANESE_ERAS) else None
    if day is None or day < first or (following is not None and day >= following) or match["year"] == "0":
        raise ValueError(f"no such era date: {text[:20]}")
    return day


@dataclass(frozen=True)
class DateEntry:
    """How dates are typed in one country: the parts' `order` ("DMY", "MDY" or "YMD") and the separator shown."""

    order: str
    separator: str = "/"
    # Japan: the hint beside a date box says a Japanese era date (和暦) may be typed too (any box reads one).
    eras: bool = False

    @property
    def pattern(self) -> str:
        """What the user is shown: DD/MM/YYYY, YYYY/MM/DD, MM/DD/YYYY, YYYY-MM-DD."""
        return self.separator.join(_FIELDS[part] for part in self.order)

    def format(self, value: date) -> str:
        """`value` as it is typed here (04/12/2026)."""
        parts = {"D": f"{value.day:02d}", "M": f"{value.month:02d}", "Y": f"{value.year:04d}"}
        return self.separator.join(parts[part] for part in self.order)

    @property
    def example(self) -> str:
        return self.format(EXAMPLE_DATE)

    def error(self, code: str = "invalid") -> ValidationError:
        """The message beside a field whose text is not a date: it names the pattern and an example."""
        return ValidationError(
            _("Enter the date as %(pattern)s, for example %(example)s.")
            % {"pattern": self.pattern, "example": self.example}, code=code)

    def parse(self, text: str) -> date:
        """The date `text` names, typed in this order (one-digit days and months, separators / - . or spaces,
        full-width digits and ／; 2026年12月4日 too), as a Japanese era date (昭和16年3月9日, S16.3.9) or as YYYY-MM-DD,
        which are always understood. A two-digit
        year is refused, never guessed; so is a day the calendar has not (31/02/2026). ValidationError with the
        message to show beside the field."""
        cleaned = unicodedata.normalize("NFKC", str(text)).strip()
        try:
            era_date = japanese_era_date(cleaned)
        except ValueError:
            raise ValidationError(
                _("There is no such date as %(text)s. Enter the date as %(pattern)s, for example %(example)s.")
                % {"text": str(text).strip()[:20], "pattern": self.pattern, "example": self.example},
                code="no_such_date") from None
        if era_date is not None:
            return era_date
        cleaned = cleaned.replace("年", "/").replace("月", "/").replace("日", "").strip()
        if not cleaned:
            raise self.error()
        if cleaned.isdigit() and len(cleaned) == 8:
            # Typed without separators (a phone's number pad has none): 04122026 here, 20261204 in YMD.
            widths = {"D": 2, "M": 2, "Y": 4}
            parts, at = [], 0
            for part in self.order:
                parts.append(cleaned[at:at + widths[part]])
                at += widths[part]
            order = self.order
        else:
            parts = _SEPARATORS.split(cleaned)
            if len(parts) != 3 or not all(_DIGITS.fullmatch(part) for part in parts):
                raise self.error()
            # A four-digit first part is a year whatever the country: YYYY-MM-DD (and YYYY/MM/DD) always work.
            order = "YMD" if len(parts[0]) == 4 else self.order
        named = dict(zip(order, parts))
        year, month, day = named["Y"], named["M"], named["D"]
        if len(year) == 2 and not any(len(part) == 4 for part in parts):
            raise ValidationError(
                _("Enter the year in full (4 digits): %(pattern)s, for example %(example)s.")
                % {"pattern": self.pattern, "example": self.example}, code="two_digit_year")
        if len(year) != 4 or len(month) > 2 or len(day) > 2:
            raise self.error()
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(
                _("There is no such date as %(text)s. Enter the date as %(pattern)s, for example %(example)s.")
                % {"text": str(text).strip()[:20], "pattern": self.pattern, "example": self.example},
                code="no_such_date") from None


DAY_MONTH_YEAR = DateEntry("DMY")
ISO = DateEntry("YMD", "-")
# Site.Country codes; a country not listed types dates as ISO YYYY-MM-DD.
DATE_ENTRY_BY_COUNTRY = {
    "GB": DAY_MONTH_YEAR, "IE": DAY_MONTH_YEAR, "AU": DAY_MONTH_YEAR, "NZ": DAY_MONTH_YEAR,
    "JP": DateEntry("YMD", eras=True), "US": DateEntry("MDY"),
}

_active_entry: ContextVar[DateEntry | None] = ContextVar("fls_date_entry", default=None)


def date_entry_for(country: str | None) -> DateEntry:
    """The way dates are typed in `country` (a Site.Country code); ISO for a country without its own."""
    return DATE_ENTRY_BY_COUNTRY.get((country or "").upper(), ISO)


def activate_date_entry(country: str | None) -> DateEntry:
    """From now on in this request (thread- and task-local, as translation.activate), dates are typed as in
    `country`; an empty country means the deployment's (settings.FLS_DATE_ENTRY_COUNTRY). Called by the
    middleware for the user's sites, and by the selectors that load a record for a page (its site's country)."""
    entry = date_entry_for(country or settings.FLS_DATE_ENTRY_COUNTRY)
    _active_entry.set(entry)
    return entry


def deactivate_date_entry() -> None:
    _active_entry.set(None)


def date_entry() -> DateEntry:
    """How dates are typed now: the active country's way, else the deployment's."""
    return _active_entry.get() or date_entry_for(settings.FLS_DATE_ENTRY_COUNTRY)


class DateEntryMiddleware:
    """Each request types dates in its user's sites' country when they all share one (the session's list,
    fls.languages.SITE_COUNTRIES_KEY, kept at sign-in), else the deployment's; a page about one record
    then switches to its site's country (activate_date_entry). After sessions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .languages import SITE_COUNTRIES_KEY

        countries = request.session.get(SITE_COUNTRIES_KEY, ()) if hasattr(request, "session") else ()
        activate_date_entry(countries[0] if len(countries) == 1 else None)
        try:
            return self.get_response(request)
        finally:
            deactivate_date_entry()
