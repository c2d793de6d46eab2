"""Writes to editions and member units. Every write is atomic."""

from django.db import connection, transaction

from expo import edition_memo
from expo.compiled import CompiledQuery
from expo.enums import EditionStatus
from expo.errors import EditionClosed
from expo.locking import lock_compiled, lock_rows
from expo.models import Edition

# The edition's status, read by nearly every write (compiled once: expo.compiled).
_EDITION_STATUS = CompiledQuery(lambda pk: Edition.objects.filter(pk=pk).values_list("status", flat=True))


@transaction.atomic
def edition_set_current(*, edition: Edition) -> Edition:
    """Make ``edition`` the one current edition. The rows are locked in a fixed order so
    that two organizers doing this at once end with exactly one current edition."""
    lock_rows(Edition.objects.order_by("pk").values_list("pk", flat=True))
    Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    edition_memo.editions_changed()  # update() sends no signal
    edition.is_current = True
    return edition


def edition_require_writable(edition) -> None:
    """Refuse (``EditionClosed``) a write that would change the figures of a closed edition.

    ``edition`` is an Edition or its primary key. The status is read from the database, not
    from the caller's copy. Inside a transaction on PostgreSQL the row is read ``FOR SHARE``:
    writers of the same edition do not block each other, but closing the edition (which takes
    the row ``FOR UPDATE``) waits for the writes in flight and the writes after it see it
    closed, so no write slips into an edition after its snapshot was taken. (With the locks
    off, ``expo.locking.locks_disabled``, a write slips in: tests/expo/test_closing_concurrency.py.)
    """
    pk = getattr(edition, "pk", edition)
    if pk is None:
        return
    if connection.in_atomic_block:
        rows = lock_compiled(_EDITION_STATUS, pk, table=Edition._meta.db_table, shared=True)
    else:
        rows = _EDITION_STATUS.rows(pk)
    status = rows[0] if rows else None
    if status == EditionStatus.CLOSED:
        raise EditionClosed(edition if isinstance(edition, Edition) else Edition.objects.filter(pk=pk).first())
