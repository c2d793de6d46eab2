"""An edition's life: in preparation, open (the expo days), closed (results final).

This module stands above the apps (it freezes the results report, which composes every
app's figures); the apps only call ``expo.services.edition_require_writable``.

Closing locks the edition row ``FOR UPDATE``: writes in flight (which read it ``FOR SHARE``
through the guard) finish first and are in the snapshot; writes after it see the edition
closed and are refused. The snapshot is the results report's JSON at that moment.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expo import audit
from expo.enums import EditionStatus
from expo.errors import DomainError
from expo.locking import lock_row
from expo.models import AuditAction, Edition
from expo.reports.figures import results_json


class EditionTransitionRefused(DomainError):
    """The change of status asked for is not allowed from the edition's status or to this user."""


# From each status, the statuses an organizer may move an edition to (reopening a closed
# edition is ``edition_reopen``: superusers only, with a reason).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    EditionStatus.PREPARATION: (EditionStatus.OPEN, EditionStatus.CLOSED),
    EditionStatus.OPEN: (EditionStatus.PREPARATION, EditionStatus.CLOSED),
    EditionStatus.CLOSED: (),
}


def _lock(edition: Edition) -> Edition:
    return lock_row(Edition.objects, pk=edition.pk)


def _record(*, edition: Edition, old: str, by, request, details: dict | None = None) -> None:
    audit.record(
        action=AuditAction.EDITION_STATUS,
        actor=by,
        obj=edition,
        changes={"status": [old, edition.status]},
        request=request,
        details=details,
    )


@transaction.atomic
def edition_change_status(
    *, edition: Edition, status: str, by=None, request=None, now: datetime.datetime | None = None
) -> Edition:
    """Move ``edition`` to ``status`` (open it for the expo days, put it back in preparation,
    or close it). Closing stores the results snapshot. Side effect: one activity log row."""
    if status == EditionStatus.CLOSED:
        return edition_close(edition=edition, by=by, request=request, now=now)
    locked = _lock(edition)
    old = locked.status
    if status not in TRANSITIONS[old]:
        raise EditionTransitionRefused(
            _("%(edition)s cannot go from “%(old)s” to “%(new)s”.")
            % {"edition": locked.name, "old": EditionStatus(old).label, "new": EditionStatus(status).label}
        )
    locked.status = status
    locked.status_changed_at = now or timezone.now()
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    _record(edition=locked, old=old, by=by, request=request)
    return locked


@transaction.atomic
def edition_close(*, edition: Edition, by=None, request=None, now: datetime.datetime | None = None) -> Edition:
    """Close ``edition``: freeze its results (the results report's JSON, stored on the row)
    and refuse from now on every write that would change its figures. Side effect: one
    activity log row."""
    locked = _lock(edition)
    old = locked.status
    if old == EditionStatus.CLOSED:
        raise EditionTransitionRefused(_("%(edition)s is already closed.") % {"edition": locked.name})
    now = now or timezone.now()
    locked.results_snapshot = results_json(edition=locked)
    locked.results_snapshot_at = now
    locked.status = EditionStatus.CLOSED
    locked.status_changed_at = now
    locked.save(update_fields=["status", "status_changed_at", "results_snapshot", "results_snapshot_at", "updated_at"])
    _record(edition=locked, old=old, by=by, request=request)
    return locked


@transaction.atomic
def edition_reopen(*, edition: Edition, by, reason: str, request=None, now: datetime.datetime | None = None) -> Edition:
    """Reopen a closed edition (superusers only, with a reason). The edition becomes open
    again and its report shows live figures until it is closed again, which takes a new
    snapshot. Side effect: one activity log row with the reason and the old snapshot's time."""
    if by is None or not getattr(by, "is_superuser", False):
        raise EditionTransitionRefused(_("Only a superuser can reopen a closed edition."))
    reason = (reason or "").strip()
    if not reason:
        raise EditionTransitionRefused(_("Say why the edition is reopened: the reason is kept in the activity log."))
    locked = _lock(edition)
    old = locked.status
    if old != EditionStatus.CLOSED:
        raise EditionTransitionRefused(_("%(edition)s is not closed.") % {"edition": locked.name})
    frozen_at = locked.results_snapshot_at
    locked.status = EditionStatus.OPEN
    locked.status_changed_at = now or timezone.now()
    locked.save(update_fields=["status", "status_changed_at", "updated_at"])
    _record(
        edition=locked,
        old=old,
        by=by,
        request=request,
        details={"reason": reason, "snapshot_at": frozen_at.isoformat() if frozen_at else None},
    )
    return locked
