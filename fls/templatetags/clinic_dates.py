"""Date filters for the formats Django has no name for, in the active language (fls/formats/):

    {{ letter.sent_on|long_date }}        4 December 2026   2026年12月4日
    {{ day|weekday_date }}                Friday 4 December 2026   2026年12月4日 金曜日
    {{ day|short_weekday }}               Fri 4 Dec   12月4日(金)
    {{ when|month_day_time }}             4 Dec 14:05   12月4日 14:05

The ones Django names are written `{{ value|date:"DATE_FORMAT" }}` (4 Dec 2026), "DATETIME_FORMAT" and
"MONTH_DAY_FORMAT".
"""
from django import template

from fls.dates import format_date

register = template.Library()


@register.filter
def long_date(value):
    return format_date(value, "LONG_DATE_FORMAT")


@register.filter
def weekday_date(value):
    return format_date(value, "WEEKDAY_DATE_FORMAT")


@register.filter
def short_weekday(value):
    return format_date(value, "SHORT_WEEKDAY_FORMAT")


@register.filter
def month_day_time(value):
    return format_date(value, "MONTH_DAY_TIME_FORMAT")
