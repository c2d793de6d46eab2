"""Seats under parallel registrations and cancellations on PostgreSQL, and what a person sees
when a row stays locked too long.

Each race has a negative control: the same race through the real service with its locks off
(the test seam ``expo.locking.locks_disabled``) shows the anomaly the locks prevent.
"""

import datetime

import pytest

from events.models import Attendee, Registration
from events.services import attendee_register, cancel_registration, register_for_event
from expo.locking import locks_disabled
from tests.factories import AttendeeFactory, EditionFactory, EventFactory
from tests.helpers import RowLockHeld, in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# The factories' events start on 2021-09-23: registrations are made while they are open.
BEFORE = datetime.datetime(2021, 9, 1, tzinfo=datetime.UTC)

TRIES = 5  # a negative control's race may, rarely, not interleave: it is run again


def _register_forty_for_ten_seats():
    edition = EditionFactory()
    event = EventFactory(edition=edition, capacity=10)
    attendees = AttendeeFactory.create_batch(40, edition=edition)
    errors = in_parallel(lambda a: register_for_event(event=event, attendee=a, now=BEFORE), attendees)
    counts = {s: Registration.objects.filter(event=event, status=s).count() for s in ("confirmed", "waitlisted")}
    return errors, counts


def test_forty_parallel_registrations_for_ten_seats():
    errors, counts = _register_forty_for_ten_seats()

    assert errors == []
    assert counts == {"confirmed": 10, "waitlisted": 30}


def test_without_the_locks_parallel_registrations_overbook_the_room():
    """Negative control: with the event's row not locked, registrations count the free seats
    together and more than ten people get a seat."""
    with locks_disabled():
        for _ in range(TRIES):
            errors, counts = _register_forty_for_ten_seats()
            if counts["confirmed"] > 10:
                break

    assert errors == []
    assert counts["confirmed"] > 10


def _cancel_the_seated_in_parallel():
    edition = EditionFactory()
    event = EventFactory(edition=edition, capacity=10)
    registrations = [
        register_for_event(event=event, attendee=a, now=BEFORE)
        for a in AttendeeFactory.create_batch(25, edition=edition)
    ]
    seated = [r for r in registrations if r.status == "confirmed"]
    errors = in_parallel(lambda r: cancel_registration(registration=r), seated)
    confirmed = list(
        Registration.objects.filter(event=event, status="confirmed").order_by("pk").values_list("pk", flat=True)
    )
    return errors, registrations, confirmed


def test_parallel_cancellations_promote_each_waiting_person_once():
    errors, registrations, confirmed = _cancel_the_seated_in_parallel()

    assert errors == []
    assert confirmed == [r.pk for r in registrations[10:20]]
    assert Registration.objects.filter(event=registrations[0].event_id, status="waitlisted").count() == 5


def test_without_the_locks_parallel_cancellations_promote_the_same_person_twice():
    """Negative control: with the locks off, cancellations pick the same first person on the
    waiting list; freed seats are lost (fewer than ten promoted)."""
    with locks_disabled():
        for _ in range(TRIES):
            errors, registrations, confirmed = _cancel_the_seated_in_parallel()
            if confirmed != [r.pk for r in registrations[10:20]]:
                break

    assert errors == []
    assert len(confirmed) < 10


def _register_in_both_cases():
    edition = EditionFactory()
    emails = ["Wang.Fang@Example.org", "wang.fang@example.org"] * 4
    results = []

    def register(email):
        results.append(attendee_register(edition=edition, kind="merchant", name="Wang Fang", email=email, country="CN"))

    errors = in_parallel(register, emails)
    return edition, errors, results


def test_one_person_registering_at_once_in_two_letter_cases_is_one_attendee():
    edition, errors, results = _register_in_both_cases()

    assert errors == []
    assert Attendee.objects.filter(edition=edition).count() == 1
    assert len({r.attendee.pk for r in results}) == 1
    assert sum(r.created for r in results) == 1


# A lock held too long ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Someone else is changing this right now; please try again."),
        ("zh-hans", "其他人正在修改此内容，请稍后重试。"),
    ],
)
def test_a_cancellation_waiting_too_long_for_the_event_is_told_to_try_again(client, settings, language, message):
    """Was a 500 (the database's lock timeout, uncaught): now 409 with the message, in the
    reader's language, and nothing changed."""
    settings.LOCK_TIMEOUT_MS = 200
    event = EventFactory(edition=EditionFactory(), capacity=10)
    registration = register_for_event(event=event, attendee=AttendeeFactory(edition=event.edition), now=BEFORE)

    with RowLockHeld(event):
        response = client.post(
            f"/programme/my/{registration.attendee.code}/cancel/{registration.pk}/", HTTP_ACCEPT_LANGUAGE=language
        )

    assert response.status_code == 409
    assert message in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_a_registration_waiting_too_long_answers_json_clients_with_409(client, settings):
    settings.LOCK_TIMEOUT_MS = 200
    event = EventFactory(edition=EditionFactory(), capacity=10)
    registration = register_for_event(event=event, attendee=AttendeeFactory(edition=event.edition), now=BEFORE)

    with RowLockHeld(event):
        response = client.post(
            f"/programme/my/{registration.attendee.code}/cancel/{registration.pk}/",
            HTTP_ACCEPT="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )

    assert response.status_code == 409
    assert response.json() == {"error": "Someone else is changing this right now; please try again."}
