import pytest

from tests.factories import AttendeeFactory, EditionFactory, EventFactory, OrganizerFactory, RoomFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


@pytest.mark.parametrize("count", [1, 50])
def test_attendee_changelist_runs_constant_queries(admin_client, count, django_assert_num_queries):
    edition = EditionFactory(number=13)
    AttendeeFactory.create_batch(count, edition=edition)

    with django_assert_num_queries(5):
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
    assert "Conference Room 1 is already taken by “Legal Forum” at that time." in response.content.decode()


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
