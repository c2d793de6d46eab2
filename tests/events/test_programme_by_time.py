"""The public programme reads by time, whatever the room, with filters by day, kind and
venue; the public registration form names countries in the reader's language and order."""

import datetime

import pytest

from tests.factories import EditionFactory, EventFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
CST = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def edition(db):
    return EditionFactory(
        number=14, year=2027, is_current=True, start_date=datetime.date(2027, 4, 1), end_date=datetime.date(2027, 4, 3)
    )


def at(day, hour, minute=0):
    return datetime.datetime(2027, 4, day, hour, minute, tzinfo=CST)


def test_events_of_a_day_come_in_time_order_across_rooms_and_filter(client, edition):
    hall = VenueFactory(name_en="Exhibition Hall")
    centre = VenueFactory(name_en="Convention Centre")
    EventFactory(
        edition=edition,
        title_en="Afternoon Session",
        starts_at=at(1, 14),
        room=RoomFactory(venue=hall, name_en="A Room"),
    )
    EventFactory(
        edition=edition,
        title_en="Opening Ceremony",
        kind="main_forum",
        starts_at=at(1, 8, 30),
        room=RoomFactory(venue=centre, name_en="Z Room"),
    )
    EventFactory(edition=edition, title_en="Second Day Forum", starts_at=at(2, 9), room=RoomFactory(venue=hall))

    html = client.get("/programme/", **EN).content.decode()
    assert html.index("Opening Ceremony") < html.index("Afternoon Session") < html.index("Second Day Forum")

    html = client.get("/programme/", {"day": "2027-04-02"}, **EN).content.decode()
    assert "Second Day Forum" in html
    assert "Opening Ceremony" not in html
    html = client.get("/programme/", {"kind": "main_forum"}, **EN).content.decode()
    assert "Opening Ceremony" in html
    assert "Afternoon Session" not in html
    html = client.get("/programme/", {"venue": hall.pk}, **EN).content.decode()
    assert "Afternoon Session" in html
    assert "Opening Ceremony" not in html
    html = client.get("/programme/", {"day": "2027-04-03"}, **EN).content.decode()
    assert "No event matches these filters." in html


def test_the_registration_form_names_countries_in_the_readers_language_and_order(client, edition):
    english = client.get("/programme/register/", **EN).content.decode()
    assert '<option value="KR">South Korea</option>' in english
    assert "韩国" not in english
    assert english.index(">Afghanistan<") < english.index(">Åland Islands<") < english.index(">Albania<")
    assert '<option value="CN" selected>' not in english  # a foreign visitor picks their own

    chinese = client.get("/programme/register/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="CN" selected>中国</option>' in chinese
    # by pinyin: 阿富汗 (a), 巴西 (ba), 中国 (zhong)
    assert chinese.index(">阿富汗<") < chinese.index(">巴西<") < chinese.index(">中国<")
