# Dates as a Japanese clinic writes them (Django's date-format syntax); see fls/formats/en/formats.py.
DATE_FORMAT = "Y年n月j日"  # 2026年12月4日
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月4日 14:05
MONTH_DAY_FORMAT = "n月j日"  # 12月4日
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年12月
TIME_FORMAT = "H:i"
LONG_DATE_FORMAT = "Y年n月j日"  # letters too
WEEKDAY_DATE_FORMAT = "Y年n月j日 l"  # 2026年12月4日 金曜日
SHORT_WEEKDAY_FORMAT = "n月j日(D)"  # 12月4日(金)
MONTH_DAY_TIME_FORMAT = "n月j日 H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday, as Japanese calendars start the week
