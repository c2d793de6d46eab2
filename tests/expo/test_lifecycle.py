import pytest

from expo.enums import EditionStatus
from expo.errors import EditionClosed
from expo.lifecycle import EditionTransitionRefused, edition_change_status, edition_close, edition_reopen
from expo.models import ActivityLog, AuditAction
from expo.reports.figures import results_json
from expo.services import edition_require_writable
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_closing_freezes_the_results_as_the_live_figures_stood(edition):
    organizer = UserFactory(is_staff=True)
    live = results_json(edition=edition)

    closed = edition_close(edition=edition, by=organizer)

    closed.refresh_from_db()
    assert closed.status == EditionStatus.CLOSED
    assert closed.results_snapshot == live
    assert closed.results_snapshot_at is not None
    row = ActivityLog.objects.get(action=AuditAction.EDITION_STATUS)
    assert (row.actor, row.changes) == (organizer, {"status": ["preparation", "closed"]})


def test_a_closed_edition_refuses_writes_and_an_open_one_takes_them(edition):
    edition_require_writable(edition)
    edition_require_writable(edition.pk)
    edition_close(edition=edition)

    with pytest.raises(EditionClosed):
        edition_require_writable(edition.pk)


def test_status_moves_only_along_the_allowed_paths(edition):
    opened = edition_change_status(edition=edition, status=EditionStatus.OPEN)
    assert opened.status == EditionStatus.OPEN
    edition_close(edition=edition)
    with pytest.raises(EditionTransitionRefused):
        edition_change_status(edition=edition, status=EditionStatus.OPEN)
    with pytest.raises(EditionTransitionRefused):
        edition_close(edition=edition)


def test_only_a_superuser_reopens_and_only_with_a_reason(edition):
    edition_close(edition=edition)
    with pytest.raises(EditionTransitionRefused):
        edition_reopen(edition=edition, by=UserFactory(is_staff=True), reason="typo in a project amount")
    with pytest.raises(EditionTransitionRefused):
        edition_reopen(edition=edition, by=UserFactory(is_staff=True, is_superuser=True), reason="  ")

    admin = UserFactory(is_staff=True, is_superuser=True)
    reopened = edition_reopen(edition=edition, by=admin, reason="typo in a project amount")

    assert reopened.status == EditionStatus.OPEN
    row = ActivityLog.objects.filter(action=AuditAction.EDITION_STATUS).latest("pk")
    assert row.changes == {"status": ["closed", "open"]}
    assert row.details["reason"] == "typo in a project amount"
