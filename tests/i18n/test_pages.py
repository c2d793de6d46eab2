"""Every page a foreign person sees, in each of the six languages: nothing left in another
language outside the data users entered (tests/i18n/pages.py says how that is read)."""

import pytest
from django.test import override_settings

from tests.i18n.pages import leftovers, user_data

LANGUAGES = ["zh-hans", "en", "ru", "ja", "ko", "mn"]
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "i18n-pages"}}


def public_pages(world):
    edition, exhibitor, exhibit = world["edition"], world["exhibitor"], world["exhibit"]
    n, code = edition.number, world["merchant"].code
    return [
        "/",
        "/accounts/login/",
        "/accounts/password_reset/",
        "/programme/",
        world["event"].get_absolute_url(),
        "/programme/register/",
        f"/programme/badge/{code}/",
        f"/programme/my/{code}/",
        "/programme/agenda/",
        "/online/",
        f"/online/{n}/exhibitors/",
        f"/online/{n}/exhibitors/{exhibitor.pk}/",
        f"/online/{n}/exhibits/{exhibit.pk}/",
        f"/online/{n}/pavilions/{world['pavilion'].code}/",
        f"/online/{n}/plans/{world['pavilion'].code}/?booth=A001",
        "/online/search/?q=sensor",
        "/online/search/?q=nothingatall",
        "/online/live/",
        "/online/register/",
        "/matchmaking/signup/",
        "/exhibitor/signup/",
        "/no-such-page/",
    ]


def exhibitor_pages(world):
    return [
        "/exhibitor/",
        "/exhibitor/profile/",
        "/exhibitor/pavilions/",
        f"/exhibitor/pavilions/{world['pavilion'].pk}/",
        f"/exhibitor/booths/{world['booth'].pk}/",
        "/exhibitor/applications/",
        "/exhibitor/exhibits/",
        "/exhibitor/exhibits/new/",
        f"/exhibitor/exhibits/{world['exhibit'].pk}/",
        "/exhibitor/online-analytics/",
        "/exhibitor/broadcasts/",
        "/exhibitor/meetings/",
        f"/exhibitor/meetings/{world['meeting'].pk}/",
        "/exhibitor/meetings/merchants/",
        "/exhibitor/leads/",
        "/accounts/password_change/",
    ]


def merchant_pages(world):
    return [
        "/matchmaking/",
        "/matchmaking/exhibitors/",
        f"/matchmaking/meetings/{world['meeting'].pk}/",
        "/programme/",
        "/programme/agenda/",
    ]


@override_settings(CACHES=LOCMEM)
@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_speak_the_readers_language(client, world, language):
    data = [*user_data(), "sensor", "nothingatall"]
    problems = {}
    for user, pages in (
        (None, public_pages(world)),
        (world["exhibitor_user"], exhibitor_pages(world)),
        (world["merchant"].user, merchant_pages(world)),
    ):
        client.logout()
        if user is not None:
            client.force_login(user)
        for path in pages:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
            expected = 404 if path == "/no-such-page/" else 200
            if response.status_code != expected:
                problems[path] = response.status_code
                continue
            assert response.headers["Content-Language"] == language
            left = leftovers(response.content.decode(), language, data)
            if left:
                problems[path] = left

    assert problems == {}


@override_settings(CACHES=LOCMEM)
@pytest.mark.parametrize("language", ["ru", "ja", "ko", "mn"])
def test_form_errors_speak_the_readers_language(client, world, language):
    response = client.post(
        "/programme/register/", {"name": "", "email": "not-an-address"}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.status_code == 200
    assert leftovers(response.content.decode(), language, user_data()) == []
