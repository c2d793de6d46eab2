"""Seats under parallel registrations and cancellations on PostgreSQL."""

import datetime
import threading

import pytest
from django.db import connection

from events.models import Registration
from events.services import cancel_registration, register_for_event
from tests.factories import AttendeeFactory, EditionFactory, EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# The factories' events start on 2021-09-23: registrations are made while they are open.
BEFORE = datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC)


def in_parallel(function, items):
    barrier = threading.Barrier(len(items))
    errors = []

    def run(item):
        try:
            barrier.wait()
            function(item)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_forty_parallel_registrations_for_ten_seats():
    edition = EditionFactory(number=13)
    event = EventFactory(edition=edition, capacity=10)
    attendees = AttendeeFactory.create_batch(40, edition=edition)

    errors = in_parallel(lambda a: register_for_event(event=event, attendee=a, now=BEFORE), attendees)

    assert errors == []
    counts = {s: Registration.objects.filter(event=event, status=s).count() for s in ("confirmed", "waitlisted")}
    assert counts == {"confirmed": 10, "waitlisted": 30}


def test_parallel_cancellations_promote_each_waiting_person_once():
    edition = EditionFactory(number=13)
    event = EventFactory(edition=edition, capacity=10)
    registrations = [
        register_for_event(event=event, attendee=a, now=BEFORE)
        for a in AttendeeFactory.create_batch(25, edition=edition)
    ]
    seated = [r for r in registrations if r.status == "confirmed"]

    errors = in_parallel(lambda r: cancel_registration(registration=r), seated)

    assert errors == []
    confirmed = list(
        Registration.objects.filter(event=event, status="confirmed").order_by("pk").values_list("pk", flat=True)
    )
    assert confirmed == [r.pk for r in registrations[10:20]]
    assert Registration.objects.filter(event=event, status="waitlisted").count() == 5
