"""Figures over a whole edition (attendance by day and kind, merchants by inviting unit,
the exhibition's totals) shared by every web process for ``FIGURES_REFRESH_SECONDS``.

Counting 2.3 million attendees took 0.5 to 2 s of the database per view at ten times the
13th edition (docs/benchmarks/2026-12-02-expo-day-after.md): with ten organizers looking at
them during the morning rush the database did nothing else. Now each figure is counted at
most once per refresh period for the whole site, whatever the number of viewers: the first
request after the period counts again (stale-while-revalidate: the others meanwhile get the
previous figures at once), and the page says when the figures were counted. The check-in
desk does not invalidate them on each scan (that would count again 50 times a second);
writes that people expect to see at once (a unit's target) are read live, outside the cache.
"""

import pickle
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

# A refresh that has not finished after this long (a killed worker) lets another one start.
REFRESH_LOCK_SECONDS = 60
KEEP_FACTOR = 20  # a stale entry is kept this many periods (served while one request refreshes)
# A page of figures is kept (expo.kept_pages) at most this long: it says when they were counted.
FIGURES_KEPT_SECONDS = 15


class _Unpickled:
    """The value of each entry this process read last, by key: ``(counted_at, value)``.

    The shared cache holds ``(counted_at, pickled value)``: a hit unpickles a float and a
    string, and the value itself only when it was counted again. Figures carry translatable
    labels, and unpickling each lazy string builds a class (Django's ``lazy``): 3.6 of the
    16 ms of the check-in desk's page in the profile. Values are shared by the requests
    of the process: read them, never change them."""

    entries: dict[str, tuple[float, Any]] = {}
    lock = threading.Lock()


def forget_unpickled() -> None:
    """Unpickle every value again on its next read (tests)."""
    with _Unpickled.lock:
        _Unpickled.entries.clear()


_unpickle = pickle.loads  # noqa: S301 - what it reads, this site's own cache.set below wrote


def _value(key: str, counted_at: float, pickled: bytes) -> Any:
    known = _Unpickled.entries.get(key)
    if known is not None and known[0] == counted_at:
        return known[1]
    value = _unpickle(pickled)
    with _Unpickled.lock:
        _Unpickled.entries[key] = (counted_at, value)
    return value


@dataclass(frozen=True)
class Figures:
    value: Any
    counted_at: datetime

    @property
    def refresh_seconds(self) -> int:
        return settings.FIGURES_REFRESH_SECONDS


def _key(name: str, edition_id: int) -> str:
    return f"{settings.FIGURES_CACHE_PREFIX}:{name}:{edition_id}"


def cached_figures(name: str, *, edition_id: int, compute: Callable[[], Any]) -> Figures:
    """``compute()``'s value for the edition, counted at most once per refresh period for every
    process (``FIGURES_REFRESH_SECONDS``; 0 counts on every call). ``compute`` returns
    picklable data."""
    period = settings.FIGURES_REFRESH_SECONDS
    if period <= 0:
        return Figures(compute(), timezone.now())
    key = _key(name, edition_id)
    entry = cache.get(key)
    now = time.time()
    if entry is not None:
        counted_at, pickled = entry
        fresh = now - counted_at < period
        # Stale: one request counts again; the others get the previous figures meanwhile.
        if fresh or not cache.add(f"{key}:refresh", 1, timeout=REFRESH_LOCK_SECONDS):
            return Figures(_value(key, counted_at, pickled), datetime.fromtimestamp(counted_at, tz=UTC))
    try:
        value = compute()
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        cache.set(key, (now, pickled), timeout=max(period * KEEP_FACTOR, REFRESH_LOCK_SECONDS))
        with _Unpickled.lock:
            _Unpickled.entries[key] = (now, value)
    finally:
        cache.delete(f"{key}:refresh")
    return Figures(value, datetime.fromtimestamp(now, tz=UTC))


def forget_figures(name: str, *, edition_id: int) -> None:
    """The next request counts again (after a write people expect to see at once)."""
    cache.delete(_key(name, edition_id))
