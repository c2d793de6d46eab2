"""English dates in one format everywhere, pages, tables, messages and mails: "4 Dec 2026",
"4 Dec 2026, 14:30" (a 24-hour clock: no "a.m." to end a sentence with two full stops)."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
