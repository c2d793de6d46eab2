"""The booking invariants under real parallelism on PostgreSQL: threads, each with its own
database connection, racing for booths at the same moment. Each race has a negative control:
the same race through the real service with its locks off (``expo.locking.locks_disabled``)."""

import datetime
import random
import threading
from collections import Counter
from decimal import Decimal
from functools import partial
from unittest import mock

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from exhibitors import services
from exhibitors.enums import ACTIVE_STATUSES, ExhibitionAction
from exhibitors.models import BoothApplication, Participation, Pavilion
from exhibitors.services import (
    ApplicationError,
    BoothUnavailable,
    cancel_application,
    hold_booth,
    reject_application,
    release_expired_holds,
)
from expo.errors import LockTimeout
from expo.locking import locks_disabled
from expo.models import ActivityLog
from tests.factories import BoothFactory, EditionFactory, ExhibitorFactory, PavilionFactory
from tests.helpers import in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# PostgreSQL allows 100 connections by default and the other test worker needs some (its own
# races take up to 40, tests/matchmaking/test_concurrency.py): at most this many threads hold
# a connection at once; more attempts queue behind them. (60 once met the other worker's 40:
# a thread refused a connection died without a word and the count came out short.)
MAX_THREADS = 40


def race(attempts):
    """Start up to MAX_THREADS threads at one barrier; together they make every hold_booth
    (exhibitor, booth) attempt. Returns (won, unavailable, errors): ``errors`` are the
    refusals that came from the database's constraints, not from the service's checks. Any
    other exception of a thread fails the test with its text (it was lost with the thread)."""
    pending = list(attempts)
    lock = threading.Lock()
    results = Counter()
    errors = []
    crashes = []
    workers = min(MAX_THREADS, len(pending))
    barrier = threading.Barrier(workers)

    def work():
        barrier.wait()
        try:
            while True:
                with lock:
                    if not pending:
                        return
                    exhibitor, booth = pending.pop()
                try:
                    hold_booth(exhibitor=exhibitor, booth=booth)
                    outcome = "won"
                except BoothUnavailable as exc:
                    outcome = "unavailable"
                    if isinstance(exc.__cause__, IntegrityError):
                        outcome = "error"
                        errors.append(exc.__cause__)
                with lock:
                    results[outcome] += 1
        except Exception as error:  # noqa: BLE001 - reported below, with the others
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashes, f"{len(crashes)} racer(s) failed: {crashes!r}"
    return results["won"], results["unavailable"], errors


@pytest.fixture(autouse=True)
def patient_locks(settings):
    """On a loaded test machine forty holds queued on one pavilion's row may wait longer than
    the 5 s of production: these tests are about who wins, not how long the queue is (the
    test of the lock timeout sets its own)."""
    settings.LOCK_TIMEOUT_MS = 30_000


@pytest.fixture
def pavilion():
    return PavilionFactory(edition=EditionFactory(number=13, is_current=True))


def test_fifty_exhibitors_racing_for_one_booth_exactly_one_wins(pavilion):
    booth = BoothFactory(pavilion=pavilion)
    exhibitors = ExhibitorFactory.create_batch(50)

    won, unavailable, errors = race([(e, booth) for e in exhibitors])

    assert (won, unavailable, errors) == (1, 49, [])
    assert BoothApplication.objects.filter(booth=booth, status__in=ACTIVE_STATUSES).count() == 1
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("9.00")


def test_two_hundred_exhibitors_racing_for_fifty_booths_hold_each_once(pavilion):
    booths = BoothFactory.create_batch(50, pavilion=pavilion)
    exhibitors = ExhibitorFactory.create_batch(200)

    won, unavailable, errors = race([(e, booths[i % 50]) for i, e in enumerate(exhibitors)])

    assert won + unavailable == 200

    assert (won, unavailable, errors) == (50, 150, [])
    per_booth = Counter(BoothApplication.objects.filter(status__in=ACTIVE_STATUSES).values_list("booth_id", flat=True))
    assert sorted(per_booth) == sorted(b.pk for b in booths)
    assert set(per_booth.values()) == {1}
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("450.00")


def test_parallel_holds_never_overfill_a_pavilion(pavilion):
    Pavilion.objects.filter(pk=pavilion.pk).update(gross_area_m2=Decimal("90"))
    booths = BoothFactory.create_batch(30, pavilion=pavilion)

    won, unavailable, errors = race([(ExhibitorFactory(), b) for b in booths])

    assert (won, unavailable, errors) == (10, 20, [])
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("90.00")


def test_without_the_locks_the_race_reaches_the_database_backstop(pavilion):
    """Negative control: with the row locks off, parallel holds pass the service's checks
    together and only the database constraints stop them."""
    booth = BoothFactory(pavilion=pavilion)

    with locks_disabled():
        won, unavailable, errors = race([(e, booth) for e in ExhibitorFactory.create_batch(50)])

    assert won == 1
    assert errors, "without the locks some requests should have hit the unique constraint"
    assert BoothApplication.objects.filter(booth=booth, status__in=ACTIVE_STATUSES).count() == 1


def test_without_the_locks_parallel_holds_reach_the_pavilions_area_check(pavilion):
    """Negative control of the area race: with the locks off, holds of different booths read
    the same booked area together; only the database's check on the area stops the overflow."""
    Pavilion.objects.filter(pk=pavilion.pk).update(gross_area_m2=Decimal("90"))
    booths = BoothFactory.create_batch(30, pavilion=pavilion)

    with locks_disabled():
        won, unavailable, errors = race([(ExhibitorFactory(), b) for b in booths])

    assert errors, "without the locks some holds should have hit the pavilion's area check"
    assert won <= 10
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 <= Decimal("90.00")


def test_holds_of_two_booths_of_one_pavilion_wait_for_each_other_only_at_the_capacity_update(pavilion, settings):
    """A hold keeps the pavilion's row for its last statement only: while one hold is inside
    its transaction (booth locked, application and audit row written) but has not taken the
    area yet, a hold of another booth of the same pavilion goes through; once the first has
    taken the area, the other waits for its commit (here: until its lock timeout)."""
    settings.LOCK_TIMEOUT_MS = 300
    take_area = services._take_area
    pause = {"thread": None, "when": None, "inside": threading.Event(), "go_on": threading.Event()}

    def pausing_take_area(booth):
        mine = threading.current_thread() is pause["thread"]
        if mine and pause["when"] == "before":
            pause["inside"].set()
            assert pause["go_on"].wait(10)
        take_area(booth)
        if mine and pause["when"] == "after":
            pause["inside"].set()
            assert pause["go_on"].wait(10)

    def hold_paused(when, exhibitor, booth):
        """Start a hold in a thread that stops ``when`` ("before"/"after") it takes the area."""
        outcome = []

        def work():
            try:
                outcome.append(hold_booth(exhibitor=exhibitor, booth=booth))
            except Exception as exc:  # noqa: BLE001 - the caller asserts the outcome
                outcome.append(exc)
            finally:
                connection.close()

        pause["inside"].clear()
        pause["go_on"].clear()
        pause["when"] = when
        pause["thread"] = threading.Thread(target=work)
        pause["thread"].start()
        assert pause["inside"].wait(10)
        return outcome

    with mock.patch.object(services, "_take_area", pausing_take_area):
        outcome = hold_paused("before", ExhibitorFactory(), BoothFactory(pavilion=pavilion))
        hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion))  # does not wait
        pause["go_on"].set()
        pause["thread"].join()
        assert isinstance(outcome[0], BoothApplication)

        outcome = hold_paused("after", ExhibitorFactory(), BoothFactory(pavilion=pavilion))
        with pytest.raises(LockTimeout):
            hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion))
        pause["go_on"].set()
        pause["thread"].join()
        assert isinstance(outcome[0], BoothApplication)

    assert BoothApplication.objects.filter(status__in=ACTIVE_STATUSES).count() == 3
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("27.00")


def test_a_race_for_the_last_square_metres_never_exceeds_the_gross_area(pavilion):
    """10 m² left and 40 exhibitors racing for 40 different 4 m² booths: exactly two win; the
    others roll back everything they wrote before the capacity update (no application, no
    participation, no audit row), and the booked area ends 2 m² under the gross area."""
    Pavilion.objects.filter(pk=pavilion.pk).update(gross_area_m2=Decimal("100"), booked_area_m2=Decimal("90"))
    booths = BoothFactory.create_batch(40, pavilion=pavilion, area_m2=Decimal("4.00"))

    won, unavailable, errors = race([(ExhibitorFactory(), b) for b in booths])

    assert (won, unavailable, errors) == (2, 38, [])
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("98.00")
    assert BoothApplication.objects.count() == 2
    assert Participation.objects.count() == 2
    assert ActivityLog.objects.filter(action=ExhibitionAction.BOOTH_HOLD).count() == 2


def test_holds_cancellations_and_the_expiry_sweep_together_never_deadlock(pavilion):
    """Every writer of the booked area locks booth(s) first and the pavilion last: holds of new
    booths, cancellations and rejections of held ones and the expiry sweep run at once without a
    deadlock, and the booked area ends equal to the sum of the active applications."""
    held = BoothFactory.create_batch(30, pavilion=pavilion)
    fresh = BoothFactory.create_batch(30, pavilion=pavilion)
    past = timezone.now() - datetime.timedelta(hours=1)
    applications = [hold_booth(exhibitor=ExhibitorFactory(), booth=b, now=past, hold_minutes=5) for b in held[:20]]
    applications += [hold_booth(exhibitor=ExhibitorFactory(), booth=b) for b in held[20:]]
    jobs = [partial(hold_booth, exhibitor=ExhibitorFactory(), booth=b) for b in fresh]
    jobs += [partial(cancel_application, application=a) for a in applications[::2]]
    jobs += [partial(reject_application, application=a) for a in applications[1::4]]
    jobs += [release_expired_holds] * 5
    random.Random(23).shuffle(jobs)
    # A job refused because another already released the hold is right; a deadlock or a lock
    # timeout is a failure.
    failures = in_parallel(lambda job: job(), jobs, refused=(ApplicationError, BoothUnavailable))

    assert failures == []
    active = BoothApplication.objects.filter(status__in=ACTIVE_STATUSES)
    assert active.filter(booth__in=fresh).count() == 30
    assert not active.filter(booth__in=held[:20]).exists()  # expired, cancelled or rejected
    assert Pavilion.objects.get(pk=pavilion.pk).booked_area_m2 == Decimal("9.00") * active.count()
