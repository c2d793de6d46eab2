"""expo.bulk.insert_rows: COPY on PostgreSQL, executemany elsewhere; same rows, same errors."""

import datetime
import math
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction

from events.models import Attendee, CheckIn
from expo.bulk import BATCH, insert_rows
from tests.factories import AttendeeFactory, MemberUnitFactory

pytestmark = pytest.mark.django_db

FIELDS = ("edition", "kind", "code", "name", "organization", "country", "industry", "email", "phone", "invited_by")
STAMP = datetime.datetime(2026, 8, 23, 9, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Shanghai"))


def attendee_row(edition, n: int, **values) -> tuple:
    row = {
        "edition": edition.pk,
        "kind": "merchant",
        "code": f"CODE{n:06d}",
        "name": f"Merchant {n}",
        "organization": "",
        "country": "KR",
        "industry": "",
        "email": f"m{n}@trade.example.org",
        "phone": "",
        "invited_by": None,
        **values,
    }
    return (*(row[f] for f in FIELDS), STAMP, STAMP)


def insert_attendees(rows) -> int:
    return insert_rows(Attendee, (*FIELDS, "created_at", "updated_at"), rows)


def test_insert_rows_writes_every_value_as_given(edition):
    unit = MemberUnitFactory()
    awkward = "tab\there, line\nbreak, \\N backslash, \r return, quote \" ' and 中文"
    rows = [
        attendee_row(edition, 1, name=awkward, organization="\\", invited_by=unit.pk),
        attendee_row(edition, 2, name="\\N", email="", phone="+82 2 1234 5678"),
    ]

    assert insert_attendees(iter(rows)) == 2

    written = {a.code: a for a in Attendee.objects.filter(edition=edition).select_related(None).order_by("code").all()}
    first, second = written["CODE000001"], written["CODE000002"]
    assert (first.name, first.organization, first.invited_by_id) == (awkward, "\\", unit.pk)
    assert (second.name, second.email, second.phone, second.invited_by_id) == ("\\N", "", "+82 2 1234 5678", None)
    assert first.created_at == STAMP
    assert second.updated_at == STAMP


def test_insert_rows_writes_dates_and_times(edition):
    attendee = AttendeeFactory(edition=edition)
    days = [datetime.date(2026, 8, 23), datetime.date(2026, 8, 24)]

    insert_rows(CheckIn, ("attendee", "day", "at"), ((attendee.pk, day, STAMP) for day in days))

    assert list(CheckIn.objects.order_by("day").values_list("day", "at")) == [(d, STAMP) for d in days]


def test_insert_rows_of_no_rows_writes_nothing(edition):
    assert insert_attendees([]) == 0
    assert not Attendee.objects.exists()


@pytest.mark.parametrize("rows", [12_000, 3])
def test_insert_rows_is_one_statement_on_postgresql_and_batches_elsewhere(edition, rows, django_assert_num_queries):
    expected = 1 if connection.vendor == "postgresql" else math.ceil(rows / BATCH)

    with django_assert_num_queries(expected):
        assert insert_attendees(attendee_row(edition, n) for n in range(rows)) == rows

    assert Attendee.objects.filter(edition=edition).count() == rows


def test_insert_rows_refused_by_a_constraint_raises_integrity_error_and_keeps_nothing(edition):
    AttendeeFactory(edition=edition, code="CODE000005")

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_attendees(attendee_row(edition, n) for n in range(10))

    assert list(Attendee.objects.values_list("code", flat=True)) == ["CODE000005"]


def test_an_error_of_the_rows_themselves_cancels_the_insert(edition):
    def rows():
        yield from (attendee_row(edition, n) for n in range(BATCH + 10))
        raise RuntimeError("the file ended badly")

    with pytest.raises(RuntimeError, match="ended badly"), transaction.atomic():
        insert_attendees(rows())

    assert not Attendee.objects.exists()
    AttendeeFactory(edition=edition)  # the connection is usable again
    assert Attendee.objects.count() == 1


def test_a_row_of_the_wrong_width_is_refused(edition):
    with pytest.raises((ValueError, TypeError)), transaction.atomic():
        insert_attendees([attendee_row(edition, 1)[:-1]])

    assert not Attendee.objects.exists()
