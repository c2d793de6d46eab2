"""Two organizers copying an edition forward into the same number at the same moment, on
PostgreSQL: one new edition, and the other is told the number is taken, with nothing written."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection

from exhibitors.models import Booth, Pavilion
from expo.copy_forward import EditionCopyRefused, edition_copy_forward
from expo.models import Edition, WorkItem
from tests.committee.factories import WorkItemFactory
from tests.factories import BoothFactory, EditionFactory, PavilionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 4


def race() -> list[str]:
    source = Edition.objects.get(number=13)
    barrier = threading.Barrier(THREADS)
    outcomes, lock = [], threading.Lock()

    def work(n):
        barrier.wait()
        try:
            edition_copy_forward(
                source=source,
                number=14,
                year=2023,
                name_zh=f"第十四届 {n}",
                name_en=f"14th {n}",
                start_date=datetime.date(2023, 9, 1),
                end_date=datetime.date(2023, 9, 5),
            )
            outcome = "made"
        except EditionCopyRefused as error:
            outcome = error.message
        except IntegrityError:
            outcome = "integrity error"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    return outcomes


@pytest.fixture
def source():
    source = EditionFactory(number=13, year=2021)
    BoothFactory.create_batch(20, pavilion=PavilionFactory(edition=source))
    WorkItemFactory.create_batch(3, edition=source)
    return source


def test_racing_copies_into_one_number_make_one_edition(source):
    outcomes = race()

    # The threads speak the site's default language.
    assert sorted(outcomes) == ["made"] + ["已有第14届：请另选届次。"] * (THREADS - 1)
    new = Edition.objects.get(number=14)
    assert Pavilion.objects.filter(edition=new).count() == 1
    assert Booth.objects.filter(pavilion__edition=new).count() == 20
    assert WorkItem.objects.filter(edition=new).count() == 3


def test_negative_control_without_the_check_the_database_alone_refuses(source, monkeypatch):
    """The edition number's unique constraint is the backstop: without the service's checks,
    the losers fail on it (no second edition), with no message for the user."""
    monkeypatch.setattr("expo.copy_forward._check", lambda **kwargs: None)

    outcomes = race()

    assert sorted(outcomes) == ["integrity error"] * (THREADS - 1) + ["made"]
    assert Edition.objects.filter(number=14).count() == 1
