"""No table and no person is double-booked when many accepts race on PostgreSQL: threads,
each with its own database connection, accepting meetings for the same slot at once. The
negative control runs the same race through the real service with its locks off
(``expo.locking.locks_disabled``)."""

import threading
from collections import Counter

import pytest
from django.db import IntegrityError, connection

from expo.locking import locks_disabled
from matchmaking.enums import BOOKED_STATUSES
from matchmaking.models import Meeting
from matchmaking.services import EXHIBITOR, MeetingUnavailable, meeting_accept
from tests.factories import EditionFactory, ExhibitorFactory
from tests.matchmaking.factories import MeetingFactory, MerchantFactory, SessionFactory, soon

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MAX_THREADS = 40


def race(meetings):
    """All ``meetings`` accepted at the same slot by threads released at one barrier.
    Returns (accepted, refused, errors)."""
    pending = list(meetings)
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
                    meeting = pending.pop()
                try:
                    meeting_accept(meeting=meeting, side=EXHIBITOR, user=None, starts_at=soon(3, 9))
                    outcome = "accepted"
                except MeetingUnavailable:
                    outcome = "refused"
                except IntegrityError as exc:
                    outcome = "error"
                    errors.append(exc)
                with lock:
                    results[outcome] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results["accepted"], results["refused"], errors


@pytest.fixture
def edition(settings):
    # 40 threads queue behind one lock on 2 shared cores: wait as long as it takes, so that a
    # refusal means "taken", never "busy".
    settings.LOCK_TIMEOUT_MS = 60_000
    return EditionFactory(number=13, is_current=True)


def _booked():
    return Meeting.objects.filter(status__in=BOOKED_STATUSES)


def test_forty_pairs_racing_for_five_tables_get_five(edition):
    SessionFactory(edition=edition, tables=5)
    meetings = [MeetingFactory(merchant=MerchantFactory(edition=edition)) for _ in range(40)]

    accepted, refused, errors = race(meetings)

    assert (accepted, refused, errors) == (5, 35, [])
    assert sorted(_booked().values_list("table", flat=True)) == [1, 2, 3, 4, 5]


def test_forty_merchants_racing_for_one_exhibitor_at_one_time_one_wins(edition):
    SessionFactory(edition=edition, tables=50)
    exhibitor = ExhibitorFactory()
    meetings = [MeetingFactory(merchant=MerchantFactory(edition=edition), exhibitor=exhibitor) for _ in range(40)]

    accepted, refused, errors = race(meetings)

    assert (accepted, refused, errors) == (1, 39, [])
    assert _booked().filter(exhibitor=exhibitor).count() == 1


def test_one_merchant_racing_with_forty_exhibitors_at_one_time_one_wins(edition):
    SessionFactory(edition=edition, tables=50)
    merchant = MerchantFactory(edition=edition)
    meetings = [MeetingFactory(merchant=merchant) for _ in range(40)]

    accepted, refused, errors = race(meetings)

    assert (accepted, refused, errors) == (1, 39, [])
    assert _booked().filter(merchant=merchant).count() == 1


def test_without_the_locks_the_race_reaches_the_database_backstop(edition):
    """Negative control: with the locks off, parallel accepts pass the service's checks
    together and pick the same free table; only the unique index stops them, as errors
    instead of the friendly refusals the locked service gives."""
    SessionFactory(edition=edition, tables=5)
    meetings = [MeetingFactory(merchant=MerchantFactory(edition=edition)) for _ in range(40)]

    with locks_disabled():
        accepted, refused, errors = race(meetings)

    assert errors, "without the locks some accepts should have hit the unique index"
    assert accepted <= 5
    assert accepted + refused + len(errors) == 40
    per_table = Counter(_booked().values_list("table", flat=True))
    assert set(per_table.values()) == {1}
