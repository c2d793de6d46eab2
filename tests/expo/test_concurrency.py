import pytest

from expo.locking import locks_disabled
from expo.models import Edition
from expo.services import edition_set_current
from tests.factories import EditionFactory
from tests.helpers import in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(function, editions):
    """Run ``function(edition)`` for every edition at once, one thread each; the errors."""
    return in_parallel(function, editions)


def test_parallel_edition_set_current_leaves_exactly_one_current():
    editions = [EditionFactory() for _ in range(12)]

    errors = race(lambda e: edition_set_current(edition=e), editions)

    assert errors == []
    assert Edition.objects.filter(is_current=True).count() == 1


def test_without_the_lock_parallel_changes_collide():
    """Negative control: the real service with its row locks off (the test seam
    ``locks_disabled``) breaks on the one-current constraint."""
    editions = [EditionFactory() for _ in range(12)]

    errors = []
    with locks_disabled():
        for _ in range(5):
            errors += race(lambda e: edition_set_current(edition=e), editions)
            if errors:
                break

    assert errors, "without the lock the race should have hit the one-current constraint"
    assert Edition.objects.filter(is_current=True).count() == 1
