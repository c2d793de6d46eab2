"""The booking invariants under real parallelism on PostgreSQL: threads, each with its own
database connection, racing for booths at the same moment. Each race has a negative control:
the same race through the real service with its locks off (``expo.locking.locks_disabled``)."""

import threading
from collections import Counter
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection

from exhibitors.enums import ACTIVE_STATUSES
from exhibitors.models import BoothApplication, Pavilion
from exhibitors.services import BoothUnavailable, hold_booth
from expo.locking import locks_disabled
from tests.factories import BoothFactory, EditionFactory, ExhibitorFactory, PavilionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


# PostgreSQL allows 100 connections by default and the other test worker needs some: at most
# this many threads hold a connection at once; more attempts queue behind them.
MAX_THREADS = 60


def race(attempts):
    """Start up to MAX_THREADS threads at one barrier; together they make every hold_booth
    (exhibitor, booth) attempt. Returns (won, unavailable, errors): ``errors`` are the
    refusals that came from the database's constraints, not from the service's checks."""
    pending = list(attempts)
    lock = threading.Lock()
    results = Counter()
    errors = []
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
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results["won"], results["unavailable"], errors


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
