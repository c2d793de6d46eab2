"""Figures over a whole edition counted once per refresh period for every process."""

import time

import pytest
from django.core.cache import cache

from expo.figures_cache import cached_figures, forget_figures


@pytest.fixture
def counter(settings):
    settings.FIGURES_REFRESH_SECONDS = 30
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    return calls, compute


def test_figures_are_counted_once_within_the_period(counter):
    calls, compute = counter

    first = cached_figures("test", edition_id=1, compute=compute)
    second = cached_figures("test", edition_id=1, compute=compute)

    assert first.value == second.value == {"n": 1}
    assert first.counted_at == second.counted_at
    assert len(calls) == 1


def test_each_edition_and_name_has_its_own_figures(counter):
    calls, compute = counter

    cached_figures("test", edition_id=1, compute=compute)
    cached_figures("test", edition_id=2, compute=compute)
    cached_figures("other", edition_id=1, compute=compute)

    assert len(calls) == 3


def test_stale_figures_are_counted_again_by_one_request(counter, settings):
    calls, compute = counter
    cached_figures("test", edition_id=1, compute=compute)
    key = f"{settings.FIGURES_CACHE_PREFIX}:test:1"
    counted_at, value = cache.get(key)
    cache.set(key, (counted_at - 31, value))

    again = cached_figures("test", edition_id=1, compute=compute)

    assert again.value == {"n": 2}
    assert len(calls) == 2


def test_stale_figures_are_served_while_another_request_counts(counter, settings):
    """No stampede: while one request counts again, the others get the previous figures."""
    calls, compute = counter
    cached_figures("test", edition_id=1, compute=compute)
    key = f"{settings.FIGURES_CACHE_PREFIX}:test:1"
    counted_at, value = cache.get(key)
    cache.set(key, (counted_at - 31, value))
    cache.add(f"{key}:refresh", 1, timeout=60)  # another process is counting

    stale = cached_figures("test", edition_id=1, compute=compute)

    assert stale.value == {"n": 1}
    assert len(calls) == 1


def test_forgotten_figures_are_counted_again(counter):
    calls, compute = counter
    cached_figures("test", edition_id=1, compute=compute)

    forget_figures("test", edition_id=1)
    again = cached_figures("test", edition_id=1, compute=compute)

    assert again.value == {"n": 2}


def test_a_period_of_zero_counts_every_time(counter, settings):
    calls, compute = counter
    settings.FIGURES_REFRESH_SECONDS = 0

    cached_figures("test", edition_id=1, compute=compute)
    now = time.time()
    latest = cached_figures("test", edition_id=1, compute=compute)

    assert latest.value == {"n": 2}
    assert latest.counted_at.timestamp() >= now - 1
