"""The six languages: each offered in its own name, the browser's language honoured on the
first visit, and organizers' and member units' pages kept in Chinese and English."""

import pytest
from django.conf import settings

from tests.factories import MemberUnitUserFactory, OrganizerFactory, exhibitor_user

OWN_NAMES = {"zh-hans": "简体中文", "en": "English", "ru": "Русский", "ja": "日本語", "ko": "한국어", "mn": "Монгол"}


def test_six_languages_each_in_its_own_name():
    assert dict(settings.LANGUAGES) == OWN_NAMES


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.5", "ru"),
        ("ja-JP", "ja"),
        ("ko-KR,ko;q=0.8", "ko"),
        ("mn-MN", "mn"),
        ("mn", "mn"),
        ("zh-CN", "zh-hans"),
        ("en-GB", "en"),
        ("de-DE", "zh-hans"),
    ],
)
def test_first_visit_follows_the_browsers_language(client, accept, expected):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 200
    assert response.headers["Content-Language"] == expected
    assert f'<html lang="{expected}">' in response.content.decode()


@pytest.mark.django_db
def test_switcher_on_public_pages_offers_all_six_in_their_own_names(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()

    for code, name in OWN_NAMES.items():
        assert f'value="{code}" lang="{code}"' in html
        assert name in html
    assert 'value="ko" lang="ko"\n      class="lang is-active" aria-pressed="true"' in html


@pytest.mark.django_db
def test_chosen_language_is_kept_by_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "mn", "next": "/accounts/login/"})
    assert response.status_code == 302

    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert page.headers["Content-Language"] == "mn"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "ja", "ko", "mn"])
def test_staff_pages_fall_back_to_english_and_offer_only_chinese_and_english(client, language):
    client.force_login(OrganizerFactory(is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get("/staff/")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert 'value="zh-hans"' in html
    assert 'value="en"' in html
    assert all(f'value="{code}"' not in html for code in ("ru", "ja", "ko", "mn"))


@pytest.mark.django_db
def test_staff_pages_keep_chinese(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    assert client.get("/staff/").headers["Content-Language"] == "zh-hans"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/portal/", "/admin/"])
def test_unit_portal_and_admin_speak_english_to_a_korean_reader(client, path):
    user = MemberUnitUserFactory(is_staff=path == "/admin/", is_superuser=path == "/admin/")
    client.force_login(user)

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="ko")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_exhibitor_portal_speaks_the_readers_language(client):
    client.force_login(exhibitor_user())

    response = client.get("/exhibitor/", HTTP_ACCEPT_LANGUAGE="ja")

    assert response.headers["Content-Language"] == "ja"
    assert 'value="mn"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "remembered"),
    [(lambda: exhibitor_user(), "ko"), (lambda: MemberUnitUserFactory(), "en"), (lambda: OrganizerFactory(), "en")],
)
def test_login_remembers_the_language_for_mails_staff_in_chinese_or_english(client, factory, remembered):
    from tests.factories import TEST_PASSWORD

    user = factory()
    client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}, HTTP_ACCEPT_LANGUAGE="ko")

    user.refresh_from_db()
    assert user.language == remembered
