"""Every write of the programme and attendance.

Rooms and events are locked (``expo.locking.lock_rows``) before the checks that depend on them,
so that two organizers scheduling into one room, or many people registering for the last
seats, queue up instead of slipping past each other.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import ON_SITE_KINDS, RegistrationStatus
from events.models import Attendee, CheckIn, Event, EventRole, Person, Registration, Room
from events.tasks import send_registration_email
from expo import ratelimit
from expo.compiled import CompiledQuery
from expo.errors import DomainError, InvalidInput, full_clean
from expo.locking import lock_row, lock_rows
from expo.services import edition_require_writable
from expo.tabular import email_is_valid


class ProgrammeConflict(DomainError):
    """A room or a speaker is already taken at that time."""


class RegistrationError(DomainError):
    """A registration step the rules do not allow."""


class RegistrationClosed(RegistrationError):
    """The event takes no registrations: by invitation only, or it has begun."""


class AlreadyRegistered(RegistrationError):
    """The person already holds a seat or a place on the waiting list of the event."""


class CheckInRefused(DomainError):
    """A badge that cannot be checked in; ``attendee`` is its holder when known."""

    def __init__(self, message: str, attendee: Attendee | None = None):
        super().__init__(message)
        self.attendee = attendee


def _when(event: Event) -> str:
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _overlapping(*, starts_at, ends_at, exclude_pk=None):
    events = Event.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
    return events.exclude(pk=exclude_pk) if exclude_pk else events


def room_conflict(*, room: Room | None, starts_at, ends_at, exclude_pk=None) -> Event | None:
    """The first event that already uses ``room`` at an overlapping time, or None."""
    if room is None:
        return None
    return (
        _overlapping(starts_at=starts_at, ends_at=ends_at, exclude_pk=exclude_pk)
        .filter(room=room)
        .order_by("starts_at")
        .first()
    )


def person_conflict(*, person: Person, starts_at, ends_at, exclude_pk=None) -> Event | None:
    return (
        _overlapping(starts_at=starts_at, ends_at=ends_at, exclude_pk=exclude_pk)
        .filter(roles__person=person)
        .order_by("starts_at")
        .first()
    )


def _check_event(event: Event) -> None:
    if event.ends_at <= event.starts_at:
        raise ProgrammeConflict(_("An event must end after it starts."))
    clash = room_conflict(room=event.room, starts_at=event.starts_at, ends_at=event.ends_at, exclude_pk=event.pk)
    if clash:
        raise ProgrammeConflict(
            _("%(room)s is already taken by “%(event)s” at %(when)s.")
            % {"room": event.room, "event": clash, "when": _when(clash)}
        )
    if event.pk:
        for role in EventRole.objects.filter(event=event).select_related("person"):
            other = person_conflict(
                person=role.person, starts_at=event.starts_at, ends_at=event.ends_at, exclude_pk=event.pk
            )
            if other:
                raise ProgrammeConflict(
                    _("%(person)s also speaks at “%(event)s” at %(when)s.")
                    % {"person": role.person, "event": other, "when": _when(other)}
                )


def event_check(*, event: Event) -> None:
    """The rules of ``event_save`` without the write: lock the event's room, then refuse
    (EditionClosed, ProgrammeConflict) what ``event_save`` would refuse. Called inside the
    caller's transaction, the lock holds until it commits, so that a form may show the
    refusal as its own error and then save through ``event_save`` without a race (the
    admin's change form does: its POST runs in one transaction)."""
    edition_require_writable(event.edition_id)
    if event.pk:
        edition_require_writable(Event.objects.filter(pk=event.pk).values_list("edition_id", flat=True).first())
    if event.room_id:
        lock_rows(Room.objects.filter(pk=event.room_id).values_list("pk", flat=True))
    _check_event(event)


@transaction.atomic
def event_save(*, event: Event) -> Event:
    """Create or change an event after checking its room and its speakers are free then.
    Raises ProgrammeConflict with a message that names the clash."""
    event_check(event=event)
    full_clean(event)
    event.save()
    return event


def event_role_check(*, event: Event, person: Person) -> None:
    """The rule of ``event_role_add`` without the write: lock the person, then refuse
    (ProgrammeConflict) a person who is in another event at the same time. Inside the
    caller's transaction, like ``event_check``."""
    edition_require_writable(event.edition_id)
    lock_rows(Person.objects.filter(pk=person.pk).values_list("pk", flat=True))
    other = person_conflict(person=person, starts_at=event.starts_at, ends_at=event.ends_at, exclude_pk=event.pk)
    if other:
        raise ProgrammeConflict(
            _("%(person)s also speaks at “%(event)s” at %(when)s.")
            % {"person": person, "event": other, "when": _when(other)}
        )


@transaction.atomic
def event_role_add(*, event: Event, person: Person, role: str) -> EventRole:
    """Add a speaker or moderator, unless they are in another event at the same time."""
    event_role_check(event=event, person=person)
    return EventRole.objects.update_or_create(event=event, person=person, defaults={"role": role})[0]


@transaction.atomic
def event_role_remove(*, event_role: EventRole) -> None:
    """Take a speaker or moderator off an event (refused in a closed edition)."""
    edition_require_writable(Event.objects.filter(pk=event_role.event_id).values_list("edition_id", flat=True).first())
    EventRole.objects.filter(pk=event_role.pk).delete()


# Attendees and registrations -----------------------------------------------------------


def attendee_by_email(*, edition, email: str) -> Attendee | None:
    """The attendee of ``edition`` with the address ``email`` in any letter case: the same
    person for registration and for the unique constraint (edition, lower(email)), whose
    index answers this."""
    if not email:
        return None
    return (
        Attendee.objects.alias(email_lower=Lower("email"))
        .filter(edition=edition, email_lower=Lower(Value(email)))
        .exclude(email="")
        .first()
    )


@dataclass
class AttendeeResult:
    attendee: Attendee
    created: bool


def attendee_email_problem(email: str) -> str | None:
    """Why ``email`` cannot be an attendee's address, if it cannot: the rule of the email
    field (Django's EmailValidator, with its message), checked fast for the common addresses,
    so that the import can check 200,000 rows with it."""
    if email and not email_is_valid(email):
        return str(EmailValidator.message)
    return None


@transaction.atomic
def attendee_register(
    *,
    edition,
    kind: str,
    name: str,
    email: str,
    country: str,
    organization: str = "",
    industry: str = "",
    phone: str = "",
    invited_by=None,
) -> AttendeeResult:
    """Register a person for an edition, or find them by email if they already are (also
    when the same person is being registered at the same moment: the unique constraint
    decides, and the second finds the first's row instead of failing). Raises EditionClosed
    when the edition is closed, ValidationError (by field) for an address or a value the
    fields refuse."""
    edition_require_writable(edition)
    if problem := attendee_email_problem(email):
        raise InvalidInput({"email": problem})
    existing = attendee_by_email(edition=edition, email=email)
    if existing:
        return AttendeeResult(existing, False)
    attendee = Attendee(
        edition=edition,
        kind=kind,
        name=name,
        email=email,
        country=country,
        organization=organization,
        industry=industry,
        phone=phone,
        invited_by=invited_by,
    )
    # The unique email per edition is left to the database: two registrations of one person at
    # the same moment both pass a check made before either is written.
    full_clean(attendee, validate_constraints=False)
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError:
        # The same person registering twice at the same moment: the first one committed wins
        # (with its inviting unit's credit); this one finds it.
        existing = attendee_by_email(edition=edition, email=email)
        if existing is None:
            raise
        return AttendeeResult(existing, False)
    return AttendeeResult(attendee, True)


def registration_refusal(*, event: Event, now=None) -> str | None:
    """Why nobody may register for ``event`` now (by invitation only, begun), or None. The
    rule of ``register_for_event``, for pages that say so before anyone fills in a form."""
    now = now or timezone.now()
    if not event.is_public:
        return _("This event is by invitation only.")
    if event.starts_at <= now:
        return _("This event has begun; registration has closed.")
    return None


@transaction.atomic
def register_for_event(*, event: Event, attendee: Attendee, now=None) -> Registration:
    """A seat if one is free, else a place on the waiting list. The event row is locked, so
    parallel registrations never take more seats than there are. Refused, whoever asks, for
    an event by invitation only or one that has begun at ``now`` (RegistrationClosed), a
    person of another edition (RegistrationError) or already registered (AlreadyRegistered)."""
    event = lock_row(Event.objects.select_related("room"), pk=event.pk)
    edition_require_writable(event.edition_id)
    refusal = registration_refusal(event=event, now=now)
    if refusal:
        raise RegistrationClosed(refusal)
    if attendee.edition_id != event.edition_id:
        raise RegistrationError(_("This registration is for another edition of the expo."))
    if (
        Registration.objects.filter(event=event, attendee=attendee)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise AlreadyRegistered(_("%(name)s is already registered for this event.") % {"name": attendee.name})
    seats = event.seats
    taken = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    status = RegistrationStatus.CONFIRMED if seats is None or taken < seats else RegistrationStatus.WAITLISTED
    return Registration.objects.create(event=event, attendee=attendee, status=status)


def registration_link(*, attendee: Attendee, base_url: str) -> str:
    """The address of the person's own page (badge, registrations), sent in their mail."""
    return base_url.rstrip("/") + reverse("programme:mine", args=[attendee.code])


@transaction.atomic
def registration_submit(
    *, edition, event: Event | None = None, base_url: str, language: str, **person
) -> AttendeeResult:
    """A person registers themselves (the public form): ``attendee_register`` for the
    edition, then ``register_for_event`` for ``event`` if given (whose rules refuse an event
    by invitation only or one that has begun: RegistrationError, and nothing is written),
    then the mail with their link and badge, sent by a worker once this commits.

    The answer is the same whether the address was new or known; only the mail differs, and
    a known address is mailed at most once in EVENTS_KNOWN_EMAIL_MAIL_MINUTES. A known
    person already registered for ``event`` is not an error (the mail says they are)."""
    result = attendee_register(edition=edition, **person)
    if event is not None:
        try:
            register_for_event(event=event, attendee=result.attendee)
        except AlreadyRegistered:
            if result.created:
                raise
    attendee = result.attendee
    if result.created or ratelimit.once_per(
        scope="registration-mail", value=str(attendee.pk), seconds=settings.EVENTS_KNOWN_EMAIL_MAIL_MINUTES * 60
    ):
        link = registration_link(attendee=attendee, base_url=base_url)
        transaction.on_commit(partial(send_registration_email.delay, attendee.pk, link, language, not result.created))
    return result


@transaction.atomic
def cancel_registration(*, registration: Registration, now=None) -> Registration | None:
    """Cancel a registration; a freed seat goes to the first on the waiting list, in the
    same transaction. Returns the registration that moved up, if any."""
    now = now or timezone.now()
    lock_rows(Event.objects.filter(pk=registration.event_id).values_list("pk", flat=True))
    registration = lock_row(Registration.objects, pk=registration.pk)
    edition_require_writable(
        Event.objects.filter(pk=registration.event_id).values_list("edition_id", flat=True).first()
    )
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."))
    freed_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    if not freed_seat:
        return None
    first = next(
        iter(
            lock_rows(
                Registration.objects.filter(
                    event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
                ).order_by("created_at", "pk")[:1]
            )
        ),
        None,
    )
    if first is None:
        return None
    first.status = RegistrationStatus.CONFIRMED
    first.promoted_at = now
    first.save(update_fields=["status", "promoted_at", "updated_at"])
    return first


# Check-in -------------------------------------------------------------------------------


def normalize_code(raw: str) -> str:
    """What a scanner or a person typed, as a badge code: badges encode a URL ending in the
    code, people type it with spaces, dashes or in lower case."""
    text = (raw or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text.upper() if ch.isalnum())


# The badge of a scan, with its edition: compiled once per process (expo.compiled), the
# check-in desks' busiest read (a third of a scan's CPU through the ORM's compiler).
_BADGE = CompiledQuery(lambda code: Attendee.objects.select_related("edition").filter(code=code))


def check_in(*, code: str, edition, by=None, now=None) -> CheckIn:
    """Record that the badge's holder arrived today. Raises CheckInRefused saying why not:
    unknown code, another edition, an online visitor's code, or already checked in today."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    normalized = normalize_code(code)
    attendee = next(iter(_BADGE.rows(normalized)), None) if normalized else None  # the code is unique
    if attendee is None:
        raise CheckInRefused(
            _("Unknown code “%(code)s”: no badge has it. Check the code or send the person to the registration desk.")
            % {"code": code.strip()[:40]}
        )
    if attendee.edition_id != edition.pk:
        raise CheckInRefused(
            _("This badge is for the %(edition)s, not this edition.") % {"edition": attendee.edition}, attendee
        )
    if attendee.kind not in ON_SITE_KINDS:
        raise CheckInRefused(
            _("%(name)s is registered as an online visitor, without a badge for the venue.") % {"name": attendee.name},
            attendee,
        )
    try:
        with transaction.atomic():
            edition_require_writable(edition)
            return CheckIn.objects.create(attendee=attendee, day=day, at=now, by=by)
    except IntegrityError:
        earlier = CheckIn.objects.get(attendee=attendee, day=day)
        raise CheckInRefused(
            _("%(name)s already checked in today at %(time)s.")
            % {"name": attendee.name, "time": f"{timezone.localtime(earlier.at):%H:%M}"},
            attendee,
        ) from None
