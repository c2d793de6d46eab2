"""``expo.redis_cache.RedisCache``: Django's Redis cache, one client per connection pool
(Django builds one per call), the same answers, from many threads."""

import os
import threading

import pytest

from expo.redis_cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")


@pytest.fixture
def cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-redis-cache"})
    yield cache
    cache.delete_many([f"k{n}" for n in range(40)] + ["key", "counter"])


def test_one_client_per_pool_and_the_same_answers_as_djangos(cache):
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    cache.set("key", {"a": 1}, 60)
    assert cache.get("key") == {"a": 1}
    assert cache.add("counter", 0, 60)
    assert cache.incr("counter") == 1
    assert cache.get_many(["key", "missing"]) == {"key": {"a": 1}}


def test_threads_share_the_client(cache):
    errors = []

    def work(n):
        try:
            for i in range(20):
                cache.set(f"k{n}", i, 60)
                assert cache.get(f"k{n}") == i
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get_many([f"k{n}" for n in range(40)]) == {f"k{n}": 19 for n in range(40)}
