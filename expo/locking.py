"""One way to lock rows: ``lock_rows``.

Every service that checks a rule against rows other writers may change at the same moment
locks those rows first, inside its transaction, through ``lock_rows``:

- ``SELECT ... FOR UPDATE OF`` the queryset's own table (``of=("self",)``), never the tables
  it joins with ``select_related`` (locking a pavilion must not lock its edition);
- on PostgreSQL it waits at most ``settings.LOCK_TIMEOUT_MS`` for a row another transaction
  holds, then raises ``LockTimeout`` (a ``DomainError`` with a message for the user: shown as
  409 when no view catches it) instead of hanging or ending in a 500;
- ``shared=True`` reads the rows ``FOR SHARE``: writers of the same parent do not block each
  other, but a writer taking the row ``FOR UPDATE`` waits for them all.

A guarded ``UPDATE`` is the other way: ``UPDATE ... SET n = n + x WHERE <still allowed>``
locks the row only for its own statement to the commit, and PostgreSQL re-checks the condition
on the row's latest version when another transaction changed it meanwhile (a pavilion's booked
area taken by a hold, ``exhibitors.services._take_area``). Write it with
``update_rows(queryset, guard=Q(...), field=...)``.

Test seam: ``locks_disabled()`` makes ``lock_rows`` read without locking, and ``update_rows``
leave out its guard, for the concurrency tests' negative controls only; they run the real service
with its locks off and show the race the locks prevent.
"""

import contextlib
import threading

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.models import Q, QuerySet

from expo.compiled import CompiledQuery
from expo.errors import LockTimeout

# PostgreSQL's SQLSTATE for lock_not_available (the lock timeout, or NOWAIT refused).
LOCK_NOT_AVAILABLE = "55P03"

SET_TIMEOUT = "SELECT set_config('lock_timeout', %s, true)"

_switch = threading.Lock()
_locks_on = True


@contextlib.contextmanager
def locks_disabled():
    """Test seam for negative controls only: while inside, ``lock_rows`` in every thread
    reads its rows without locking them (and without a lock timeout)."""
    global _locks_on
    with _switch:
        _locks_on = False
    try:
        yield
    finally:
        with _switch:
            _locks_on = True


def locks_enabled() -> bool:
    return _locks_on


def update_rows(queryset: QuerySet, *, guard: Q | None = None, **values) -> int:
    """``queryset.update(**values)`` on the rows that still satisfy ``guard`` (checked by
    PostgreSQL on each row's latest version), returning how many rows it changed. The rows
    stay locked to the commit: call it last in the transaction. Waits at most
    ``settings.LOCK_TIMEOUT_MS`` for a row another transaction holds (when this transaction
    set it already, by a ``lock_rows``), then raises ``LockTimeout``. Under
    ``locks_disabled`` the guard is left out (the negative controls' race)."""
    if guard is not None and _locks_on:
        queryset = queryset.filter(guard)
    try:
        return queryset.update(**values)
    except OperationalError as error:
        if is_lock_timeout(error):
            raise LockTimeout() from error
        raise


def _timeout_wanted(connection, milliseconds: int | None) -> str | None:
    """The ``lock_timeout`` to set before locking (``"5000ms"``), or None when this
    transaction has it already. Once per transaction, so that a service that locks several
    times, or reads its edition ``FOR SHARE`` after locking, pays no round trip for it again.

    A transaction is known by its list of on-commit callbacks: Django makes a new one when a
    transaction commits or rolls back and when a savepoint rolls back, which is exactly when
    PostgreSQL forgets a ``SET LOCAL``."""
    milliseconds = int(settings.LOCK_TIMEOUT_MS if milliseconds is None else milliseconds)
    done = getattr(connection, "_expo_lock_timeout", None)
    if done is not None and done[0] is connection.run_on_commit and done[1] == milliseconds:
        return None
    return f"{milliseconds}ms"


def _timeout_done(connection, value: str) -> None:
    connection._expo_lock_timeout = (connection.run_on_commit, int(value.removesuffix("ms")))


def set_lock_timeout(milliseconds: int | None = None, *, using: str = "default") -> None:
    """Inside a transaction on PostgreSQL: wait at most this long (``LOCK_TIMEOUT_MS`` by
    default) for a row lock, until the transaction ends."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    value = _timeout_wanted(connection, milliseconds)
    if value is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(SET_TIMEOUT, [value])
    _timeout_done(connection, value)


def is_lock_timeout(error: BaseException) -> bool:
    """Whether a database error is PostgreSQL refusing to wait longer for a lock."""
    cause = error.__cause__ or error
    return getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE or getattr(cause, "pgcode", None) == (
        LOCK_NOT_AVAILABLE
    )


def lock_rows(queryset: QuerySet, *, of=("self",), nowait: bool = False, shared: bool = False) -> list:
    """Lock the rows of ``queryset`` and return them (a list, as the queryset yields them).

    Call inside ``transaction.atomic``. Rows are locked in the queryset's order, by primary key
    when it has none, so that two transactions locking the same rows never deadlock. ``of``
    names what ``FOR UPDATE`` locks (``"self"``: the queryset's own table only). ``shared=True``
    locks ``FOR SHARE`` (only for a plain queryset of one table; the rows are then tuples of the
    selected columns' raw values: give it a ``values_list``). Raises ``LockTimeout`` when a row stays locked by another
    transaction longer than ``settings.LOCK_TIMEOUT_MS`` (``nowait``: at once).
    """
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    if not _locks_on:
        return list(queryset)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":  # SQLite locks the whole database on write anyway
        return list(queryset.select_for_update(of=of, nowait=nowait) if not shared else queryset)
    try:
        if shared:
            return _lock_shared(queryset, connection, nowait=nowait)
        if not nowait:
            set_lock_timeout(using=queryset.db)
        return list(queryset.select_for_update(of=of, nowait=nowait))
    except OperationalError as error:
        if is_lock_timeout(error):
            raise LockTimeout() from error
        raise


def lock_row(queryset: QuerySet, **lookup):
    """``lock_rows`` for one row, like ``queryset.get(**lookup)``: raises ``DoesNotExist``
    when there is none."""
    rows = lock_rows(queryset.filter(**lookup) if lookup else queryset)
    if not rows:
        raise queryset.model.DoesNotExist(f"{queryset.model._meta.object_name} matching query does not exist.")
    if len(rows) > 1:
        raise queryset.model.MultipleObjectsReturned(f"get() returned {len(rows)} {queryset.model._meta.object_name}s")
    return rows[0]


def _lock_shared(queryset: QuerySet, connection, *, nowait: bool) -> list:
    """``SELECT ... FOR SHARE``, which Django's ORM does not write: the queryset's own SQL
    with the clause added (it comes last, after ORDER BY and LIMIT). Rows are tuples of the
    selected columns' raw values. The lock timeout, when this transaction has not set it yet,
    goes in the same round trip (psycopg binds the parameters on the client, as Django has it
    by default, so one execute may hold two statements)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    sql = f"{sql} FOR SHARE{' NOWAIT' if nowait else ''}"
    timeout = None if nowait else _timeout_wanted(connection, None)
    server_side = connection.settings_dict.get("OPTIONS", {}).get("server_side_binding")
    with connection.cursor() as cursor:
        if timeout is None:
            cursor.execute(sql, params)
        elif server_side:
            cursor.execute(SET_TIMEOUT, [timeout])
            cursor.execute(sql, params)
        else:
            cursor.execute(f"{SET_TIMEOUT}; {sql}", [timeout, *params])
            cursor.nextset()
        rows = cursor.fetchall()
    if timeout is not None:
        _timeout_done(connection, timeout)
    return rows


def lock_compiled(query: CompiledQuery, *args, table: str, shared: bool = False, using: str = DEFAULT_DB_ALIAS) -> list:
    """``lock_rows`` for a query of a hot path compiled once per process
    (``expo.compiled.CompiledQuery``): its rows ``FOR UPDATE OF table`` (``shared``: ``FOR
    SHARE``, then ``table`` is not named), with the lock timeout in the same round trip when the
    transaction has not set it yet. The query orders its rows itself when it locks several.
    Same seam (``locks_disabled``) and errors (``LockTimeout``) as ``lock_rows``."""
    connection = connections[using]
    if not _locks_on or connection.vendor != "postgresql":
        return query.rows(*args, db=using)
    quoted = connection.ops.quote_name(table)
    suffix = "FOR SHARE" if shared else f"FOR UPDATE OF {quoted}"
    timeout = _timeout_wanted(connection, None) if connection.in_atomic_block else None
    try:
        if timeout is None:
            rows = query.rows(*args, db=using, suffix=suffix)
        else:
            rows = query.rows(*args, db=using, suffix=suffix, prefix=f"{SET_TIMEOUT};", prefix_params=[timeout])
    except OperationalError as error:
        if is_lock_timeout(error):
            raise LockTimeout() from error
        raise
    if timeout is not None:
        _timeout_done(connection, timeout)
    return rows
