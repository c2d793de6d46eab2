"""The anonymous pages of the online exhibition, kept in this process's memory.

A page that every anonymous visitor of a language gets alike is kept in the shared cache
(Redis) by ``exhibitors.views.online``; a web process also keeps the pages it served last
here, so that the next request for one costs no round trip at all: with the version of the
online exhibition (``exhibitors.signals.online_version``, trusted for ``VERSION_MAX_AGE``
seconds) in the key, a hit is a dictionary lookup. Under load the round trips were what an
anonymous page cost beyond the floor: each wait for Redis let another process take the core.

Bounded by size (least recently used out first), so made-up addresses cannot grow it."""

import threading
import time
from collections import OrderedDict

MAX_BYTES = 32 * 1024 * 1024


class LocalPages:
    """A least-recently-used map of keys to ``(content, extra)``, ``content`` bytes, of at
    most ``max_bytes`` of content, each kept at most ``timeout`` seconds (as long as in the
    shared cache: a page may show what changes with the clock, such as the next broadcasts).
    Thread-safe (runserver serves with threads)."""

    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self._pages: OrderedDict[str, tuple[bytes, object, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, object] | None:
        with self._lock:
            value = self._pages.get(key)
            if value is None:
                return None
            if value[2] <= time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return value[0], value[1]

    def set(self, key: str, content: bytes, extra=None, *, timeout: float) -> None:
        if len(content) > self.max_bytes:
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = (content, extra, time.monotonic() + timeout)
            self._bytes += len(content)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= len(old[0])

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def size(self) -> int:
        return self._bytes


pages = LocalPages()
