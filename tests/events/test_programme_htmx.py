"""The programme's filters and search answer htmx with the results alone: the same cached
days as the whole page, never the page's response for the fragment's or the other way round
(``Vary: HX-Request``); htmx's history restore and a browser without JavaScript get the page."""

import datetime

import pytest

from tests.factories import EditionFactory, EventFactory, EventRoleFactory, PersonFactory, RoomFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HX = {"HTTP_HX_REQUEST": "true"}
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def own_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "htmx"}}


@pytest.fixture
def programme(db):
    edition = EditionFactory(number=14, year=2027, is_current=True)
    day1 = datetime.datetime(2027, 8, 23, 9, tzinfo=SHANGHAI)
    forum = EventFactory(
        edition=edition,
        title_en="Legal Forum",
        kind="main_forum",
        starts_at=day1,
        ends_at=day1 + datetime.timedelta(hours=2),
    )
    EventRoleFactory(event=forum, person=PersonFactory(name_en="Ada Chen"))
    day2 = day1 + datetime.timedelta(days=1)
    EventFactory(
        edition=edition,
        title_en="Trade Talk",
        room=RoomFactory(name_en="Hall B"),
        starts_at=day2,
        ends_at=day2 + datetime.timedelta(hours=1),
    )
    return edition


def test_filter_with_htmx_answers_the_results_alone(client, programme):
    response = client.get("/programme/", {"day": "2027-08-24"}, **HX, **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<form" not in html.split("star-form")[0]  # no filter form, only the results
    assert "Trade Talk" in html
    assert "Legal Forum" not in html
    assert "1 event" in html
    assert "HX-Request" in response["Vary"]


def test_the_whole_page_and_the_fragment_do_not_mix(client, programme):
    fragment = client.get("/programme/", {"kind": "main_forum"}, **HX, **EN)
    page = client.get("/programme/", {"kind": "main_forum"}, **EN)
    again = client.get("/programme/", {"kind": "main_forum"}, **HX, **EN)

    assert "<html" not in fragment.content.decode()
    assert "<html" in page.content.decode()
    assert 'id="programme-results"' in page.content.decode()
    assert "<html" not in again.content.decode()
    assert "Legal Forum" in page.content.decode()
    assert "HX-Request" in page["Vary"]
    assert fragment.content.decode().strip() in page.content.decode()


def test_history_restore_gets_the_whole_page(client, programme):
    response = client.get("/programme/", {"day": "2027-08-24"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX, **EN)
    assert "<html" in response.content.decode()


def test_search_finds_titles_and_speakers_in_any_case(client, programme):
    html = client.get("/programme/", {"q": "ada chen"}, **HX, **EN).content.decode()
    assert "Legal Forum" in html
    assert "Trade Talk" not in html
    html = client.get("/programme/", {"q": "TRADE hall"}, **EN).content.decode()
    assert "Trade Talk" in html
    assert "Legal Forum" not in html
    assert 'value="TRADE hall"' in html
    html = client.get("/programme/", {"q": "nothing-like-this"}, **HX, **EN).content.decode()
    assert "No event matches these filters." in html


def test_the_filter_form_works_without_javascript_and_pushes_its_address(client, programme):
    html = client.get("/programme/", {"venue": "", "q": ""}, **EN).content.decode()
    assert 'method="get" action="/programme/"' in html
    assert 'hx-get="/programme/"' in html
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#programme-results"' in html
    assert "<script>" not in html  # the CSP forbids inline scripts: htmx is a file, set by a meta tag
    assert 'name="htmx-config"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
