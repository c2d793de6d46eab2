"""Every write of matchmaking: merchant accounts, meeting requests and their answers, tables
at the matchmaking sessions, what came of a meeting, and leads scanned at the booth.

A meeting's life (``MEETING_STEPS``)::

    merchant asks  -> requested --exhibitor accepts-->  accepted --either records outcome--> held
    exhibitor asks -> invited   --merchant accepts-->   accepted
    requested --exhibitor proposes another time--> proposed --merchant accepts--> accepted
    invited/proposed --merchant proposes another time--> requested
    requested --exhibitor declines--> declined;  invited/proposed --merchant declines--> declined
    any open state or accepted --either cancels--> cancelled

The invariant: neither the merchant, the exhibitor nor a table is in two meetings at once.
Accepting locks the matchmaking session, then the merchant, then the exhibitor, then the
meeting (always in that order, so parallel accepts queue instead of deadlocking) before it
checks; partial unique indexes on (session, time, table), (merchant, time) and (exhibitor,
time) are the backstop.
"""

import datetime
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import AttendeeKind
from events.models import Attendee
from exhibitors.models import Exhibitor
from expo import audit
from expo.errors import DomainError, InvalidInput, full_clean
from expo.locking import lock_row, lock_rows
from expo.services import edition_require_writable
from matchmaking import (
    notifications,
    tasks,  # the tasks import this module too: both use the other's names at call time
)
from matchmaking.enums import (
    BOOKED_STATUSES,
    OPEN_STATUSES,
    WAITING_FOR_EXHIBITOR,
    WAITING_FOR_MERCHANT,
    Initiator,
    MatchmakingAction,
    MeetingMode,
    MeetingStatus,
    Outcome,
)
from matchmaking.models import Lead, MatchmakingSession, Meeting, MerchantInterest

MERCHANT, EXHIBITOR = Initiator.MERCHANT, Initiator.EXHIBITOR

# (step, side) -> the statuses it may start from.
MEETING_STEPS: dict[tuple[str, str], tuple[str, ...]] = {
    ("accept", EXHIBITOR): WAITING_FOR_EXHIBITOR,
    ("accept", MERCHANT): WAITING_FOR_MERCHANT,
    ("propose", EXHIBITOR): WAITING_FOR_EXHIBITOR,
    ("propose", MERCHANT): WAITING_FOR_MERCHANT,
    ("decline", EXHIBITOR): WAITING_FOR_EXHIBITOR,
    ("decline", MERCHANT): WAITING_FOR_MERCHANT,
    ("cancel", EXHIBITOR): (*OPEN_STATUSES, MeetingStatus.ACCEPTED),
    ("cancel", MERCHANT): (*OPEN_STATUSES, MeetingStatus.ACCEPTED),
    ("outcome", EXHIBITOR): (MeetingStatus.ACCEPTED, MeetingStatus.HELD),
    ("outcome", MERCHANT): (MeetingStatus.ACCEPTED, MeetingStatus.HELD),
}


class MeetingError(DomainError):
    """A step the meeting's state, its time or its parties do not allow."""


class MeetingUnavailable(MeetingError):
    """The time or the table asked for is taken."""


class LeadError(DomainError):
    """The badge code does not name a visitor of the current edition."""


def allowed_steps(meeting: Meeting, side: str) -> set[str]:
    return {step for (step, who), statuses in MEETING_STEPS.items() if who == side and meeting.status in statuses}


def _require_step(meeting: Meeting, step: str, side: str) -> None:
    if meeting.status not in MEETING_STEPS[(step, side)]:
        raise MeetingError(
            _("This meeting is %(status)s: that is no longer possible.") % {"status": meeting.get_status_display()}
        )


MEETING_FIELDS = ("status", "mode", "starts_at", "ends_at", "session", "table", "outcome", "project")


def _log_meeting(meeting: Meeting, step: str, user, before: dict | None, side: str = "") -> None:
    """One row of the activity log for a step of the meeting: who, which step, from which
    side, and the fields it changed (old and new). Inside the step's transaction."""
    audit.record(
        action=MatchmakingAction.MEETING_CHANGE,
        actor=user,
        obj=meeting,
        changes=audit.changes_between(before, audit.field_values(meeting, MEETING_FIELDS)),
        details={"step": step, "side": side or meeting.initiated_by},
    )


def _before(meeting: Meeting) -> dict:
    return audit.field_values(meeting, MEETING_FIELDS)


def _notify(meeting: Meeting, event: str) -> None:
    transaction.on_commit(partial(tasks.send_meeting_email.delay, meeting.pk, event))


# Merchant accounts ------------------------------------------------------------------------


@transaction.atomic
def merchant_sign_up(
    *,
    edition,
    username: str,
    email: str,
    password: str,
    name: str,
    country: str,
    organization: str,
    industries: list[str],
    phone: str = "",
):
    """Create a merchant's account and their registration for ``edition`` (an Attendee of kind
    merchant with the account), with their industries of interest. The email address is not
    verified yet: the caller sends the verification mail. Returns the user."""
    edition_require_writable(edition)
    try:
        with transaction.atomic():
            return _merchant_create(
                edition=edition,
                username=username,
                email=email,
                password=password,
                name=name,
                country=country,
                organization=organization,
                industries=industries,
                phone=phone,
            )
    except IntegrityError:
        # The same sign-up sent twice at the same moment: both passed the checks.
        raise InvalidInput(
            {"email": _("Someone with this email address is already registered for this edition.")}
        ) from None


def _merchant_create(*, edition, username, email, password, name, country, organization, industries, phone):
    user = get_user_model().objects.create_user(username=username, email=email, password=password, first_name=name)
    attendee = Attendee(
        edition=edition,
        kind=AttendeeKind.MERCHANT,
        user=user,
        name=name,
        email=email,
        phone=phone,
        country=country,
        organization=organization,
        industry=industries[0] if industries else "",
    )
    full_clean(attendee)
    attendee.save()
    merchant_set_interests(merchant=attendee, industries=industries)
    return user


@transaction.atomic
def merchant_set_interests(*, merchant: Attendee, industries: list[str]) -> None:
    MerchantInterest.objects.filter(attendee=merchant).exclude(industry__in=industries).delete()
    MerchantInterest.objects.bulk_create(
        [MerchantInterest(attendee=merchant, industry=i) for i in industries], ignore_conflicts=True
    )


# Requests and invitations -----------------------------------------------------------------


def _clean_times(times: list[datetime.datetime], now: datetime.datetime) -> list[str]:
    if any(t <= now for t in times):
        raise MeetingError(_("Propose times in the future."))
    return [t.isoformat() for t in sorted(set(times))]


def _create(*, merchant, exhibitor, mode, message, proposed_times, user, initiator, now) -> Meeting:
    now = now or timezone.now()
    edition_require_writable(merchant.edition_id)
    if merchant.kind not in (AttendeeKind.MERCHANT, AttendeeKind.ONLINE_VISITOR) or merchant.user_id is None:
        raise MeetingError(_("Only registered merchants with an account can meet exhibitors."))
    open_exists = Meeting.objects.filter(merchant=merchant, exhibitor=exhibitor, status__in=OPEN_STATUSES).exists()
    if open_exists:
        raise MeetingError(_("There is already an open request between you: answer it or cancel it first."))
    meeting = Meeting(
        edition_id=merchant.edition_id,
        merchant=merchant,
        exhibitor=exhibitor,
        initiated_by=initiator,
        mode=mode,
        message=message,
        proposed_times=_clean_times(proposed_times, now),
        status=MeetingStatus.REQUESTED if initiator == MERCHANT else MeetingStatus.INVITED,
        requested_by=user,
    )
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:
        raise MeetingError(_("There is already an open request between you: answer it or cancel it first.")) from None
    _log_meeting(meeting, "request" if initiator == MERCHANT else "invite", user, None, initiator)
    _notify(meeting, meeting.status)
    return meeting


@transaction.atomic
def meeting_request(
    *,
    merchant: Attendee,
    exhibitor: Exhibitor,
    mode: str,
    message: str,
    proposed_times: list[datetime.datetime],
    user,
    now: datetime.datetime | None = None,
) -> Meeting:
    """A merchant asks an exhibitor for a meeting. Mails both (after commit)."""
    return _create(
        merchant=merchant,
        exhibitor=exhibitor,
        mode=mode,
        message=message,
        proposed_times=proposed_times,
        user=user,
        initiator=MERCHANT,
        now=now,
    )


@transaction.atomic
def meeting_invite(
    *,
    exhibitor: Exhibitor,
    merchant: Attendee,
    mode: str,
    message: str,
    proposed_times: list[datetime.datetime],
    user,
    now: datetime.datetime | None = None,
) -> Meeting:
    """An exhibitor invites a merchant who registered interest in its industry. Mails both."""
    if not MerchantInterest.objects.filter(attendee=merchant, industry=exhibitor.industry).exists():
        raise MeetingError(_("You can invite only merchants who registered interest in your industry."))
    return _create(
        merchant=merchant,
        exhibitor=exhibitor,
        mode=mode,
        message=message,
        proposed_times=proposed_times,
        user=user,
        initiator=EXHIBITOR,
        now=now,
    )


# Answers ----------------------------------------------------------------------------------


def _lock(meeting: Meeting, session: MatchmakingSession | None) -> Meeting:
    """Lock the session, the merchant, the exhibitor and the meeting, in that order; then
    refuse a closed edition; return the meeting as it now is.

    The edition's row is read FOR SHARE (``edition_require_writable``) only after these
    locks: taken before them, while dozens of accepts queued on the session's row, PostgreSQL
    reported deadlocks between the two rows' lock queues (tests/matchmaking/test_concurrency.py).
    """
    if session is not None:
        lock_rows(MatchmakingSession.objects.filter(pk=session.pk).values_list("pk", flat=True))
    lock_rows(Attendee.objects.filter(pk=meeting.merchant_id).values_list("pk", flat=True))
    lock_rows(Exhibitor.objects.filter(pk=meeting.exhibitor_id).values_list("pk", flat=True))
    locked = lock_row(Meeting.objects.select_related("merchant", "exhibitor", "edition"), pk=meeting.pk)
    edition_require_writable(locked.edition_id)
    return locked


def session_for(*, edition_id: int, starts_at: datetime.datetime) -> MatchmakingSession | None:
    """The matchmaking session of the edition that has a slot starting at ``starts_at``."""
    sessions = MatchmakingSession.objects.filter(
        edition_id=edition_id, starts_at__lte=starts_at, ends_at__gt=starts_at
    ).order_by("starts_at", "pk")
    return next((s for s in sessions if s.is_slot_start(starts_at)), None)


def _busy(meeting: Meeting, starts_at, ends_at) -> Q:
    return Q(status__in=BOOKED_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at) & ~Q(pk=meeting.pk)


def _book(meeting: Meeting, session, starts_at, ends_at) -> None:
    overlapping = Meeting.objects.filter(_busy(meeting, starts_at, ends_at))
    if overlapping.filter(merchant_id=meeting.merchant_id).exists():
        raise MeetingUnavailable(_("The merchant already has a meeting at this time."))
    if overlapping.filter(exhibitor_id=meeting.exhibitor_id).exists():
        raise MeetingUnavailable(_("The exhibitor already has a meeting at this time."))
    meeting.session, meeting.table = None, None
    if meeting.mode == MeetingMode.ONSITE:
        taken = set(
            Meeting.objects.filter(session=session, starts_at=starts_at, status__in=BOOKED_STATUSES).values_list(
                "table", flat=True
            )
        )
        free = next((t for t in range(1, session.tables + 1) if t not in taken), None)
        if free is None:
            raise MeetingUnavailable(
                _("All %(count)s tables of %(session)s are taken at this time: choose another time.")
                % {"count": session.tables, "session": session}
            )
        meeting.session, meeting.table = session, free
    meeting.starts_at, meeting.ends_at = starts_at, ends_at


def meeting_accept(
    *,
    meeting: Meeting,
    side: str,
    user,
    starts_at: datetime.datetime,
    answer: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Accept the meeting at ``starts_at``: at the expo, a slot of a matchmaking session and a
    free table in it; online, any future time. Raises MeetingUnavailable when a party or every
    table is taken, LockTimeout when they stay busy too long. Mails both."""
    now = now or timezone.now()
    with transaction.atomic():
        if starts_at <= now:
            raise MeetingError(_("Choose a time in the future."))
        session = None
        if meeting.mode == MeetingMode.ONSITE:
            session = session_for(edition_id=meeting.edition_id, starts_at=starts_at)
            if session is None:
                raise MeetingError(
                    _("At the expo, meetings start at the beginning of a slot of a matchmaking session.")
                )
            ends_at = starts_at + session.slot_length
        else:
            ends_at = starts_at + datetime.timedelta(minutes=settings.MATCHMAKING_ONLINE_MINUTES)
        meeting = _lock(meeting, session)
        _require_step(meeting, "accept", side)
        before = _before(meeting)
        _book(meeting, session, starts_at, ends_at)
        meeting.status = MeetingStatus.ACCEPTED
        meeting.answer = answer or meeting.answer
        meeting.answered_by, meeting.answered_at = user, now
        meeting.save()
        _log_meeting(meeting, "accept", user, before, side)
        _notify(meeting, "accepted")
    return meeting


@transaction.atomic
def meeting_propose(
    *, meeting: Meeting, side: str, user, starts_at: datetime.datetime, answer: str = "", now=None
) -> Meeting:
    """Answer with another time; the other side then accepts, declines or proposes again."""
    now = now or timezone.now()
    meeting = _lock(meeting, None)
    _require_step(meeting, "propose", side)
    before = _before(meeting)
    meeting.proposed_times = _clean_times([starts_at], now)
    meeting.status = MeetingStatus.PROPOSED if side == EXHIBITOR else MeetingStatus.REQUESTED
    meeting.answer = answer
    meeting.answered_by, meeting.answered_at = user, now
    meeting.save()
    _log_meeting(meeting, "propose", user, before, side)
    _notify(meeting, "proposed")
    return meeting


@transaction.atomic
def meeting_decline(*, meeting: Meeting, side: str, user, answer: str = "", now=None) -> Meeting:
    meeting = _lock(meeting, None)
    _require_step(meeting, "decline", side)
    before = _before(meeting)
    meeting.status = MeetingStatus.DECLINED
    meeting.answer = answer
    meeting.answered_by, meeting.answered_at = user, now or timezone.now()
    meeting.save()
    _log_meeting(meeting, "decline", user, before, side)
    _notify(meeting, "declined")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, side: str, user, now=None) -> Meeting:
    """Cancel an open request or an accepted meeting (its table is free again). Mails both."""
    meeting = _lock(meeting, None)
    _require_step(meeting, "cancel", side)
    before = _before(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.answered_by, meeting.answered_at = user, now or timezone.now()
    meeting.save()
    _log_meeting(meeting, "cancel", user, before, side)
    _notify(meeting, "cancelled")
    return meeting


@transaction.atomic
def meeting_record_outcome(
    *, meeting: Meeting, side: str, user, outcome: str, note: str = "", project=None, now=None
) -> Meeting:
    """Say what came of a meeting that took place, optionally linking the cooperation project
    (of the same edition) it led to."""
    now = now or timezone.now()
    meeting = _lock(meeting, None)
    _require_step(meeting, "outcome", side)
    if meeting.starts_at > now:
        raise MeetingError(_("A meeting's outcome can be recorded once it has started."))
    if outcome not in Outcome.values:
        raise MeetingError(_("Choose an outcome."))
    if project is not None and project.edition_id != meeting.edition_id:
        raise MeetingError(_("The project must belong to the same edition as the meeting."))
    if outcome == Outcome.PROJECT and project is None:
        raise MeetingError(_("Choose the cooperation project that came of this meeting."))
    before = _before(meeting)
    meeting.status = MeetingStatus.HELD
    meeting.outcome, meeting.outcome_note, meeting.project = outcome, note, project
    meeting.save()
    _log_meeting(meeting, "outcome", user, before, side)
    return meeting


def send_due_reminders(*, now: datetime.datetime | None = None) -> int:
    """Mail both parties of each accepted meeting that starts within
    ``MATCHMAKING_REMIND_HOURS``, once per meeting (claimed with a conditional update, so a
    second run or a duplicate task sends nothing). Returns how many meetings were reminded."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=MeetingStatus.ACCEPTED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(hours=settings.MATCHMAKING_REMIND_HOURS),
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due):
        claimed = Meeting.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(reminder_sent_at=now)
        if claimed:
            meeting = Meeting.objects.select_related("merchant", "exhibitor", "session").get(pk=pk)
            notifications.send_meeting_email(meeting=meeting, event="reminder")
            sent += 1
    return sent


# Leads ------------------------------------------------------------------------------------


@transaction.atomic
def lead_capture(
    *, exhibitor: Exhibitor, code: str, user, edition, rating: int | None = None, note: str = ""
) -> tuple[Lead, bool]:
    """Record the visitor whose badge ``code`` the exhibitor's staff scanned or typed. A second
    scan of the same badge keeps the first lead and updates its rating and note when given.
    Returns (lead, created)."""
    edition_require_writable(edition)
    code = "".join(code.split()).upper()
    attendee = Attendee.objects.filter(code=code, edition=edition).first()
    if attendee is None:
        raise LeadError(_("No visitor of this edition has the badge code %(code)s.") % {"code": code[:20]})
    lead, created = Lead.objects.get_or_create(
        exhibitor=exhibitor, attendee=attendee, defaults={"scanned_by": user, "rating": rating, "note": note}
    )
    if created:
        # The visitor's data reach the exhibitor now: who scanned whom is in the log.
        audit.record(
            action=MatchmakingAction.LEAD_CHANGE,
            actor=user,
            obj=lead,
            changes={"rating": [None, rating], "note": [None, note]},
            details={"step": "scan", "attendee": attendee.pk, "exhibitor": exhibitor.pk},
        )
    elif rating is not None or note:
        lead_update(lead=lead, rating=rating if rating is not None else lead.rating, note=note or lead.note, user=user)
    return lead, created


LEAD_FIELDS = ("rating", "note", "project")


@transaction.atomic
def lead_update(
    *, lead: Lead, rating: int | None, note: str, user=None, project=None, set_project: bool = False
) -> Lead:
    """Change a lead's rating and note (and, with ``set_project``, the cooperation project it
    led to, of the lead's edition)."""
    before = audit.field_values(lead, LEAD_FIELDS)
    if set_project:
        if project is not None and project.edition_id != lead.attendee.edition_id:
            raise LeadError(_("The project must belong to the same edition as the lead."))
        lead.project = project
    lead.rating, lead.note = rating, note
    full_clean(lead, exclude=["exhibitor", "attendee", "scanned_by", "project"])
    lead.save(update_fields=["rating", "note", "project", "updated_at"])
    changes = audit.changes_between(before, audit.field_values(lead, LEAD_FIELDS))
    if changes:
        audit.record(
            action=MatchmakingAction.LEAD_CHANGE, actor=user, obj=lead, changes=changes, details={"step": "update"}
        )
    return lead


# Matchmaking sessions (the investment office) ---------------------------------------------

SESSION_FIELDS = ("name_zh", "name_en", "location", "tables", "starts_at", "ends_at", "slot_minutes")


def _session_values(session: MatchmakingSession) -> dict:
    """The logged fields, times in UTC: a time typed in the local zone equals the stored one."""
    values = audit.field_values(session, SESSION_FIELDS)
    return {k: v.astimezone(datetime.UTC) if isinstance(v, datetime.datetime) else v for k, v in values.items()}


class SessionError(DomainError):
    """A session change that would strand booked meetings or is otherwise invalid."""


@transaction.atomic
def session_save(*, edition, data: dict, user, session: MatchmakingSession | None = None, request=None):
    """Create a matchmaking session of ``edition``, or change ``session``. A change must keep
    every meeting booked in it at a slot start and at a table that still exists. Logged."""
    edition_require_writable(edition)
    before = None
    if session is None:
        session = MatchmakingSession(edition=edition)
    else:
        session = lock_row(MatchmakingSession.objects, pk=session.pk, edition=edition)
        before = _session_values(session)
    for field in SESSION_FIELDS:
        setattr(session, field, data[field])
    full_clean(session)
    if before is not None:
        booked = lock_rows(
            Meeting.objects.filter(session=session, status__in=BOOKED_STATUSES).values_list("starts_at", "table")
        )
        if any(table > session.tables for _start, table in booked):
            raise SessionError(
                _(
                    "Meetings are booked at tables above %(count)s: keep at least as many tables as the highest one used."
                )
                % {"count": session.tables}
            )
        if any(not session.is_slot_start(start) for start, _table in booked):
            raise SessionError(
                _(
                    "Meetings booked in this session would no longer start at one of its slots: move or cancel them first."
                )
            )
    session.save()
    audit.record(
        action=MatchmakingAction.MATCHMAKING_SESSION,
        actor=user,
        request=request,
        obj=session,
        changes=audit.changes_between(before, _session_values(session)),
        details={"created": before is None},
    )
    return session
