"""Sessions read from the cache (cached_db, as with REDIS_URL) still end when their user is
disabled or loses a device: ended through the session store, they leave the cache too."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MemberUnitUserFactory, OrganizerFactory

pytestmark = pytest.mark.django_db

CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = CACHED_DB
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"}}
    cache.clear()
    yield
    cache.clear()


def cached_user_id(session_key: str):
    data = cache.get(KEY_PREFIX + session_key)
    return None if data is None else data.get(SESSION_KEY)


def test_cached_session_is_read_from_the_cache(cached_sessions, client):
    user = MemberUnitUserFactory()
    client.force_login(user)
    client.get("/portal/")

    assert cached_user_id(client.session.session_key) == str(user.pk)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/portal/").status_code == 200
    assert [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]] == []


def test_disabling_a_user_ends_their_cached_sessions(cached_sessions, client):
    user = MemberUnitUserFactory()
    other = MemberUnitUserFactory()
    second = Client()
    client.force_login(user)
    second.force_login(user)
    third = Client()
    third.force_login(other)
    keys = [client.session.session_key, second.session.session_key]

    user.is_active = False
    user.save()

    assert [cached_user_id(key) for key in keys] == [None, None]
    assert cached_user_id(third.session.session_key) == str(other.pk)
    assert [s.get_decoded().get(SESSION_KEY) for s in Session.objects.all()] == [str(other.pk)]
    assert client.get("/portal/").status_code == 302


def test_deleting_a_users_device_ends_their_cached_session(cached_sessions, client):
    user = OrganizerFactory()
    client.force_login(user)
    key = client.session.session_key

    TOTPDevice.objects.filter(user=user).delete()

    assert cached_user_id(key) is None
    assert Session.objects.count() == 0
