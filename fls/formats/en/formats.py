# Dates as an English-speaking clinic writes them (Django's date-format syntax), for every English variant.
# The names Django knows are used by `{{ value|date:"DATE_FORMAT" }}`; the LONG_/WEEKDAY_ ones by fls.dates.
DATE_FORMAT = "j M Y"  # 4 Dec 2026
DATETIME_FORMAT = "j M Y H:i"  # 4 Dec 2026 14:05
MONTH_DAY_FORMAT = "j M"  # 4 Dec
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
TIME_FORMAT = "H:i"
LONG_DATE_FORMAT = "j F Y"  # 4 December 2026: letters
WEEKDAY_DATE_FORMAT = "l j F Y"  # Friday 4 December 2026
SHORT_WEEKDAY_FORMAT = "D j M"  # Fri 4 Dec
MONTH_DAY_TIME_FORMAT = "j M H:i"  # 4 Dec 14:05
FIRST_DAY_OF_WEEK = 1  # Monday
