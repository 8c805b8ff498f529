"""Date filters for the formats Django has no name for, in the active language (fls/formats/):

    {{ letter.sent_on|long_date }}        4 December 2026   2026年12月4日
    {{ day|weekday_date }}                Friday 4 December 2026   2026年12月4日 金曜日
    {{ day|short_weekday }}               Fri 4 Dec   12月4日(金)
    {{ when|month_day_time }}             4 Dec 14:05   12月4日 14:05

The ones Django names are written `{{ value|date:"DATE_FORMAT" }}` (4 Dec 2026), "DATETIME_FORMAT" and
"MONTH_DAY_FORMAT".

A date filter's box, typed in the order dates are typed here (fls.dates.date_entry; fls.date_input):

    {% date_input "from" scope.date_from id="id_from" class="form-control" %}
"""
from django import template

from fls.date_input import ClinicDateInput
from fls.dates import date_entry, format_date

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


@register.simple_tag
def date_input(name, value, **attrs):
    """A query-string filter's date box (fls.date_input.ClinicDateInput): the pattern as its placeholder and
    title, the value in the order dates are typed here."""
    widget = ClinicDateInput(attrs)
    widget.attrs.setdefault("title", date_entry().pattern)
    return widget.render(name, value)
