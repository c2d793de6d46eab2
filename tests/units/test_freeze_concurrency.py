"""Freezing the programme while a unit changes its event, on PostgreSQL: the change holds the
edition ``FOR SHARE`` from the freeze check to its commit, so the freeze waits for it and no
change lands after the programme was frozen. With the locks off (the seam
``expo.locking.locks_disabled``) the freeze does not wait."""

import threading

import pytest
from django.db import connection, transaction

from events import proposals
from expo.locking import locks_disabled
from expo.models import Edition
from tests.factories import EventFactory, MemberUnitUserFactory, OrganizerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _freeze_in_a_thread(edition, secretary) -> tuple[threading.Thread, threading.Event]:
    done = threading.Event()

    def freeze():
        try:
            proposals.programme_freeze(edition=edition, by=secretary)
            done.set()
        finally:
            connection.close()

    thread = threading.Thread(target=freeze)
    thread.start()
    return thread, done


def _race(edition) -> bool:
    """Whether the freeze finished while the unit's change was still open."""
    unit_user = MemberUnitUserFactory()
    event = EventFactory(edition=edition, organizer=unit_user.member_unit, kind="theme_activity")
    secretary = OrganizerFactory(offices=["secretariat"])
    with transaction.atomic():
        proposals.organized_event_update(
            event=event, unit=unit_user.member_unit, by=unit_user, data={"description_en": "Changed"}
        )
        thread, done = _freeze_in_a_thread(edition, secretary)
        finished_meanwhile = done.wait(timeout=1.5)
    thread.join(timeout=10)
    assert done.is_set()
    return finished_meanwhile


def test_the_freeze_waits_for_a_unit_change_in_flight(edition):
    assert _race(edition) is False
    assert Edition.objects.get(pk=edition.pk).programme_frozen_at is not None


def test_without_the_locks_the_freeze_lands_inside_a_unit_change(edition):
    with locks_disabled():
        assert _race(edition) is True
