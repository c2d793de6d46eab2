"""Rate limits for public forms, kept in Django's cache (Redis when REDIS_URL is set, so every
web process shares the counts; the embedded setup counts per process).

A limit is a number of hits in a fixed window that starts with the first hit. Keys are
hashed: an email address never appears in the cache in clear."""

import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from expo.errors import DomainError
from expo.security import client_ip


@dataclass(frozen=True)
class Limit:
    """At most ``hits`` in ``seconds``."""

    hits: int
    seconds: int


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, *, seconds: int):
        self.seconds = seconds
        minutes = max(1, math.ceil(seconds / 60))
        super().__init__(_("Too many attempts. Please wait %(minutes)s minutes and try again.") % {"minutes": minutes})


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(f"{scope}\x00{value.strip().lower()}".encode()).hexdigest()[:40]
    return f"{settings.RATELIMIT_CACHE_PREFIX}:{scope}:{digest}"


def hit(*, scope: str, value: str, limit: Limit) -> None:
    """Count one hit of ``value`` (an address, an email) in ``scope``; raise RateLimited when
    it is over the limit. Hits past the limit count too, so hammering does not help."""
    key = _key(scope, value)
    if cache.add(key, 1, limit.seconds):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, limit.seconds)
            count = 1
    if count > limit.hits:
        raise RateLimited(seconds=limit.seconds)


def hit_client(request, *, scope: str, limit: Limit) -> None:
    """``hit`` for the request's client address (``expo.security.client_ip``: the proxy's
    header only behind TRUSTED_PROXY_COUNT proxies)."""
    hit(scope=scope, value=client_ip(request) or "unknown", limit=limit)


def once_per(*, scope: str, value: str, seconds: int) -> bool:
    """True the first time in ``seconds`` (then False until the window ends): for mails
    that must not be sent again and again."""
    return cache.add(_key(scope, value), 1, seconds)


def reset(*, scope: str, value: str) -> None:
    cache.delete(_key(scope, value))


def too_many_requests(request, error: RateLimited):
    """The translated 429 page."""
    response = render(request, "rate_limited.html", {"message": error.message}, status=429)
    response["Retry-After"] = str(error.seconds)
    return response
