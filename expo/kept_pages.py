"""Organizers' pages kept for their reader while the tables they show have not changed.

The secretariat's matrix, the protocol desk, the report runs and the admin's long lists are
read again and again by the same few people (a reload, the next page and back, a second tab)
while nothing they show has changed; rendering them is 10 to 50 ms of Python each, against
about 3 ms for the cheapest logged-in page (docs/benchmarks/). A view decorated with
``kept_page`` is rendered once and its answer kept in the shared cache, for that session
only, under the versions of the tables the page reads:

- every statement that writes a watched table (INSERT, UPDATE, DELETE through Django, the
  ORM's ``update()`` and ``bulk_create`` included, and ``expo.bulk``'s COPY) changes the
  table's version after its transaction commits, in every process (an execute wrapper on
  each database connection, ``note_writes``); a page read meanwhile is kept under the old
  version and never served again;
- the key holds the session, the user, the CSRF cookie (the page's forms carry a token of
  it), the address with its query, the language, the day and whether htmx asked;
- a page with a message for its reader is neither served from nor kept in the cache;
- what a table written outside Django changes (a psql script) shows after at most
  ``KEPT_PAGES_SECONDS`` (60 s by default; 0 keeps nothing, as in the tests; the versions
  are kept whatever this says: ``versions_of`` keys other caches).

Only GET answers of 200 are kept; ``replay`` redoes what a view must do on every view (the
protocol desk's record of who saw protected data) with what the view left in
``request.kept_page_replay``."""

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from expo.local_pages import LocalPages

VERSION_PREFIX = "kept-pages:v:"
PAGE_PREFIX = "kept-pages:page:"
# The apps whose tables are watched in every process (a worker writes what a web process shows).
WATCHED_APPS = ("expo", "exhibitors", "events", "delegations", "projects", "matchmaking")

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


def enabled() -> bool:
    return getattr(settings, "KEPT_PAGES_SECONDS", 0) > 0


# What changed --------------------------------------------------------------------------------


def tables_of(*sources) -> list[str]:
    """The tables of models and of apps (an app label: every model of the app), with the
    tables of their many-to-many fields."""
    models = []
    for source in sources:
        models += list(apps.get_app_config(source).get_models()) if isinstance(source, str) else [source]
    tables = set()
    for model in models:
        tables.add(model._meta.db_table)
        tables |= {field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many}
    return sorted(tables)


@functools.cache
def _watched() -> frozenset[str]:
    return frozenset(tables_of(*WATCHED_APPS))


def note_writes(execute, sql, params, many, context):
    """The execute wrapper of every connection (``install``): a statement that writes a
    table of the watched apps changes the table's version once its transaction commits."""
    result = execute(sql, params, many, context)
    if sql[:1] in "IUDCiudc":
        match = _WRITE.match(sql)
        if match and match.group(1) in _watched():
            tables_written(match.group(1), using=context["connection"].alias)
    return result


def install(connection, **kwargs) -> None:
    """``connection_created``: watch the connection's writes."""
    if note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(note_writes)


class _NewVersions:
    """The after-commit callback of one transaction: the tables it wrote, in one cache write."""

    def __init__(self):
        self.tables: set[str] = set()
        self.__qualname__ = "expo.kept_pages._NewVersions"  # named in the log of a robust callback

    def __call__(self):
        now = time.time_ns()
        cache.set_many({VERSION_PREFIX + table: now for table in self.tables}, timeout=None)


def tables_written(*tables: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """The pages that read ``tables`` are read again after the current transaction commits
    (at once outside a transaction): one cache write per transaction, whatever it wrote."""
    connection = connections[using]
    if connection.in_atomic_block:
        for _sids, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _NewVersions):
                callback.tables.update(tables)
                return
    callback = _NewVersions()
    callback.tables.update(tables)
    # robust: a cache that fails after the commit is logged, never the write's own error.
    transaction.on_commit(callback, using=using, robust=True)


@functools.cache
def _tables_for(sources: tuple) -> tuple[str, ...]:
    return tuple(tables_of(*sources))


def versions_of(*sources) -> tuple:
    """The versions of the tables of ``sources`` (models, app labels): one cache read. They
    change after each commit that wrote one of them, whatever ``KEPT_PAGES_SECONDS`` says
    (the public programme's cache is keyed by them)."""
    return tuple(_versions(_tables_for(sources)))


def _versions(tables: Iterable[str]) -> list:
    keys = [VERSION_PREFIX + table for table in tables]
    found = cache.get_many(keys)
    return [found.get(key) for key in keys]


# The pages -----------------------------------------------------------------------------------


def _has_messages(request) -> bool:
    """A message waits for the reader (Django's fallback storage: a cookie, or the session)."""
    return "messages" in request.COOKIES or "_messages" in request.session


def _key(request, name: str, tables: Iterable[str]) -> str | None:
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    csrf = request.META.get("CSRF_COOKIE")
    if (
        request.method != "GET"
        or user is None
        or not user.is_authenticated
        or session is None
        or not session.session_key
        or not csrf
        or _has_messages(request)
    ):
        return None
    parts = [
        name,
        session.session_key,
        str(user.pk),
        csrf,
        request.get_full_path(),
        get_language() or "",
        request.headers.get("HX-Request", ""),
        timezone.localdate().isoformat(),
        *map(str, _versions(tables)),
    ]
    return PAGE_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _timeout(seconds: int | None) -> int:
    return min(settings.KEPT_PAGES_SECONDS, seconds or settings.KEPT_PAGES_SECONDS)


# The pages this process served last (16 MiB): a reader's next request for one costs no round
# trip for its body; its key holds the versions read from the shared cache.
_local = LocalPages(max_bytes=16 * 1024 * 1024)


def kept_page(
    *sources, seconds: int | None = None, replay: Callable | None = None, name: str = "", shared: bool = True
):
    """Keep the view's answers per session while the tables of ``sources`` (models, app
    labels) and of the users (rights, offices) do not change, at most ``seconds`` (and
    ``KEPT_PAGES_SECONDS``). ``replay(request, kept)``: what each view of a kept page must do
    again, with the ``request.kept_page_replay`` the view left when it rendered. The view
    checks its reader's rights itself: a page is kept for one user, whose rights are in the
    watched tables. ``name``: the page's own name in the keys (the view's, by default).
    ``shared=False``: kept in the web process's memory only (bounded), never in the shared
    cache, for large pages whose tables change often (each change would leave a copy per
    reader in the shared cache until it expires)."""

    def decorator(view):
        page = name or f"{view.__module__}.{view.__qualname__}"

        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not enabled():
                return view(request, *args, **kwargs)
            key = _key(request, page, _tables_for((get_user_model(), *sources)))
            if key is None:
                return view(request, *args, **kwargs)
            kept = _local.get(key)  # this process's memory first: no round trip
            if kept is None and shared:
                entry = cache.get(key)
                # Kept here no longer than in the shared cache (its deadline is in the entry).
                if entry is not None and entry[3] > time.time():
                    kept = (entry[0], (entry[1], entry[2]))
                    _local.set(key, *kept, timeout=entry[3] - time.time())
            if kept is not None:
                content, (headers, replayed) = kept
                if replay is not None:
                    replay(request, replayed)
                response = HttpResponse(content)
                for header, value in headers:
                    response[header] = value
                return response
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (the admin's)
            storage = getattr(request, "_messages", None)
            if (
                response.status_code == 200
                and not response.streaming
                # The admin's views set the CSRF cookie again (csrf_protect): the reader has it.
                and not set(response.cookies) - {settings.CSRF_COOKIE_NAME}
                and not (storage is not None and len(storage))
            ):
                headers = list(response.items())
                replayed = getattr(request, "kept_page_replay", None)
                timeout = _timeout(seconds)
                if shared:
                    cache.set(key, (response.content, headers, replayed, time.time() + timeout), timeout=timeout)
                _local.set(key, response.content, (headers, replayed), timeout=timeout)
            return response

        return wrapped

    return decorator
