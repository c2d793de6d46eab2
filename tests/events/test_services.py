import datetime

import pytest

from events.models import Attendee, Registration
from events.services import (
    AlreadyRegistered,
    ProgrammeConflict,
    RegistrationError,
    cancel_registration,
    event_role_add,
    event_save,
    register_for_event,
    registration_submit,
)
from tests.factories import AttendeeFactory, EditionFactory, EventFactory, PersonFactory, RoomFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
T0 = datetime.datetime(2021, 9, 23, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
# The factories' events start at T0: registrations are made a week before, while they are open.
BEFORE = T0 - datetime.timedelta(days=7)


def hours(n):
    return T0 + datetime.timedelta(hours=n)


@pytest.fixture
def edition():
    return EditionFactory(number=13, is_current=True)


def test_two_events_in_one_room_at_overlapping_times_are_refused(edition):
    room = RoomFactory(name_en="Conference Room 1")
    EventFactory(edition=edition, room=room, title_en="Legal Forum", starts_at=hours(0), ends_at=hours(2))
    clash = EventFactory.build(edition=edition, room=room, starts_at=hours(1), ends_at=hours(3))

    with pytest.raises(ProgrammeConflict, match=r"Conference Room 1 is already taken by “Legal Forum” at .*09:00"):
        event_save(event=clash)


def test_back_to_back_events_in_one_room_are_fine(edition):
    room = RoomFactory()
    EventFactory(edition=edition, room=room, starts_at=hours(0), ends_at=hours(2))

    event = event_save(event=EventFactory.build(edition=edition, room=room, starts_at=hours(2), ends_at=hours(4)))

    assert event.pk is not None


def test_an_event_must_end_after_it_starts(edition):
    with pytest.raises(ProgrammeConflict, match="must end after it starts"):
        event_save(event=EventFactory.build(edition=edition, starts_at=hours(2), ends_at=hours(2)))


def test_a_speaker_in_two_overlapping_events_is_refused(edition):
    person = PersonFactory(name_en="Kim Ji-hoon")
    first = EventFactory(edition=edition, title_en="Business Forum", starts_at=hours(0), ends_at=hours(3))
    second = EventFactory(edition=edition, starts_at=hours(2), ends_at=hours(4))
    event_role_add(event=first, person=person, role="speaker")

    with pytest.raises(ProgrammeConflict, match="Kim Ji-hoon also speaks at “Business Forum”"):
        event_role_add(event=second, person=person, role="moderator")


def test_moving_an_event_onto_a_speakers_other_event_is_refused(edition):
    person = PersonFactory(name_en="Ivan Petrov")
    first = EventFactory(edition=edition, starts_at=hours(0), ends_at=hours(1))
    second = EventFactory(edition=edition, starts_at=hours(3), ends_at=hours(4))
    event_role_add(event=first, person=person, role="speaker")
    event_role_add(event=second, person=person, role="speaker")

    second.starts_at, second.ends_at = hours(0.5), hours(1.5)
    with pytest.raises(ProgrammeConflict, match="Ivan Petrov also speaks at"):
        event_save(event=second)


def test_registrations_past_capacity_go_to_the_waiting_list(edition):
    event = EventFactory(edition=edition, capacity=2)
    attendees = AttendeeFactory.create_batch(4, edition=edition)

    statuses = [register_for_event(event=event, attendee=a, now=BEFORE).status for a in attendees]

    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]


def test_room_capacity_is_the_limit_when_the_event_sets_none(edition):
    event = EventFactory(edition=edition, capacity=None, room=RoomFactory(capacity=1))
    first, second = AttendeeFactory.create_batch(2, edition=edition)

    assert [register_for_event(event=event, attendee=a, now=BEFORE).status for a in (first, second)] == [
        "confirmed",
        "waitlisted",
    ]


def test_cancelling_a_seat_promotes_the_first_on_the_waiting_list(edition):
    event = EventFactory(edition=edition, capacity=1)
    seated, first_waiting, second_waiting = (
        register_for_event(event=event, attendee=a, now=BEFORE)
        for a in AttendeeFactory.create_batch(3, edition=edition)
    )

    promoted = cancel_registration(registration=seated)

    assert promoted == first_waiting
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {seated.pk: "cancelled", first_waiting.pk: "confirmed", second_waiting.pk: "waitlisted"}
    assert Registration.objects.get(pk=first_waiting.pk).promoted_at is not None


def test_cancelling_a_waiting_place_promotes_nobody(edition):
    event = EventFactory(edition=edition, capacity=1)
    _seated, waiting = (
        register_for_event(event=event, attendee=a, now=BEFORE)
        for a in AttendeeFactory.create_batch(2, edition=edition)
    )

    assert cancel_registration(registration=waiting) is None
    with pytest.raises(RegistrationError, match="already cancelled"):
        cancel_registration(registration=waiting)


def test_registering_twice_is_refused(edition):
    event = EventFactory(edition=edition)
    attendee = AttendeeFactory(edition=edition, name="Park Min-ji")
    register_for_event(event=event, attendee=attendee, now=BEFORE)

    with pytest.raises(RegistrationError, match="Park Min-ji is already registered for this event."):
        register_for_event(event=event, attendee=attendee, now=BEFORE)


def test_an_attendee_of_another_edition_cannot_register(edition):
    event = EventFactory(edition=edition)

    with pytest.raises(RegistrationError, match="another edition"):
        register_for_event(event=event, attendee=AttendeeFactory(edition=EditionFactory(number=12)), now=BEFORE)


# The registration rules hold at every door: whoever calls the service ----------------------


@pytest.mark.parametrize("now", [T0, T0 + datetime.timedelta(hours=1), T0 + datetime.timedelta(days=1)])
def test_the_service_refuses_an_event_that_has_begun(edition, now):
    event = EventFactory(edition=edition, starts_at=T0, ends_at=hours(2))

    with pytest.raises(RegistrationError, match="This event has begun; registration has closed."):
        register_for_event(event=event, attendee=AttendeeFactory(edition=edition), now=now)
    assert not Registration.objects.exists()


def test_the_service_refuses_an_event_by_invitation_only(edition):
    event = EventFactory(edition=edition, is_public=False)

    with pytest.raises(RegistrationError, match="This event is by invitation only."):
        register_for_event(event=event, attendee=AttendeeFactory(edition=edition), now=BEFORE)
    assert not Registration.objects.exists()


def test_the_service_judges_by_the_stored_event_not_the_callers_copy(edition):
    event = EventFactory(edition=edition, is_public=False)
    event.is_public = True  # a caller's stale or altered copy opens nothing

    with pytest.raises(RegistrationError, match="by invitation only"):
        register_for_event(event=event, attendee=AttendeeFactory(edition=edition), now=BEFORE)


@pytest.mark.parametrize("rule", ["invitation only", "begun"])
def test_a_refused_self_registration_writes_no_attendee_and_sends_nothing(
    edition, rule, django_capture_on_commit_callbacks
):
    closed = {"is_public": False} if rule == "invitation only" else {"starts_at": T0, "ends_at": hours(2)}
    event = EventFactory(edition=edition, **closed)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RegistrationError):
        registration_submit(
            edition=edition,
            event=event,
            base_url="https://expo.example/",
            language="en",
            kind="merchant",
            name="Park Min-ji",
            email="minji@hanbit.example",
            country="KR",
        )

    assert callbacks == []
    assert not Attendee.objects.exists()


def test_registering_twice_is_the_already_registered_refusal(edition):
    event = EventFactory(edition=edition)
    attendee = AttendeeFactory(edition=edition)
    register_for_event(event=event, attendee=attendee, now=BEFORE)

    with pytest.raises(AlreadyRegistered):
        register_for_event(event=event, attendee=attendee, now=BEFORE)
