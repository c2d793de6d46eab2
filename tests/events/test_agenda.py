"""A visitor's personal agenda: starring sessions (service and views, htmx and plain forms),
the agenda page with registrations and clashes, its private iCalendar feed read back with the
icalendar library, the per-event calendar file, and who may do what."""

import datetime
import re

import pytest
from django.test import Client
from icalendar import Calendar

from events import agenda
from events.enums import RegistrationStatus
from events.models import AgendaEntry, AgendaFeed, Registration
from expo.enums import EditionStatus
from expo.models import ActivityLog
from tests.factories import AttendeeFactory, EditionFactory, EventFactory, RoomFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true"}
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def own_cache(settings):
    """The programme's cache of this process only (another test process bumps its version)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "agenda"}}


@pytest.fixture
def edition():
    return EditionFactory(number=14, year=2027, is_current=True)


def at(hour, minute=0, day=24):
    return datetime.datetime(2027, 8, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def forum(edition):
    room = RoomFactory(
        name_en="Hall A", name_zh="A厅", venue=VenueFactory(name_en="Changchun Expo Center", name_zh="长春国际会展中心")
    )
    return EventFactory(
        edition=edition,
        title_en="Northeast Asia Business Cooperation Forum",
        title_zh="东北亚工商合作论坛",
        room=room,
        starts_at=at(9),
        ends_at=at(11),
    )


@pytest.fixture
def visitor():
    return UserFactory(username="visitor")


def star(client, event, action="add", **headers):
    return client.post(f"/programme/agenda/events/{event.pk}/", {"action": action}, **headers)


# The service ---------------------------------------------------------------------------------


def test_adding_twice_keeps_one_entry_and_one_log_row(visitor, forum):
    agenda.agenda_add(user=visitor, event=forum)
    agenda.agenda_add(user=visitor, event=forum)

    assert AgendaEntry.objects.filter(user=visitor).count() == 1
    assert ActivityLog.objects.filter(action="agenda_add", actor=visitor, object_id=str(forum.pk)).count() == 1
    assert agenda.agenda_remove(user=visitor, event=forum) is True
    assert agenda.agenda_remove(user=visitor, event=forum) is False
    assert ActivityLog.objects.filter(action="agenda_remove", actor=visitor).count() == 1


def test_a_closed_editions_session_cannot_be_added(visitor, english):
    closed = EditionFactory(number=12, year=2019, status=EditionStatus.CLOSED)
    event = EventFactory(edition=closed)

    with pytest.raises(agenda.AgendaRefused, match="This edition is over"):
        agenda.agenda_add(user=visitor, event=event)
    assert not AgendaEntry.objects.exists()


def test_agenda_holds_starred_and_registered_events_in_time_order_with_clashes(visitor, edition, forum):
    lunch = EventFactory(edition=edition, title_en="Investment Lunch", starts_at=at(10, 30), ends_at=at(12))
    after = EventFactory(edition=edition, title_en="Signing Ceremony", starts_at=at(12), ends_at=at(13))
    early = EventFactory(edition=edition, title_en="Opening", starts_at=at(8), ends_at=at(9))
    cancelled = EventFactory(edition=edition, title_en="Cancelled Talk", starts_at=at(15), ends_at=at(16))
    elsewhere = EventFactory(edition=EditionFactory(number=13, year=2021), title_en="Last Year")
    for event in (forum, after, elsewhere):
        agenda.agenda_add(user=visitor, event=event)
    attendee = AttendeeFactory(edition=edition, user=visitor)
    Registration.objects.create(event=lunch, attendee=attendee, status=RegistrationStatus.WAITLISTED)
    Registration.objects.create(event=early, attendee=attendee, status=RegistrationStatus.CONFIRMED)
    Registration.objects.create(event=cancelled, attendee=attendee, status=RegistrationStatus.CANCELLED)
    # Someone else's registration and star do not come into it.
    AgendaEntry.objects.create(user=UserFactory(), event=cancelled)

    items = agenda.agenda_items(user=visitor, edition=edition)

    assert [item.event.title_en for item in items] == [
        "Opening",
        "Northeast Asia Business Cooperation Forum",
        "Investment Lunch",
        "Signing Ceremony",
    ]
    by_title = {item.event.title_en: item for item in items}
    assert by_title["Opening"].status == "confirmed"
    assert not by_title["Opening"].starred
    assert by_title["Investment Lunch"].waitlisted
    # 09:00-11:00 overlaps 10:30-12:00; ending at 09:00 or starting at 12:00 is no clash.
    assert [e.title_en for e in by_title["Northeast Asia Business Cooperation Forum"].clashes] == ["Investment Lunch"]
    assert [e.title_en for e in by_title["Investment Lunch"].clashes] == ["Northeast Asia Business Cooperation Forum"]
    assert by_title["Opening"].clashes == []
    assert by_title["Signing Ceremony"].clashes == []


def test_renewing_the_feed_changes_its_token_and_revoking_deletes_it(visitor):
    first = agenda.agenda_feed_renew(user=visitor).token
    second = agenda.agenda_feed_renew(user=visitor).token

    assert first != second
    assert len(second) >= 40
    assert agenda.feed_by_token(first) is None
    assert agenda.feed_by_token(second).user == visitor
    assert agenda.agenda_feed_revoke(user=visitor) is True
    assert agenda.feed_by_token(second) is None
    steps = list(ActivityLog.objects.filter(action="agenda_feed").order_by("pk").values_list("details", flat=True))
    assert steps == [{"step": "made"}, {"step": "renewed"}, {"step": "revoked"}]
    assert not any(second in str(row.details) + row.object_repr for row in ActivityLog.objects.all())


# The feed read back --------------------------------------------------------------------------


def _feed(client, token, lang="en"):
    response = client.get(f"/programme/agenda/{token}.ics?lang={lang}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def test_feed_is_valid_icalendar_in_utc_with_the_readers_language(client, visitor, edition, forum):
    long_title = "Forum on Green Hydrogen, Offshore Wind and the Energy Transition of Northeast Asia " * 2
    other = EventFactory(
        edition=edition, title_en=long_title.strip(), title_zh="东北亚能源转型论坛", starts_at=at(14), ends_at=at(16)
    )
    agenda.agenda_add(user=visitor, event=forum)
    agenda.agenda_add(user=visitor, event=other)
    attendee = AttendeeFactory(edition=edition, user=visitor)
    Registration.objects.create(event=forum, attendee=attendee, status=RegistrationStatus.CONFIRMED)
    token = agenda.agenda_feed_renew(user=visitor).token

    body = _feed(client, token).content

    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"\r\n " in body  # the long title was folded
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"event-{forum.pk}@expo-14", f"event-{other.pk}@expo-14"}
    item = events[f"event-{forum.pk}@expo-14"]
    assert item.decoded("DTSTART") == datetime.datetime(2027, 8, 24, 1, 0, tzinfo=datetime.UTC)
    assert item.decoded("DTEND") == datetime.datetime(2027, 8, 24, 3, 0, tzinfo=datetime.UTC)
    assert b"DTSTART:20270824T010000Z" in body
    assert item.decoded("DTSTAMP").tzinfo is not None
    assert str(item["SUMMARY"]) == "Northeast Asia Business Cooperation Forum"
    assert str(item["LOCATION"]) == "Changchun Expo Center · Hall A"
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(events[f"event-{other.pk}@expo-14"]["SUMMARY"]) == long_title.strip()

    chinese = Calendar.from_ical(_feed(Client(), token, lang="zh-hans").content)
    summaries = {str(e["SUMMARY"]) for e in chinese.walk("VEVENT")}
    assert summaries == {"东北亚工商合作论坛", "东北亚能源转型论坛"}
    assert {str(e["LOCATION"]) for e in chinese.walk("VEVENT") if "LOCATION" in e} >= {"长春国际会展中心 · A厅"}


def test_feed_leaves_out_a_cancelled_registration_and_marks_a_waiting_place(client, visitor, edition, forum):
    attendee = AttendeeFactory(edition=edition, user=visitor)
    waiting = EventFactory(edition=edition, title_en="Full Forum", starts_at=at(13), ends_at=at(14))
    Registration.objects.create(event=forum, attendee=attendee, status=RegistrationStatus.CANCELLED, cancelled_at=at(8))
    Registration.objects.create(event=waiting, attendee=attendee, status=RegistrationStatus.WAITLISTED)
    token = agenda.agenda_feed_renew(user=visitor).token

    [item] = Calendar.from_ical(_feed(client, token).content).walk("VEVENT")

    assert str(item["SUMMARY"]) == "Full Forum"
    assert str(item["STATUS"]) == "TENTATIVE"


def test_feed_of_a_closed_edition_is_still_served(client, visitor, edition, forum):
    agenda.agenda_add(user=visitor, event=forum)
    token = agenda.agenda_feed_renew(user=visitor).token
    edition.status = EditionStatus.CLOSED
    edition.save()

    [item] = Calendar.from_ical(_feed(client, token).content).walk("VEVENT")
    assert str(item["SUMMARY"]) == forum.title_en


@pytest.mark.parametrize("token", ["not-a-token", "x" * 65, ""])
def test_feed_with_a_bad_token_is_not_found(client, visitor, token):
    agenda.agenda_feed_renew(user=visitor)
    assert client.get(f"/programme/agenda/{token}.ics").status_code == 404


def test_feed_of_a_renewed_or_revoked_token_is_not_found(client, visitor, forum):
    old = agenda.agenda_feed_renew(user=visitor).token
    new = agenda.agenda_feed_renew(user=visitor).token
    assert client.get(f"/programme/agenda/{old}.ics").status_code == 404
    assert client.get(f"/programme/agenda/{new}.ics").status_code == 200
    agenda.agenda_feed_revoke(user=visitor)
    assert client.get(f"/programme/agenda/{new}.ics").status_code == 404


def test_feed_of_a_deactivated_account_is_not_found(client, visitor):
    token = agenda.agenda_feed_renew(user=visitor).token
    visitor.is_active = False
    visitor.save()
    assert client.get(f"/programme/agenda/{token}.ics").status_code == 404


def test_a_feed_token_changes_nothing(client, visitor, forum):
    agenda.agenda_add(user=visitor, event=forum)
    token = agenda.agenda_feed_renew(user=visitor).token
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)

    assert client.post(f"/programme/agenda/{token}.ics").status_code == 405
    assert client.post("/programme/agenda/calendar-link/off/", {"token": token}).status_code == 302
    assert client.post("/programme/agenda/calendar-link/", {"token": token}).status_code == 302
    assert star(client, forum, "remove").status_code == 302

    assert AgendaFeed.objects.get(user=visitor).token == token
    assert AgendaEntry.objects.filter(user=visitor, event=forum).exists()
    assert AgendaFeed.objects.get(user=stranger).token != token


def test_event_ics_downloads_one_event(client, forum):
    response = client.get(f"/programme/events/{forum.pk}/event.ics?lang=en")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.content)
    [item] = calendar.walk("VEVENT")
    assert str(item["UID"]) == f"event-{forum.pk}@expo-14"
    assert item.decoded("DTSTART") == datetime.datetime(2027, 8, 24, 1, 0, tzinfo=datetime.UTC)
    assert client.get("/programme/events/999999/event.ics").status_code == 404


# The views -----------------------------------------------------------------------------------


def test_star_with_htmx_answers_the_button_alone(client, visitor, forum):
    client.force_login(visitor)

    response = star(client, forum, "add", **HX, **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<form")
    assert "In my agenda: remove" in html
    assert 'name="action" value="remove"' in html
    assert "HX-Request" in response["Vary"]
    assert AgendaEntry.objects.filter(user=visitor, event=forum).exists()

    html = star(client, forum, "remove", **HX, **EN).content.decode()
    assert "Add to my agenda" in html
    assert not AgendaEntry.objects.exists()


def test_star_without_javascript_goes_back_with_a_message(client, visitor, forum):
    client.force_login(visitor)

    response = client.post(
        f"/programme/agenda/events/{forum.pk}/", {"action": "add", "next": "/programme/?day=2027-08-24"}, **EN
    )

    assert response.status_code == 302
    assert response["Location"] == "/programme/?day=2027-08-24"
    page = client.get(response["Location"], **EN).content.decode()
    assert "is in your agenda" in page
    response = client.post(
        f"/programme/agenda/events/{forum.pk}/", {"action": "remove", "next": "https://evil.example/"}, **EN
    )
    assert response["Location"] == f"/programme/events/{forum.pk}/"


def test_star_of_a_closed_edition_tells_why(client, visitor, english):
    event = EventFactory(edition=EditionFactory(number=12, year=2019, status=EditionStatus.CLOSED))
    client.force_login(visitor)

    html = star(client, event, **HX, **EN).content.decode()

    assert "This edition is over" in html
    assert not AgendaEntry.objects.exists()


def test_anonymous_star_leads_to_the_login_and_back(client, forum):
    response = star(client, forum)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")

    response = star(client, forum, **HX, HTTP_HX_CURRENT_URL="http://testserver/programme/")
    assert response["HX-Redirect"].startswith("/accounts/login/?next=")
    assert not AgendaEntry.objects.exists()

    # On the programme, the star is a link to the choice of logging in or registering.
    html = client.get("/programme/?kind=supporting_conference", **EN).content.decode()
    link = re.search(r'<a class="star" href="([^"]+)"', html).group(1)
    assert link == "/programme/agenda/?next=/programme/%3Fkind%3Dsupporting_conference"
    join = client.get(link.replace("&amp;", "&"), **EN).content.decode()
    assert "/accounts/login/?next=%2Fprogramme%2F%3Fkind%3Dsupporting_conference" in join
    assert "/online/register/?next=%2Fprogramme%2F%3Fkind%3Dsupporting_conference" in join


def test_writes_need_the_csrf_token(visitor, forum):
    client = Client(enforce_csrf_checks=True)
    client.force_login(visitor)

    assert star(client, forum).status_code == 403
    assert client.post("/programme/agenda/calendar-link/").status_code == 403
    assert not AgendaEntry.objects.exists()
    assert not AgendaFeed.objects.exists()

    page = client.get(f"/programme/events/{forum.pk}/", **EN).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(f"/programme/agenda/events/{forum.pk}/", {"action": "add", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert AgendaEntry.objects.filter(user=visitor).count() == 1


def test_programme_shows_each_readers_own_stars(client, visitor, edition, forum):
    other = EventFactory(edition=edition, title_en="Trade Talk", starts_at=at(14), ends_at=at(15))
    agenda.agenda_add(user=visitor, event=forum)
    client.get("/programme/", **EN)  # cached by an anonymous reader first

    client.force_login(visitor)
    html = client.get("/programme/", **EN).content.decode()

    assert len(re.findall(r"In my agenda: remove", html)) == 1
    assert len(re.findall(r"Add to my agenda", html)) == 1
    assert f'aria-describedby="event-{forum.pk}-title"' in html
    assert f'id="event-{other.pk}-title"' in html
    assert "agenda-star" not in html  # every mark was replaced
    client.logout()
    html = client.get("/programme/", **EN).content.decode()
    assert "In my agenda" not in html
    assert "star-form" not in html  # an anonymous reader's stars are links, no form


def test_agenda_page_lists_the_items_clashes_and_the_feed(client, visitor, edition, forum):
    lunch = EventFactory(edition=edition, title_en="Investment Lunch", starts_at=at(10, 30), ends_at=at(12))
    for event in (forum, lunch):
        agenda.agenda_add(user=visitor, event=event)
    client.force_login(visitor)

    html = client.get("/programme/agenda/", **EN).content.decode()
    assert html.index("Northeast Asia Business Cooperation Forum") < html.index("Investment Lunch")
    assert html.count("session--clash") == 2
    assert "2 sessions overlap others" in html
    assert "Make my calendar link" in html

    response = client.post("/programme/agenda/calendar-link/", **EN)
    assert response.status_code == 302
    html = client.get("/programme/agenda/", **EN).content.decode()
    token = AgendaFeed.objects.get(user=visitor).token
    assert f"http://testserver/programme/agenda/{token}.ics?lang=en" in html
    assert "Your calendar link is ready" in html

    client.post("/programme/agenda/calendar-link/off/")
    assert not AgendaFeed.objects.exists()


def test_anonymous_agenda_page_offers_login_and_registration(client, edition):
    response = client.get("/programme/agenda/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/accounts/login/?next=%2Fprogramme%2Fagenda%2F" in html
    assert "/online/register/?next=%2Fprogramme%2Fagenda%2F" in html


def _agenda_of(user, edition, count):
    attendee = AttendeeFactory(edition=edition, user=user)
    for n in range(count):
        event = EventFactory(
            edition=edition, starts_at=at(8 + n % 10, day=24 + n // 10), ends_at=at(9 + n % 10, day=24 + n // 10)
        )
        if n % 2:
            Registration.objects.create(event=event, attendee=attendee, status=RegistrationStatus.CONFIRMED)
        else:
            AgendaEntry.objects.create(user=user, event=event)


@pytest.mark.parametrize("item_count", [1, 20])
def test_agenda_page_runs_a_constant_number_of_queries(
    client, visitor, edition, item_count, django_assert_max_num_queries
):
    _agenda_of(visitor, edition, item_count)
    client.force_login(visitor)
    client.get("/programme/agenda/")

    with django_assert_max_num_queries(7):
        response = client.get("/programme/agenda/", **EN)
    assert response.content.decode().count('<li class="session') == item_count


@pytest.mark.parametrize("item_count", [1, 20])
def test_feed_runs_a_constant_number_of_queries(client, visitor, edition, item_count, django_assert_max_num_queries):
    _agenda_of(visitor, edition, item_count)
    token = agenda.agenda_feed_renew(user=visitor).token

    with django_assert_max_num_queries(4):
        response = client.get(f"/programme/agenda/{token}.ics")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == item_count


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
def test_the_star_buttons_copied_from_two_renderings_are_those_rendered_one_by_one(signed_in, visitor, rf):
    """``with_stars`` renders the button twice (on, off) with a stand-in id and copies it per
    event: the page must be exactly what rendering each event's button would give."""
    from django.contrib.auth.models import AnonymousUser

    from events.views.agenda import STAR_MARK, STAR_SENTINEL, STAR_TEMPLATE, star_context, with_stars

    request = rf.get("/programme/?day=2027-08-24&kind=forum")
    request.user = visitor if signed_in else AnonymousUser()
    ids = [7, 12, 130, 7001, 99]
    starred = {12, 7001}
    html = "".join(f"<h3>event {pk}</h3><!--agenda-star:{pk}-->" for pk in ids)

    from django.template.loader import get_template

    template = get_template(STAR_TEMPLATE)

    def one_by_one(match):
        pk = int(match.group(1))
        return template.render(
            star_context(request, event_pk=pk, starred=pk in starred, next_url=request.get_full_path())
        )

    def unmasked(page):  # each rendering masks the same CSRF secret differently
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', 'name="csrfmiddlewaretoken" value=""', page)

    expected = STAR_MARK.sub(one_by_one, html)
    got = with_stars(request, html, starred=starred)
    assert unmasked(got) == unmasked(expected)
    assert STAR_SENTINEL not in got
    assert got.count("star--on") == (2 if signed_in else 0)
    assert 'data-event="7001"' in got or not signed_in
