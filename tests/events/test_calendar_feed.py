"""The programme's iCalendar feed read by a calendar library (icalendar): the language is in
its address, so a subscribed calendar keeps it; each event has a description, a category and
an organizer."""

import pytest
from icalendar import Calendar

from tests.factories import EventFactory, MemberUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(edition):
    unit = MemberUnitFactory(
        name_zh="吉林省商务厅", name_en="Department of Commerce of Jilin Province", email="commerce@jl.example"
    )
    return EventFactory(
        edition=edition,
        title_zh="法治论坛",
        title_en="Legal Forum",
        description_zh="东北亚法律合作",
        description_en="Legal cooperation in Northeast Asia",
        organizer=unit,
    )


def feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    return response, event


@pytest.mark.parametrize(
    ("lang", "summary", "description", "category", "organizer"),
    [
        (
            "en",
            "Legal Forum",
            "Legal cooperation in Northeast Asia",
            "supporting conference",
            "Department of Commerce of Jilin Province",
        ),
        ("zh-hans", "法治论坛", "东北亚法律合作", "配套会议", "吉林省商务厅"),
    ],
)
def test_feed_language_comes_from_its_address_not_the_browser(
    client, forum, lang, summary, description, category, organizer
):
    # The browser asks for the other language: the address wins.
    other = "zh-hans" if lang == "en" else "en"
    response, event = feed(client, f"/programme/calendar.ics?lang={lang}", HTTP_ACCEPT_LANGUAGE=other)

    assert response["Content-Language"] == lang
    assert str(event["summary"]) == summary
    assert str(event["description"]).startswith(description)
    assert f"/programme/events/{forum.pk}/" in str(event["description"])
    assert [str(c) for c in event["categories"].cats] == [category]
    assert str(event["organizer"]) == "mailto:commerce@jl.example"
    assert str(event["organizer"].params["CN"]) == organizer


def test_feed_without_lang_keeps_the_old_address_working(client, forum):
    _response, event = feed(client, "/programme/calendar.ics", HTTP_ACCEPT_LANGUAGE="en")

    assert str(event["summary"]) == "Legal Forum"


def test_feed_with_an_unknown_lang_falls_back_to_the_request(client, forum):
    _response, event = feed(client, "/programme/calendar.ics?lang=xx<script>", HTTP_ACCEPT_LANGUAGE="en")

    assert str(event["summary"]) == "Legal Forum"


def test_event_without_organizer_is_organized_by_the_committee(client, edition, settings):
    EventFactory(edition=edition, title_en="Opening")

    _response, event = feed(client, "/programme/calendar.ics?lang=en")

    assert str(event["organizer"]) == f"mailto:{settings.DEFAULT_FROM_EMAIL}"
    assert str(event["organizer"].params["CN"]) == "Executive Committee of the China-Northeast Asia Expo"


def test_programme_page_links_the_feed_in_its_language(client, forum):
    page = client.get("/programme/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'href="/programme/calendar.ics?lang=en"' in page
