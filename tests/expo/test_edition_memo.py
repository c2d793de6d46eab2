"""The current edition kept by each process (expo.edition_memo): loaded again after any change
of an edition, by this process or another, and never shared as one object between callers."""

import uuid

import pytest
from django.core.cache import cache

from expo import edition_memo, kept_pages, services
from expo.models import Edition
from expo.selectors import current_edition
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_version_key(monkeypatch):
    """The tests of other processes sharing the cache (xdist on one Redis) change editions too."""
    monkeypatch.setattr(kept_pages, "VERSION_PREFIX", f"test-editions-{uuid.uuid4().hex}:")


def test_the_current_edition_is_read_once_while_nothing_changes(edition, django_assert_num_queries):
    assert current_edition() == edition
    with django_assert_num_queries(0):
        again = current_edition()
    assert again == edition
    assert again.previous.number == 12


def test_each_caller_gets_its_own_copy(edition):
    first = current_edition()
    first.name_en = "changed by one caller"
    assert current_edition().name_en != "changed by one caller"


def test_saving_an_edition_is_seen_at_once(edition):
    current_edition()
    edition.name_en = "Renamed"
    edition.save()
    assert current_edition().name_en == "Renamed"


def test_making_another_edition_current_is_seen_at_once(edition):
    """edition_set_current writes with update(), which sends no signal."""
    assert current_edition() == edition
    newer = EditionFactory(number=14, year=2023)
    services.edition_set_current(edition=newer)
    assert current_edition() == newer


def test_a_new_and_a_deleted_edition_are_seen_at_once(db):
    assert current_edition() is None
    first = EditionFactory(number=1, year=2005)
    assert current_edition() == first
    first.delete()
    assert current_edition() is None


def test_a_change_by_another_process_is_seen_after_the_trust_period(edition, monkeypatch):
    """Another process changed an edition: the version in the shared cache differs; this
    process checks it once the trust period is over."""
    assert current_edition() == edition
    Edition.objects.filter(pk=edition.pk).update(name_en="Renamed elsewhere")  # no signal here
    assert current_edition().name_en != "Renamed elsewhere"  # trusted for TRUST_SECONDS

    cache.set(f"{kept_pages.VERSION_PREFIX}expo_edition", "another process's change", timeout=None)
    monkeypatch.setattr(edition_memo, "TRUST_SECONDS", 0)
    assert current_edition().name_en == "Renamed elsewhere"


def test_a_write_without_signal_or_version_is_seen_after_the_maximum_age(edition, monkeypatch):
    assert current_edition() == edition
    Edition.objects.filter(pk=edition.pk).update(name_en="Renamed by SQL")
    monkeypatch.setattr(edition_memo, "TRUST_SECONDS", 0)
    assert current_edition().name_en != "Renamed by SQL"  # the version did not change

    monkeypatch.setattr(edition_memo, "MAX_AGE_SECONDS", 0)
    assert current_edition().name_en == "Renamed by SQL"


@pytest.mark.django_db(transaction=True)
def test_a_bulk_update_committed_anywhere_is_seen_after_the_trust_period(monkeypatch):
    """The version is the editions' table's (expo.kept_pages): any committed write changes it,
    update() included, without a signal or a call of editions_changed."""
    edition = EditionFactory(number=20, year=2030, is_current=True)
    assert current_edition() == edition
    Edition.objects.filter(pk=edition.pk).update(name_en="Renamed in bulk")
    monkeypatch.setattr(edition_memo, "TRUST_SECONDS", 0)
    assert current_edition().name_en == "Renamed in bulk"
