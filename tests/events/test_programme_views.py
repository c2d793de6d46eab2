import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from events.models import Attendee, Registration
from events.services import register_for_event
from tests.factories import AttendeeFactory, EditionFactory, EventFactory, EventRoleFactory, RoomFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def edition():
    return EditionFactory(number=13, is_current=True)


@pytest.fixture
def future_event(edition):
    start = timezone.now() + datetime.timedelta(days=30)
    return EventFactory(
        edition=edition,
        title_en="Business Cooperation Forum",
        capacity=1,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )


PERSON = {
    "name": "Park Min-ji",
    "organization": "Hanbit Trading",
    "email": "minji@hanbit.example",
    "country": "KR",
    "kind": "merchant",
    "industry": "green_food",
    "phone": "",
}


def test_programme_lists_events_by_day_and_room(client, edition):
    room = RoomFactory(name_en="Conference Room 1")
    EventFactory(edition=edition, room=room, title_en="Legal Forum")
    EventFactory(edition=edition, title_en="Invitation Dinner", is_public=False)
    EventFactory(title_en="Other edition's event")

    html = client.get("/programme/", **EN).content.decode()

    assert "Legal Forum" in html
    assert "Invitation Dinner" in html
    assert "Other edition&#x27;s event" not in html
    assert "Other edition's event" not in html
    assert "Conference Room 1" in html
    assert "by invitation" in html


@pytest.mark.parametrize("count", [2, 40])
def test_programme_runs_constant_queries(client, edition, count, django_assert_num_queries):
    for n in range(count):
        event = EventFactory(edition=edition, starts_at=datetime.datetime(2021, 9, 23 + n % 4, 9, tzinfo=datetime.UTC))
        EventRoleFactory(event=event)

    # the edition, the events with their rooms and roles, and the filters' kinds and venues
    with django_assert_num_queries(5):
        assert client.get("/programme/").status_code == 200


def test_event_page_shows_seats(client, future_event):
    register_for_event(event=future_event, attendee=AttendeeFactory(edition=future_event.edition))

    html = client.get(f"/programme/events/{future_event.pk}/", **EN).content.decode()

    assert "0 of 1 free" in html
    assert "All seats are taken" in html


def test_register_for_a_public_event_gives_a_badge_and_an_email(
    client, future_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programme/events/{future_event.pk}/", PERSON, **EN)

    attendee = Attendee.objects.get(email="minji@hanbit.example")
    assert response["Location"] == future_event.get_absolute_url()
    assert Registration.objects.get(attendee=attendee).status == "confirmed"
    assert mail.outbox[0].to == ["minji@hanbit.example"]
    assert f"/programme/my/{attendee.code}/" in mail.outbox[0].body


def test_registration_queues_its_mail_and_answers_without_drawing_the_badge(
    client, future_event, django_capture_on_commit_callbacks, monkeypatch
):
    """The badge PDF and the mail are the worker's (events/tasks.py): the request queues one
    task on commit, with the person's link and language."""
    queued = []
    monkeypatch.setattr("events.tasks.send_registration_email.delay", lambda *args: queued.append(args))
    monkeypatch.setattr(
        "events.notifications.badge_pdf", lambda **kwargs: pytest.fail("the badge was drawn in the request")
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programme/events/{future_event.pk}/", PERSON, **EN)

    attendee = Attendee.objects.get(email="minji@hanbit.example")
    assert queued == [(attendee.pk, f"http://testserver/programme/my/{attendee.code}/", "en", False)]
    assert mail.outbox == []


def test_register_for_a_full_event_goes_to_the_waiting_list(client, future_event):
    register_for_event(event=future_event, attendee=AttendeeFactory(edition=future_event.edition))

    client.post(f"/programme/events/{future_event.pk}/", PERSON, **EN)

    registration = Registration.objects.get(attendee__email="minji@hanbit.example")
    assert registration.status == "waitlisted"
    assert "waiting list" in client.get(f"/programme/my/{registration.attendee.code}/", **EN).content.decode()


def test_registering_with_a_known_email_does_not_reveal_the_badge(
    client, future_event, django_capture_on_commit_callbacks
):
    known = AttendeeFactory(edition=future_event.edition, email="minji@hanbit.example")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programme/events/{future_event.pk}/", PERSON, **EN)

    assert response["Location"] == future_event.get_absolute_url()
    assert known.code not in client.get(response["Location"]).content.decode()
    assert Registration.objects.get().attendee == known
    assert known.code in mail.outbox[0].body


def test_bad_registration_input_explains_and_writes_nothing(client, future_event):
    response = client.post(f"/programme/events/{future_event.pk}/", {**PERSON, "email": "nope", "name": ""}, **EN)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["email"] == ["Enter a valid email address."]
    assert errors["name"] == ["This field is required."]
    assert Attendee.objects.count() == 0


def test_invitation_only_events_take_no_registrations(client, future_event):
    future_event.is_public = False
    future_event.save()

    response = client.post(f"/programme/events/{future_event.pk}/", PERSON, follow=True, **EN)

    assert "This event is by invitation only." in response.content.decode()
    assert Attendee.objects.count() == 0


def test_registration_closes_when_the_event_begins(client, edition):
    event = EventFactory(edition=edition)

    response = client.post(f"/programme/events/{event.pk}/", PERSON, follow=True, **EN)

    assert "registration has closed" in response.content.decode()
    assert Registration.objects.count() == 0


def test_edition_registration_for_visitors(client, edition):
    response = client.post("/programme/register/", PERSON)

    attendee = Attendee.objects.get()
    assert (attendee.kind, attendee.edition) == ("merchant", edition)
    assert response["Location"] == "/programme/"


def test_my_registrations_needs_the_code_and_cancel_promotes(client, future_event):
    mine = register_for_event(event=future_event, attendee=AttendeeFactory(edition=future_event.edition))
    waiting = register_for_event(event=future_event, attendee=AttendeeFactory(edition=future_event.edition))
    code = mine.attendee.code

    assert client.get("/programme/my/WRONGCODE1/").status_code == 404
    assert client.post(f"/programme/my/{waiting.attendee.code}/cancel/{mine.pk}/").status_code == 404
    client.post(f"/programme/my/{code}/cancel/{mine.pk}/")

    assert Registration.objects.get(pk=mine.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert "no-store" in client.get(f"/programme/my/{code}/")["Cache-Control"]


def test_calendar_feed(client, edition):
    EventFactory(edition=edition, title_en="Legal Forum", room=RoomFactory(name_en="Conference Room 1"))

    response = client.get("/programme/calendar.ics", **EN)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Legal Forum"]
    assert "Conference Room 1" in str(events[0]["location"])
    assert re.match(r"http://testserver/programme/events/\d+/", str(events[0]["url"]))


# Issue 15: the same answer for new and known addresses, limited mail and rate limits ---------


@pytest.mark.parametrize("where", ["edition", "event"])
def test_a_new_and_a_known_email_get_the_same_answer(client, future_event, where, django_capture_on_commit_callbacks):
    url = "/programme/register/" if where == "edition" else f"/programme/events/{future_event.pk}/"
    AttendeeFactory(edition=future_event.edition, email="known@hanbit.example")
    answers = []
    for email in ("new@hanbit.example", "known@hanbit.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {**PERSON, "email": email}, **EN)
        followed = client.get(response["Location"], **EN).content.decode().replace(email, "EMAIL")
        shown = re.findall(r'<li class="message message--(\w+)">(.*?)</li>', followed)
        answers.append((response.status_code, response["Location"], shown))

    assert answers[0] == answers[1]
    assert answers[0][0] == 302
    assert answers[0][2] == [
        (
            "success",
            "Thank you. We sent the link to your badge and your registrations to EMAIL: open it to see them. "
            "If no mail arrives within a few minutes, look in the spam folder.",
        )
    ]
    assert [m.to for m in mail.outbox] == [["new@hanbit.example"], ["known@hanbit.example"]]
    assert "This address is already registered" in mail.outbox[1].body
    assert "This address is already registered" not in mail.outbox[0].body


def test_a_known_email_is_mailed_at_most_once_per_15_minutes(client, edition, django_capture_on_commit_callbacks):
    from expo import ratelimit

    known = AttendeeFactory(edition=edition, email="minji@hanbit.example")
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/programme/register/", PERSON, **EN).status_code == 302
    assert len(mail.outbox) == 1
    assert known.code in mail.outbox[0].body

    ratelimit.reset(scope="registration-mail", value=str(known.pk))  # the 15 minutes are over
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/programme/register/", PERSON, **EN)
    assert len(mail.outbox) == 2


def test_registration_is_limited_per_email_address_from_any_client(client, edition, settings):
    settings.EVENTS_REGISTRATION_PER_EMAIL = (2, 3600)
    for n in range(2):
        assert client.post("/programme/register/", PERSON, REMOTE_ADDR=f"192.0.2.{n}").status_code == 302

    response = client.post("/programme/register/", PERSON, REMOTE_ADDR="192.0.2.99", **EN)

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many attempts. Please wait 60 minutes and try again." in response.content.decode()
    assert Attendee.objects.count() == 1


@pytest.mark.parametrize(("language", "text"), [("en", "Too many attempts"), ("zh-hans", "尝试次数过多")])
def test_registration_is_limited_per_client_address_with_a_translated_429_page(
    client, future_event, settings, language, text
):
    settings.EVENTS_REGISTRATION_PER_ADDRESS = (3, 600)
    for n in range(3):
        client.post(f"/programme/events/{future_event.pk}/", {**PERSON, "email": f"p{n}@hanbit.example"})

    response = client.post(
        f"/programme/events/{future_event.pk}/", {**PERSON, "email": "p9@hanbit.example"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 429
    assert text in response.content.decode()
    assert Attendee.objects.count() == 3
    other = client.post(
        f"/programme/events/{future_event.pk}/", {**PERSON, "email": "p8@hanbit.example"}, REMOTE_ADDR="192.0.2.50"
    )
    assert other.status_code == 302
