"""Closing an edition while people write into it (PostgreSQL, threads): the snapshot holds
every write that got in, and no write gets in after it.

A writer passes the guard (reading the edition ``FOR SHARE``) and writes, but has not yet
committed; meanwhile the edition is closed. With the share lock, closing (``FOR UPDATE``)
waits for the writer's commit and its snapshot includes the write. The negative control turns
the locks off through the test seam ``expo.locking.locks_disabled``: closing then does not
wait, its snapshot misses the write that commits after it, and the live figures of a closed
edition drift from its published ones.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from events.services import attendee_register
from exhibitors.services import hold_booth
from expo.enums import EditionStatus
from expo.errors import EditionClosed
from expo.lifecycle import edition_close
from expo.locking import locks_disabled
from expo.models import Edition
from expo.reports.figures import results_json
from tests.factories import BoothFactory, EditionFactory, ExhibitorFactory, PavilionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 10  # seconds: only ever reached when something is broken


def _merchant(edition, n):
    return lambda: attendee_register(
        edition=edition, kind="merchant", name=f"Racer {n}", email=f"racer{n}@example.org", country="KR"
    )


def _hold(edition, n):
    booth = BoothFactory(pavilion=PavilionFactory(edition=edition, mode="both"))
    exhibitor = ExhibitorFactory()
    return lambda: hold_booth(exhibitor=exhibitor, booth=booth)


def _backend_waits_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row and row[0] == "Lock")


def race(edition, write, *, expect_close_to_wait: bool):
    """``write`` has written but not committed when the edition is closed; then it commits."""
    written, release, closer_pid = threading.Event(), threading.Event(), []
    errors = []

    def writer():
        try:
            with transaction.atomic():
                write()
                written.set()
                assert release.wait(WAIT)
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
            written.set()
        finally:
            close_old_connections()
            connection.close()

    def closer():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                closer_pid.append(cursor.fetchone()[0])
            edition_close(edition=Edition.objects.get(pk=edition.pk))
        except Exception as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    writing = threading.Thread(target=writer)
    writing.start()
    assert written.wait(WAIT)
    closing = threading.Thread(target=closer)
    closing.start()
    if expect_close_to_wait:
        deadline = time.monotonic() + WAIT
        while not (closer_pid and _backend_waits_on_a_lock(closer_pid[0])):
            assert time.monotonic() < deadline, "closing never waited for the write in flight"
            time.sleep(0.005)
    else:
        closing.join(WAIT)
        assert not closing.is_alive()
    release.set()
    writing.join(WAIT)
    closing.join(WAIT)
    assert errors == []


@pytest.mark.parametrize("make_write", [_merchant, _hold], ids=["registration", "booth hold"])
def test_a_write_in_flight_at_closing_is_in_the_snapshot(make_write):
    edition = EditionFactory(number=60)
    before = results_json(edition=edition)

    race(edition, make_write(edition, 1), expect_close_to_wait=True)

    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED
    assert edition.results_snapshot == results_json(edition=edition)
    assert edition.results_snapshot != before  # the write counted, and is in the snapshot


def test_a_write_after_closing_is_refused_and_the_snapshot_stays_the_live_figures():
    edition = EditionFactory(number=61)
    edition_close(edition=edition)

    with pytest.raises(EditionClosed):
        _merchant(edition, 2)()

    edition.refresh_from_db()
    assert edition.results_snapshot == results_json(edition=edition)


@pytest.mark.parametrize("make_write", [_merchant, _hold], ids=["registration", "booth hold"])
def test_without_the_share_lock_a_write_slips_in_after_the_snapshot(make_write):
    """Negative control: the same race with the locks off. (The booth hold is one too since it
    locks only its pavilion's row, not the edition's it reads with it, which queued closing
    behind it even without the guard's lock.)"""
    edition = EditionFactory(number=62)
    write = make_write(edition, 3)
    before = results_json(edition=edition)

    with locks_disabled():
        race(edition, write, expect_close_to_wait=False)

    edition.refresh_from_db()
    assert edition.status == EditionStatus.CLOSED
    assert edition.results_snapshot == before
    assert results_json(edition=edition) != edition.results_snapshot
