import pytest

from events import services
from events.models import Event, EventRole, Registration
from tests.factories import (
    AttendeeFactory,
    EditionFactory,
    EventFactory,
    EventRoleFactory,
    OrganizerFactory,
    PersonFactory,
    RoomFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


@pytest.mark.parametrize("count", [1, 50])
def test_attendee_changelist_runs_constant_queries(admin_client, count, django_assert_num_queries):
    edition = EditionFactory(number=13)
    AttendeeFactory.create_batch(count, edition=edition)

    with django_assert_num_queries(6):  # with the countries present, once per refresh period
        assert admin_client.get("/admin/events/attendee/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_event_changelist_runs_constant_queries(admin_client, count, django_assert_num_queries):
    edition = EditionFactory(number=13)
    EventFactory.create_batch(count, edition=edition, room=None)

    with django_assert_num_queries(9):
        assert admin_client.get("/admin/events/event/").status_code == 200


def test_event_admin_refuses_a_room_clash(admin_client):
    edition = EditionFactory(number=13)
    room = RoomFactory(name_en="Conference Room 1")
    EventFactory(edition=edition, room=room, title_en="Legal Forum")
    data = {
        "edition": edition.pk,
        "kind": "supporting_conference",
        "title_zh": "冲突会议",
        "title_en": "Clash",
        "room": room.pk,
        "starts_at_0": "2021-09-23",
        "starts_at_1": "09:30",
        "ends_at_0": "2021-09-23",
        "ends_at_1": "10:30",
        "is_public": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }

    response = admin_client.post("/admin/events/event/add/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    # The events service's own message (the admin has no rule of its own), and nothing saved.
    assert "Conference Room 1 is already taken by “Legal Forum” at 2021-09-23 09:00–11:00." in (
        response.content.decode()
    )
    assert not Event.objects.filter(title_en="Clash").exists()


def test_an_organizer_marks_an_event_notable_in_the_admin(admin_client):
    edition = EditionFactory(number=13)
    event = EventFactory(edition=edition, room=None, title_en="World Jilin Entrepreneurs Convention")
    data = {
        "edition": edition.pk,
        "kind": "concurrent",
        "title_zh": event.title_zh,
        "title_en": event.title_en,
        "starts_at_0": "2021-09-29",
        "starts_at_1": "09:30",
        "ends_at_0": "2021-09-29",
        "ends_at_1": "12:30",
        "is_notable": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/events/event/{event.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.is_notable, event.kind, event.is_public) == (True, "concurrent", False)


def _event_data(event, **changes):
    data = {
        "edition": event.edition_id,
        "kind": event.kind,
        "title_zh": event.title_zh,
        "title_en": event.title_en,
        "starts_at_0": "2021-09-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2021-09-23",
        "ends_at_1": "11:00",
        "is_public": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
    }
    if event.room_id:
        data["room"] = event.room_id
    return {**data, **changes}


def test_event_admin_shows_the_services_message_for_an_event_that_ends_before_it_starts(admin_client):
    event = EventFactory(edition=EditionFactory(number=13), room=None)

    response = admin_client.post(
        f"/admin/events/event/{event.pk}/change/", _event_data(event, ends_at_1="08:00"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "An event must end after it starts." in response.content.decode()


def test_event_admin_refuses_a_speaker_clash_with_the_services_message(admin_client):
    edition = EditionFactory(number=13)
    person = PersonFactory(name_en="Ivan Petrov")
    EventRoleFactory(person=person, event=EventFactory(edition=edition, room=None, title_en="Legal Forum"))
    event = EventFactory(edition=edition, room=None, title_en="Trade Forum")
    data = _event_data(
        event,
        **{"roles-TOTAL_FORMS": "1", "roles-0-person": person.pk, "roles-0-role": "speaker", "roles-0-event": event.pk},
    )

    response = admin_client.post(f"/admin/events/event/{event.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Ivan Petrov also speaks at “Legal Forum” at 2021-09-23 09:00–11:00." in response.content.decode()
    assert not EventRole.objects.filter(event=event).exists()


def test_event_admin_adds_and_removes_speakers_through_the_service(admin_client, monkeypatch):
    calls = []
    for name in ("event_role_add", "event_role_remove"):
        real = getattr(services, name)
        monkeypatch.setattr(services, name, lambda real=real, name=name, **kw: calls.append(name) or real(**kw))
    edition = EditionFactory(number=13)
    event = EventFactory(edition=edition, room=None)
    person = PersonFactory()
    added = {
        "roles-TOTAL_FORMS": "1",
        "roles-0-person": person.pk,
        "roles-0-role": "speaker",
        "roles-0-event": event.pk,
    }

    assert admin_client.post(f"/admin/events/event/{event.pk}/change/", _event_data(event, **added)).status_code == 302
    role = EventRole.objects.get(event=event, person=person)
    removed = {
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "1",
        "roles-0-id": role.pk,
        "roles-0-person": person.pk,
        "roles-0-role": "speaker",
        "roles-0-event": event.pk,
        "roles-0-DELETE": "on",
    }
    assert (
        admin_client.post(f"/admin/events/event/{event.pk}/change/", _event_data(event, **removed)).status_code == 302
    )

    assert calls == ["event_role_add", "event_role_remove"]
    assert not EventRole.objects.filter(event=event).exists()


def test_a_registrations_status_is_read_only_and_it_is_cancelled_not_deleted(admin_client):
    edition = EditionFactory(number=13)
    event = EventFactory(edition=edition, capacity=1)
    seated = Registration.objects.create(event=event, attendee=AttendeeFactory(edition=edition), status="confirmed")

    form = admin_client.get(f"/admin/events/registration/{seated.pk}/change/").context["adminform"].form
    assert {"status", "event", "attendee"} & set(form.fields) == set()
    assert admin_client.get(f"/admin/events/registration/{seated.pk}/delete/").status_code == 403
