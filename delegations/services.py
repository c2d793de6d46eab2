"""Every write of the protocol office: invitations and their history, attendance, and the
reminders about unanswered invitations."""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delegations.enums import INVITATION_STEPS, InvitationStatus, ProtocolAction
from delegations.models import Delegate, Delegation, InvitationChange, InvitationReminder
from delegations.notifications import reminder_recipients, send_reminder
from expo import audit
from expo.dates import validate_birth_date
from expo.errors import DomainError, full_clean
from expo.locking import lock_row, lock_rows
from expo.services import edition_require_writable

logger = logging.getLogger(__name__)

# Days after sending an invitation without an answer before the first reminder.
DEFAULT_REMINDER_DAYS = 7


class InvitationError(DomainError):
    """A step that the invitation's current state does not allow; the message says why."""


# The timestamp each step sets on the delegation.
_STAMPS = {
    InvitationStatus.SENT: "sent_at",
    InvitationStatus.ACCEPTED: "answered_at",
    InvitationStatus.DECLINED: "answered_at",
    InvitationStatus.CONFIRMED: "confirmed_at",
    InvitationStatus.CANCELLED: "cancelled_at",
}


@transaction.atomic
def invitation_transition(*, delegation: Delegation, to_status: str, by=None, note: str = "") -> Delegation:
    """Move the delegation's invitation to ``to_status`` if the step is legal, stamp the time
    and record who did it in the history. Raises InvitationError otherwise.

    The row is locked first, so two people answering at once cannot both move it.
    """
    locked = lock_row(Delegation.objects, pk=delegation.pk)
    edition_require_writable(locked.edition_id)
    current = locked.status
    if to_status not in INVITATION_STEPS.get(current, ()):
        raise InvitationError(
            _("The invitation of %(delegation)s is %(current)s; it cannot become %(wanted)s.")
            % {
                "delegation": locked,
                "current": InvitationStatus(current).label,
                "wanted": InvitationStatus(to_status).label if to_status in InvitationStatus.values else to_status,
            }
        )
    now = timezone.now()
    locked.status = to_status
    setattr(locked, _STAMPS[to_status], now)
    locked.save(update_fields=["status", _STAMPS[to_status], "updated_at"])
    InvitationChange.objects.create(
        delegation=locked, from_status=current, to_status=to_status, changed_by=by, note=note[:500]
    )
    audit.record(
        action=ProtocolAction.INVITATION_CHANGE,
        actor=by,
        obj=locked,
        changes={"status": [current, to_status]},
        details={"note": note[:500]} if note else None,
    )
    for field in ("status", "sent_at", "answered_at", "confirmed_at", "cancelled_at", "updated_at"):
        setattr(delegation, field, getattr(locked, field))
    return delegation


def invitation_send(*, delegation: Delegation, by=None, note: str = "") -> Delegation:
    return invitation_transition(delegation=delegation, to_status=InvitationStatus.SENT, by=by, note=note)


def invitation_accept(*, delegation: Delegation, by=None, note: str = "") -> Delegation:
    return invitation_transition(delegation=delegation, to_status=InvitationStatus.ACCEPTED, by=by, note=note)


def invitation_decline(*, delegation: Delegation, by=None, note: str = "") -> Delegation:
    return invitation_transition(delegation=delegation, to_status=InvitationStatus.DECLINED, by=by, note=note)


def invitation_confirm(*, delegation: Delegation, by=None, note: str = "") -> Delegation:
    return invitation_transition(delegation=delegation, to_status=InvitationStatus.CONFIRMED, by=by, note=note)


def invitation_cancel(*, delegation: Delegation, by=None, note: str = "") -> Delegation:
    return invitation_transition(delegation=delegation, to_status=InvitationStatus.CANCELLED, by=by, note=note)


@transaction.atomic
def delegation_create(*, edition, origin_kind: str, by=None, **fields) -> Delegation:
    """A new delegation with its invitation in draft, recorded as the first step of its history."""
    edition_require_writable(edition)
    delegation = Delegation(edition=edition, origin_kind=origin_kind, status=InvitationStatus.DRAFT, **fields)
    full_clean(delegation)
    delegation.save()
    invitation_history_start(delegation=delegation, by=by)
    return delegation


def invitation_history_start(*, delegation: Delegation, by=None) -> InvitationChange:
    """The first entry of a new delegation's invitation history: who created it, in draft.
    Also the delegation's first row in the activity log."""
    (change,) = invitation_history_start_many(delegations=[delegation], by=by)
    return change


def invitation_history_start_many(*, delegations: list[Delegation], by=None, note: str = "") -> list[InvitationChange]:
    """``invitation_history_start`` for many new delegations at once (an import): one bulk
    insert of their first history entries and one of their rows in the activity log, each
    naming ``by``."""
    if not delegations:
        return []
    audit.record_many(
        action=ProtocolAction.DELEGATION_CREATE,
        objects=delegations,
        actor=by,
        changes=lambda delegation: {"status": [None, delegation.status]},
    )
    return InvitationChange.objects.bulk_create(
        InvitationChange(delegation=d, from_status="", to_status=d.status, changed_by=by, note=note[:500])
        for d in delegations
    )


def delegate_problems(*, name_original: str, name_latin: str, date_of_birth: datetime.date | None) -> dict[str, str]:
    """What is wrong with a delegate beyond its fields' own validation, by field ("name" for
    the name in either script), with the messages the admin's form gives (the model's
    constraint and validator): the import checks its rows with this."""
    problems = {}
    if not name_original and not name_latin:
        problems["name"] = str(_NAME_CONSTRAINT.get_violation_error_message())
    if date_of_birth is not None:
        try:
            validate_birth_date(date_of_birth)
        except ValidationError as error:
            problems["date_of_birth"] = error.messages[0]
    return problems


_NAME_CONSTRAINT = next(c for c in Delegate._meta.constraints if c.name == "delegate_has_a_name")


@transaction.atomic
def delegates_set_attended(*, delegate_ids: list[int], attended: bool = True, by=None) -> int:
    """Mark delegates as received on site (or not), one activity-log row for each delegate
    that changed. Returns how many changed. Raises EditionClosed when a delegate's edition is
    closed (then nothing changes)."""
    for edition_id in sorted(
        set(Delegate.objects.filter(pk__in=delegate_ids).values_list("delegation__edition_id", flat=True))
    ):
        edition_require_writable(edition_id)
    changing = lock_rows(
        Delegate.objects.filter(pk__in=delegate_ids)
        .exclude(attended=attended)
        .only("pk", "name_latin", "name_original")
        .order_by("pk")
    )
    if not changing:
        return 0
    count = Delegate.objects.filter(pk__in=[d.pk for d in changing]).update(
        attended=attended, updated_at=timezone.now()
    )
    audit.record_many(
        action=ProtocolAction.DELEGATE_CHANGE,
        objects=changing,
        actor=by,
        changes={"attended": [not attended, attended]},
    )
    return count


def unanswered_invitations(*, now: datetime.datetime | None = None, days: int | None = None):
    """Invitations sent at least ``days`` days ago and still without an answer, to editions
    that are not over yet (an answer to a past expo is moot)."""
    now = now or timezone.now()
    days = days if days is not None else getattr(settings, "DELEGATIONS_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return (
        Delegation.objects.filter(
            status=InvitationStatus.SENT,
            sent_at__lte=now - datetime.timedelta(days=days),
            edition__end_date__gte=timezone.localdate(now),
        )
        .select_related("edition", "host_unit")
        .order_by("pk")
    )


def remind_unanswered_invitations(*, now: datetime.datetime | None = None, days: int | None = None) -> int:
    """Mail the host member unit (or, without one, the protocol office) about each invitation
    sent ``days`` or more days ago and not yet answered. At most one reminder a day for each
    invitation: the day's ``InvitationReminder`` row is written in the same transaction as
    the mail is sent, so a second run on the same day sends nothing, and a failed send
    leaves no row behind. Returns the number of reminders sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for delegation in unanswered_invitations(now=now, days=days).exclude(reminders__sent_on=today):
        recipients = reminder_recipients(delegation)
        if not recipients:
            logger.warning("No one to remind about the invitation of delegation %s", delegation.pk)
            continue
        with transaction.atomic():
            _, created = InvitationReminder.objects.get_or_create(
                delegation=delegation, sent_on=today, defaults={"recipients": ", ".join(recipients)}
            )
            if not created:
                continue
            send_reminder(delegation=delegation, recipients=recipients, now=now)
        sent += 1
    return sent
