"""Writes to editions and member units. Every write is atomic."""

from django.db import connection, transaction

from expo.enums import EditionStatus
from expo.errors import EditionClosed
from expo.models import Edition

# Test seam for the concurrency tests' negative control only: False reads the edition's status
# without ``FOR SHARE``, which lets a write slip into an edition after its snapshot.
EDITION_GUARD_SHARE_LOCK = True


@transaction.atomic
def edition_set_current(*, edition: Edition) -> Edition:
    """Make ``edition`` the one current edition. The rows are locked in a fixed order so
    that two organizers doing this at once end with exactly one current edition."""
    list(Edition.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    Edition.objects.filter(is_current=True).exclude(pk=edition.pk).update(is_current=False)
    Edition.objects.filter(pk=edition.pk).update(is_current=True)
    edition.is_current = True
    return edition


def edition_require_writable(edition) -> None:
    """Refuse (``EditionClosed``) a write that would change the figures of a closed edition.

    ``edition`` is an Edition or its primary key. The status is read from the database, not
    from the caller's copy. Inside a transaction on PostgreSQL the row is read ``FOR SHARE``:
    writers of the same edition do not block each other, but closing the edition (which takes
    the row ``FOR UPDATE``) waits for the writes in flight and the writes after it see it
    closed, so no write slips into an edition after its snapshot was taken.
    """
    pk = getattr(edition, "pk", edition)
    if pk is None:
        return
    if EDITION_GUARD_SHARE_LOCK and connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT status FROM {Edition._meta.db_table} WHERE id = %s FOR SHARE", [pk])
            row = cursor.fetchone()
        status = row[0] if row else None
    else:
        status = Edition.objects.filter(pk=pk).values_list("status", flat=True).first()
    if status == EditionStatus.CLOSED:
        raise EditionClosed(edition if isinstance(edition, Edition) else Edition.objects.filter(pk=pk).first())
