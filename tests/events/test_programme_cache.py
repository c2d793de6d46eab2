"""The public programme is rendered once and cached: every change shows on the next request."""

import pytest

from events.models import Event
from events.views.programme import anonymous_pages
from tests.factories import EditionFactory, EventFactory, EventRoleFactory, PersonFactory, UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_cache(settings):
    """A cache of this process only: with REDIS_URL, other test processes bump the shared
    programme version between two requests of a test."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "programme"}}


@pytest.fixture
def edition():
    return EditionFactory(number=13, is_current=True)


def programme(client, headers=EN) -> str:
    response = client.get("/programme/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_programme_second_request_is_served_from_the_cache(client, edition, django_assert_num_queries):
    EventRoleFactory(event=EventFactory(edition=edition, title_en="Legal Forum"))
    programme(client)

    # No query: the edition is the process's (expo.edition_memo), the days the cache's.
    with django_assert_num_queries(0):
        html = programme(client)

    assert "Legal Forum" in html


def test_programme_shows_an_edited_event_on_the_next_request(client, edition):
    event = EventFactory(edition=edition, title_en="Legal Forum")
    assert "Legal Forum" in programme(client)

    event.title_en = "Trade Forum"
    event.save()

    html = programme(client)
    assert "Trade Forum" in html
    assert "Legal Forum" not in html


def test_programme_shows_added_and_deleted_events_on_the_next_request(client, edition):
    kept = EventFactory(edition=edition, title_en="Legal Forum")
    assert "Investment Forum" not in programme(client)

    added = EventFactory(edition=edition, title_en="Investment Forum")
    assert "Investment Forum" in programme(client)

    Event.objects.filter(pk=added.pk).delete()
    html = programme(client)
    assert "Investment Forum" not in html
    assert kept.title_en in html


def test_programme_shows_a_renamed_speaker_on_the_next_request(client, edition):
    speaker = PersonFactory(name_en="Ada Chen")
    EventRoleFactory(event=EventFactory(edition=edition), person=speaker)
    assert "Ada Chen" in programme(client)

    speaker.name_en = "Ada Lin"
    speaker.save()

    html = programme(client)
    assert "Ada Lin" in html
    assert "Ada Chen" not in html


def test_programme_cache_keeps_languages_apart(client, edition):
    EventFactory(edition=edition, title_zh="法律论坛", title_en="Legal Forum")

    assert "Legal Forum" in programme(client, EN)
    html = programme(client, ZH)
    assert "法律论坛" in html
    assert "Legal Forum" not in html


@pytest.mark.django_db(transaction=True)
def test_programme_shows_an_event_changed_by_a_bulk_update_after_its_commit(client, edition):
    """update() sends no signal: the programme's key holds the versions of its tables, which
    change after every commit that wrote them (expo.kept_pages)."""
    event = EventFactory(edition=edition, title_en="Legal Forum")
    assert "Legal Forum" in programme(client)

    Event.objects.filter(pk=event.pk).update(title_en="Trade Forum")

    assert "Trade Forum" in programme(client)


# The anonymous page, whole, from the process's memory --------------------------------------


def test_an_anonymous_reader_gets_the_kept_page_without_rendering(client, edition, django_assert_num_queries):
    EventFactory(edition=edition, title_en="Legal Forum")
    first = client.get("/programme/?day=", **EN)

    with django_assert_num_queries(0):
        again = client.get("/programme/?day=", **EN)

    assert again.templates == []  # nothing rendered
    assert again.content == first.content
    assert again["Vary"] == first["Vary"]


def test_the_kept_page_and_the_htmx_results_are_kept_apart(client, edition):
    EventFactory(edition=edition, title_en="Legal Forum")
    page = client.get("/programme/", **EN).content.decode()
    results = client.get("/programme/", HTTP_HX_REQUEST="true", **EN).content.decode()

    assert "<html" in page
    assert "<html" not in results
    assert "Legal Forum" in results
    assert "<html" in client.get("/programme/", **EN).content.decode()


def test_a_signed_in_reader_never_gets_the_anonymous_page(client, edition):
    EventFactory(edition=edition, title_en="Legal Forum")
    anonymous = client.get("/programme/", **EN).content.decode()
    user = UserFactory(first_name="Sato", last_name="Haruki")
    client.force_login(user)

    html = client.get("/programme/", **EN).content.decode()

    assert html != anonymous
    assert "Sato" in html


def test_a_reader_with_a_message_waiting_gets_the_page_rendered(client, edition):
    EventFactory(edition=edition, title_en="Legal Forum")
    client.get("/programme/", **EN)
    client.cookies["messages"] = "waiting"

    response = client.get("/programme/", **EN)

    assert response.templates  # rendered, so that the message would show


def test_a_search_and_made_up_parameters_are_not_kept(client, edition):
    EventFactory(edition=edition, title_en="Legal Forum")

    client.get("/programme/?q=legal", **EN)
    client.get("/programme/?utm_source=mail", **EN)

    assert len(anonymous_pages) == 0
    client.get("/programme/?kind=forum", **EN)
    assert len(anonymous_pages) == 1
