"""Member units' part of the programme: activity proposals (as pretalx takes submissions),
the secretariat's decisions on them, and the units' edits of the events they organize.

Every write is atomic, locks the proposal or event it changes, refuses a closed edition
(``edition_require_writable``), and leaves a row in the activity log.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import services
from events.enums import ProgrammeAction, ProposalStatus
from events.models import ActivityProposal, Event, EventRole, Person, Room
from expo import audit
from expo.errors import DomainError
from expo.locking import lock_row
from expo.models import Edition, MemberUnit
from expo.services import edition_require_writable

# The fields a unit writes on its proposal.
PROPOSAL_FIELDS = (
    "kind",
    "title_zh",
    "title_en",
    "description_zh",
    "description_en",
    "wished_start",
    "wished_end",
    "wished_room",
    "own_venue",
    "expected_participants",
    "partners",
    "contact_name",
    "contact_phone",
    "contact_email",
)


class ProposalRefused(DomainError):
    """A step on a proposal that its status or the programme's freeze does not allow."""


class ProgrammeFrozen(DomainError):
    """The programme of the edition is frozen: units no longer change their events."""


def _log(*, proposal: ActivityProposal, by, old: str, details: dict | None = None) -> None:
    audit.record(
        action=ProgrammeAction.PROPOSAL_CHANGE,
        actor=by,
        obj=proposal,
        changes={"status": [old, proposal.status]} if old != proposal.status else None,
        details=details,
    )


def _lock(proposal: ActivityProposal) -> ActivityProposal:
    # Only the proposal's row: not its edition's (closing takes it) nor its unit's.
    return lock_row(ActivityProposal.objects.select_related("edition", "unit"), pk=proposal.pk)


def _check_times(*, edition: Edition, starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ProposalRefused(_("An activity must end after it starts."))
    first = edition.start_date - datetime.timedelta(days=60)
    last = edition.end_date + datetime.timedelta(days=30)
    if not first <= timezone.localdate(starts_at) <= last:
        raise ProposalRefused(
            _("Choose a time between %(first)s and %(last)s: around the expo, not a year away.")
            % {"first": first.isoformat(), "last": last.isoformat()}
        )


@transaction.atomic
def proposal_submit(
    *, unit: MemberUnit, edition: Edition, by, data: dict, proposal: ActivityProposal | None = None
) -> ActivityProposal:
    """Propose an activity, or change a proposal that is submitted or was returned (which
    submits it again). ``data`` holds ``PROPOSAL_FIELDS``. A unit changes only its own."""
    edition_require_writable(edition)
    if proposal is None:
        proposal = ActivityProposal(edition=edition, unit=unit, submitted_by=by)
        old = ""
    else:
        proposal = _lock(proposal)
        if proposal.unit_id != unit.pk:
            raise ProposalRefused(_("This proposal belongs to another unit."))
        if not proposal.is_editable:
            raise ProposalRefused(
                _("This proposal is %(status)s: it can no longer be changed.")
                % {"status": proposal.get_status_display()}
            )
        old = proposal.status
    _check_times(edition=edition, starts_at=data["wished_start"], ends_at=data["wished_end"])
    for field in PROPOSAL_FIELDS:
        setattr(proposal, field, data.get(field, getattr(proposal, field)))
    proposal.status = ProposalStatus.SUBMITTED
    try:
        proposal.full_clean()
    except ValidationError as exc:
        raise ProposalRefused(" ".join(exc.messages)) from None
    proposal.save()
    _log(proposal=proposal, by=by, old=old, details={"step": "submitted" if not old else "changed"})
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: ActivityProposal, unit: MemberUnit, by) -> ActivityProposal:
    proposal = _lock(proposal)
    if proposal.unit_id != unit.pk:
        raise ProposalRefused(_("This proposal belongs to another unit."))
    if not proposal.is_editable:
        raise ProposalRefused(
            _("This proposal is %(status)s: it can no longer be withdrawn.") % {"status": proposal.get_status_display()}
        )
    old = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    _log(proposal=proposal, by=by, old=old)
    return proposal


def _decide(*, proposal: ActivityProposal, by, status: str, comment: str) -> ActivityProposal:
    proposal = _lock(proposal)
    edition_require_writable(proposal.edition_id)
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ProposalRefused(
            _("Only a submitted proposal can be decided; this one is %(status)s.")
            % {"status": proposal.get_status_display()}
        )
    old = proposal.status
    proposal.status = status
    proposal.secretariat_comment = comment
    proposal.reviewed_by, proposal.reviewed_at = by, timezone.now()
    proposal.save()
    _log(proposal=proposal, by=by, old=old, details={"comment": comment} if comment else None)
    return proposal


@transaction.atomic
def proposal_return(*, proposal: ActivityProposal, by, comment: str) -> ActivityProposal:
    """Return a proposal to its unit for changes; the comment says what to change."""
    comment = (comment or "").strip()
    if not comment:
        raise ProposalRefused(_("Say what the unit should change: a returned proposal needs a comment."))
    return _decide(proposal=proposal, by=by, status=ProposalStatus.RETURNED, comment=comment)


@transaction.atomic
def proposal_decline(*, proposal: ActivityProposal, by, comment: str) -> ActivityProposal:
    comment = (comment or "").strip()
    if not comment:
        raise ProposalRefused(_("Tell the unit why: a declined proposal needs a comment."))
    return _decide(proposal=proposal, by=by, status=ProposalStatus.DECLINED, comment=comment)


@transaction.atomic
def proposal_accept(
    *,
    proposal: ActivityProposal,
    by,
    room: Room | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    comment: str = "",
    is_public: bool = True,
    capacity: int | None = None,
) -> ActivityProposal:
    """Accept a proposal: it becomes an event of the programme, organized by the unit, in
    ``room`` at the given times, checked for room and speaker conflicts like any event
    (``events.services.event_save``, which locks the room)."""
    decided = _decide(proposal=proposal, by=by, status=ProposalStatus.ACCEPTED, comment=(comment or "").strip())
    _check_times(edition=decided.edition, starts_at=starts_at, ends_at=ends_at)
    event = services.event_save(
        event=Event(
            edition=decided.edition,
            kind=decided.kind,
            title_zh=decided.title_zh,
            title_en=decided.title_en,
            description_zh=decided.description_zh,
            description_en=decided.description_en,
            organizer=decided.unit,
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            is_public=is_public,
        )
    )
    decided.event = event
    decided.save(update_fields=["event", "updated_at"])
    return decided


# The units' own events --------------------------------------------------------------------


def _require_organizer_unit(*, event: Event, unit: MemberUnit) -> Event:
    """The event, locked, when ``unit`` organizes it and may still change it. The edition is
    read ``FOR SHARE`` first (``edition_require_writable``), then its freeze: freezing takes
    the row ``FOR UPDATE``, so it cannot land between this check and the change."""
    event = lock_row(Event.objects.select_related("edition"), pk=event.pk)
    if event.organizer_id != unit.pk:
        raise ProposalRefused(_("Your unit does not organize this event."))
    edition_require_writable(event.edition)
    frozen_at = Edition.objects.filter(pk=event.edition_id).values_list("programme_frozen_at", flat=True).get()
    if frozen_at is not None:
        raise ProgrammeFrozen(
            _("The programme was frozen on %(date)s: write to the secretariat to change this event.")
            % {"date": timezone.localdate(frozen_at).isoformat()}
        )
    return event


EVENT_TEXT_FIELDS = ("description_zh", "description_en", "agenda_zh", "agenda_en")


@transaction.atomic
def organized_event_update(*, event: Event, unit: MemberUnit, by, data: dict) -> Event:
    """A unit changes the description and agenda of an event it organizes, until the
    programme is frozen. The activity log keeps the old and new texts."""
    event = _require_organizer_unit(event=event, unit=unit)
    before = {field: getattr(event, field) for field in EVENT_TEXT_FIELDS}
    for field in EVENT_TEXT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    event.save(update_fields=[*EVENT_TEXT_FIELDS, "updated_at"])
    changes = audit.changes_between(before, {field: getattr(event, field) for field in EVENT_TEXT_FIELDS})
    if changes:
        audit.record(action=ProgrammeAction.EVENT_CHANGE, actor=by, obj=event, changes=changes)
    return event


@transaction.atomic
def organized_event_speaker_add(
    *, event: Event, unit: MemberUnit, by, name_zh: str, name_en: str, title_zh: str, title_en: str, role: str
) -> EventRole:
    """Add a speaker or moderator to a unit's event (a new person), unless they are busy then."""
    event = _require_organizer_unit(event=event, unit=unit)
    if not (name_zh.strip() or name_en.strip()):
        raise ProposalRefused(_("Give the speaker's name in Chinese or English."))
    person = Person.objects.create(
        name_zh=name_zh.strip(), name_en=name_en.strip(), title_zh=title_zh.strip(), title_en=title_en.strip()
    )
    event_role = services.event_role_add(event=event, person=person, role=role)
    audit.record(
        action=ProgrammeAction.EVENT_CHANGE,
        actor=by,
        obj=event,
        details={"speaker_added": str(person), "role": role},
    )
    return event_role


@transaction.atomic
def organized_event_speaker_remove(*, event: Event, unit: MemberUnit, by, role_pk: int) -> None:
    event = _require_organizer_unit(event=event, unit=unit)
    event_role = EventRole.objects.select_related("person").filter(event=event, pk=role_pk).first()
    if event_role is None:
        raise ProposalRefused(_("This speaker is not on the event."))
    event_role.delete()
    audit.record(
        action=ProgrammeAction.EVENT_CHANGE, actor=by, obj=event, details={"speaker_removed": str(event_role.person)}
    )


@transaction.atomic
def programme_freeze(*, edition: Edition, by, frozen: bool = True) -> Edition:
    """Freeze (or thaw) the programme: from then on units no longer change their events."""
    edition = lock_row(Edition.objects, pk=edition.pk)
    old = edition.programme_frozen_at
    edition.programme_frozen_at = timezone.now() if frozen else None
    edition.save(update_fields=["programme_frozen_at", "updated_at"])
    audit.record(
        action=ProgrammeAction.EVENT_CHANGE,
        actor=by,
        obj=edition,
        changes={"programme_frozen_at": [old, edition.programme_frozen_at]},
    )
    return edition
