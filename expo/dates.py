"""Dates people may type: the range the product works in, for forms, models and the admin.

Python's dates end at 9999-12-31 and the local time zone (Asia/Shanghai, UTC+8) pushes the
first and last days over the edges: a day of year 9999 or year 1 that reaches a query or a
``+ timedelta(days=1)`` ends in an OverflowError (a 500). No expo, report or birth happens
outside these bounds."""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


class BoundedDateField(forms.DateField):
    """A DateField that refuses days outside EARLIEST_DATE..LATEST_DATE with a message."""

    def __init__(self, *, earliest: datetime.date = EARLIEST_DATE, latest: datetime.date = LATEST_DATE, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            MinValueValidator(earliest, message=gettext_lazy("Enter a date on or after %(limit_value)s."))
        )
        self.validators.append(
            MaxValueValidator(latest, message=gettext_lazy("Enter a date on or before %(limit_value)s."))
        )


def validate_birth_date(value: datetime.date) -> None:
    """A date of birth is on or after 1900-01-01 and before today."""
    if value < EARLIEST_DATE:
        raise ValidationError(
            gettext_lazy("A date of birth before %(date)s is not possible."),
            code="birth_date_too_early",
            params={"date": EARLIEST_DATE.isoformat()},
        )
    if value >= timezone.localdate():
        raise ValidationError(gettext_lazy("A date of birth is in the past."), code="birth_date_not_past")


ISO_DATE = re.compile(r"\s*(\d{1,5})-\d{1,2}-\d{1,2}")


class AdminDateDrillDownMiddleware:
    """The admin's date drill-downs (``date_hierarchy``: ``?at__year=9999&at__month=12&at__day=31``)
    compute the next day, month or year, and its date filters (``?at__gte=0001-01-01``) turn a
    local day into UTC: at the edges of Python's dates that is an OverflowError or a
    ValueError Django does not catch. A year outside the product's range, as a drill-down or
    as the start of a date, gets 400 with a message before any admin view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") and request.GET:
            for key, values in request.GET.lists():
                if any(not _in_range(key, value) for value in values):
                    return HttpResponseBadRequest(
                        _("The year to show must be between %(first)s and %(last)s.")
                        % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year},
                        content_type="text/plain; charset=utf-8",
                    )
        return self.get_response(request)


def _in_range(key: str, value: str) -> bool:
    if key.endswith("__year"):
        try:
            year = int(value)
        except ValueError:
            return True  # not a number: Django's admin refuses it itself
    elif "__" not in key:
        return True  # a search, a page number: not a date filter
    else:
        date = ISO_DATE.match(value)
        if date is None:
            return True
        year = int(date.group(1))
    return EARLIEST_DATE.year <= year <= LATEST_DATE.year
