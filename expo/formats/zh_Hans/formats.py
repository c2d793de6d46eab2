# Simplified Chinese: Django's formats ("2026年12月4日", "2026年12月4日 14:00" in text and in
# tables alike, a 24-hour clock, numbers without a thousands separator), except the month and
# day, which Chinese writes without a leading zero: "4月1日", not "04月1日".
MONTH_DAY_FORMAT = "n月j日"
