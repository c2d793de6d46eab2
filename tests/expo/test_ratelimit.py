"""expo.ratelimit: counts in the cache, per scope and value, with a window."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from expo import ratelimit
from expo.ratelimit import Limit, RateLimited


def test_hits_up_to_the_limit_pass_and_the_next_is_refused_with_a_translated_message(english):
    limit = Limit(hits=3, seconds=600)
    for _ in range(3):
        ratelimit.hit(scope="s", value="a@example.org", limit=limit)

    with pytest.raises(RateLimited) as refused:
        ratelimit.hit(scope="s", value="A@Example.org ", limit=limit)  # the same address
    assert refused.value.message == "Too many attempts. Please wait 10 minutes and try again."
    assert refused.value.seconds == 600
    ratelimit.hit(scope="s", value="b@example.org", limit=limit)  # another value: its own count
    ratelimit.hit(scope="other", value="a@example.org", limit=limit)  # another scope too


def test_the_window_ends_and_counting_starts_again():
    limit = Limit(hits=1, seconds=600)
    ratelimit.hit(scope="w", value="x", limit=limit)
    with pytest.raises(RateLimited):
        ratelimit.hit(scope="w", value="x", limit=limit)

    cache.delete(ratelimit._key("w", "x"))  # what the cache does when the window's time is up

    ratelimit.hit(scope="w", value="x", limit=limit)


def test_the_cache_holds_no_email_address_in_clear(settings):
    key = ratelimit._key("registration-email", "kim@hanbit.example.org")

    assert "kim" not in key
    assert "hanbit" not in key
    assert key.startswith(settings.RATELIMIT_CACHE_PREFIX)


def test_once_per_is_true_once_in_its_window():
    assert ratelimit.once_per(scope="mail", value="7", seconds=900) is True
    assert ratelimit.once_per(scope="mail", value="7", seconds=900) is False
    assert ratelimit.once_per(scope="mail", value="8", seconds=900) is True


def test_client_limits_count_the_remote_address_not_the_proxy_header(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    limit = Limit(hits=1, seconds=60)
    factory = RequestFactory()
    ratelimit.hit_client(
        factory.post("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.1"), scope="c", limit=limit
    )

    with pytest.raises(RateLimited):  # a new forged header does not make a new client
        ratelimit.hit_client(
            factory.post("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.2"), scope="c", limit=limit
        )
