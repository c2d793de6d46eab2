"""English dates in one format everywhere, pages, messages and mails: "4 December 2026",
"4 December 2026, 14:30", and in tables "4 Dec 2026, 14:30" (a 24-hour clock: no "a.m." to
end a sentence with two full stops)."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
