# Mongolian as Mongolia writes it (CLDR "mn"): year first, 24-hour clock; Django's own "mn"
# formats are day-first with a 12-hour clock and no number separators.
DATE_FORMAT = "Y.m.d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y.m.d H:i"
YEAR_MONTH_FORMAT = "Y.m"
MONTH_DAY_FORMAT = "m.d"
SHORT_DATE_FORMAT = "Y.m.d"
SHORT_DATETIME_FORMAT = "Y.m.d H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
