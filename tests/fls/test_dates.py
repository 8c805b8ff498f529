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
