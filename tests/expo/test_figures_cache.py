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


def test_a_hit_unpickles_the_value_only_when_it_was_counted_again(counter, settings, monkeypatch):
    """The figures carry lazy labels, whose unpickling builds a class each time: a process
    unpickles an entry once, and again only after a recount (by any process)."""
    import pickle

    from django.utils.translation import gettext_lazy

    from expo import figures_cache

    settings.FIGURES_REFRESH_SECONDS = 30
    figures_cache.forget_unpickled()
    cached_figures("labels", edition_id=1, compute=lambda: {"label": gettext_lazy("Merchants"), "n": 1})
    loads = []
    monkeypatch.setattr(figures_cache, "_unpickle", lambda data: loads.append(1) or pickle.loads(data))
    figures_cache.forget_unpickled()  # as in another process

    first = cached_figures("labels", edition_id=1, compute=lambda: pytest.fail("counted again"))
    second = cached_figures("labels", edition_id=1, compute=lambda: pytest.fail("counted again"))
    assert first.value["n"] == 1
    assert second.value is first.value
    assert len(loads) == 1

    key = f"{settings.FIGURES_CACHE_PREFIX}:labels:1"
    counted_at, _pickled = cache.get(key)
    cache.set(key, (counted_at + 1, pickle.dumps({"label": gettext_lazy("Merchants"), "n": 2})))  # another process
    assert cached_figures("labels", edition_id=1, compute=lambda: pytest.fail("counted again")).value["n"] == 2
    assert len(loads) == 2
