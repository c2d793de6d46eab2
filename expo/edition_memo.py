"""The current edition, kept by each web process instead of read on every request.

Nearly every request asks which edition is current (the check-in desk's scan, a booth hold,
every organizer's page): one query of the editions with the previous one joined, about 1.5 ms
of Python and a round trip each time, for a row that changes a few times a year. Each
process keeps the answer and checks the version of the editions' table at most once per
``TRUST_SECONDS``: ``expo.kept_pages`` changes it after every commit that wrote the table
(``update()`` included). The process that writes forgets at once, before its commit (a
signal, or ``editions_changed`` after a bulk ``update``). What writes outside Django (a raw
SQL script) is seen after at most ``MAX_AGE_SECONDS``.

What depends on an edition's state for a write (closed, writable) reads it from the
database under a lock (``expo.services.edition_require_writable``), never from here.
Callers get their own copy: changing it changes nobody else's."""

import copy
import time
from collections.abc import Callable

from expo import kept_pages
from expo.models import Edition

TRUST_SECONDS = 1.0
MAX_AGE_SECONDS = 30.0


class _Memo:
    # (edition or None, version read before loading it, loaded at, version checked at), or None.
    state: tuple | None = None


def current(load: Callable[[], object]):
    """``load()``'s edition, loaded again only after the editions changed (or MAX_AGE_SECONDS)."""
    now = time.monotonic()
    state = _Memo.state
    if state is not None and now - state[2] < MAX_AGE_SECONDS:
        edition, version, loaded_at, checked_at = state
        if now - checked_at < TRUST_SECONDS:
            return copy.copy(edition)
        if _version() == version:
            _Memo.state = (edition, version, loaded_at, now)
            return copy.copy(edition)
    version = _version()  # before loading: a change meanwhile is seen next time
    edition = load()
    _Memo.state = (edition, version, now, now)
    return copy.copy(edition)


def forget() -> None:
    """This process loads the edition again on its next call (tests; after a write)."""
    _Memo.state = None


def _version():
    return kept_pages.versions_of(Edition)


def editions_changed() -> None:
    """This process loads the current edition again at once (the others after the commit,
    by the table's version)."""
    forget()


def _edition_saved_or_deleted(sender, raw=False, **kwargs):
    if not raw:
        editions_changed()
