"""The committee reports monthly: a period is the first day of its month."""

import datetime

from django.conf import settings
from django.utils import timezone


def period_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def period_deadline(period: datetime.date) -> datetime.date:
    return period.replace(day=settings.COMMITTEE_REPORT_DUE_DAY)


def current_period() -> datetime.date:
    return period_of(timezone.localdate())
