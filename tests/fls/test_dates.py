"""Dates on the lists are written as the clinic reads them (11 Mar 2026), a time on the local day."""
from datetime import datetime, timezone as dt_timezone

from django.utils import timezone

from fls.dates import DayMonthYear


def test_a_time_of_day_is_shown_on_the_local_day():
    with timezone.override("Asia/Tokyo"):
        when = DayMonthYear()
        late = datetime(2026, 3, 10, 20, 30)  # 20:30 UTC is 05:30 the next day in Tokyo
        assert when(late.replace(tzinfo=dt_timezone.utc)) == "11 Mar 2026"
        assert when(late) == "11 Mar 2026"  # as raw SQL on SQLite returns it: UTC without its zone
        assert when(late.date()) == "10 Mar 2026"  # a date is a date
        assert when(None) == ""


def test_dates_are_written_in_the_active_languages_long_format():
    from datetime import date

    from django.utils import translation

    from fls.dates import format_date

    day = date(2026, 12, 4)
    with translation.override("en-gb"):
        assert DayMonthYear()(day) == "4 Dec 2026"
        assert format_date(day) == "4 Dec 2026"
        assert format_date(day, "LONG_DATE_FORMAT") == "4 December 2026"
        assert format_date(day, "SHORT_WEEKDAY_FORMAT") == "Fri 4 Dec"
    with translation.override("ja"):
        assert DayMonthYear()(day) == "2026年12月4日"
        assert format_date(day) == "2026年12月4日"
        assert format_date(day, "LONG_DATE_FORMAT") == "2026年12月4日"
        assert format_date(day, "SHORT_WEEKDAY_FORMAT") == "12月4日(金)"
        assert format_date(day, "WEEKDAY_DATE_FORMAT") == "2026年12月4日 金曜日"
