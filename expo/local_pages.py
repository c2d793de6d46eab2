"""Pages kept in a web process's memory: a least-recently-used map bounded by size, each entry
for at most its timeout. The online exhibition's anonymous pages (``exhibitors.page_cache``)
and the organizers' kept pages (``expo.kept_pages``) use one each: a hit costs a dictionary
lookup, no round trip to the shared cache. The keys say what the page depends on (versions
read from the shared cache), so that an entry is never served after what it shows changed."""

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
