"""A visitor's personal agenda: the sessions a signed-in visitor starred and the events they
registered for (as an attendee whose account is theirs), in time order with clashes marked;
and its secret iCalendar address, which calendar applications fetch without a login.

Writes (``agenda_add``, ``agenda_remove``, ``agenda_feed_renew``, ``agenda_feed_revoke``)
are atomic and leave a row in the activity log; the token itself is never logged.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from events.enums import ProgrammeAction, RegistrationStatus
from events.models import AgendaEntry, AgendaFeed, Event, Registration, new_agenda_token
from expo import audit
from expo.enums import EditionStatus
from expo.errors import DomainError


class AgendaRefused(DomainError):
    """A session that cannot be added to an agenda (its edition is over)."""


@dataclass
class AgendaItem:
    """One event of an agenda: starred, registered for (``status``: confirmed or on the
    waiting list), or both; ``clashes`` are the other items of the agenda it overlaps."""

    event: Event
    starred: bool = False
    status: str = ""
    clashes: list[Event] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return bool(self.status)

    @property
    def waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED


# Reads ---------------------------------------------------------------------------------------


def _agenda_events():
    return Event.objects.select_related("room__venue", "organizer", "edition")


def starred_event_ids(*, user, edition) -> set[int]:
    """The events of ``edition`` that ``user`` starred: one query, none for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        AgendaEntry.objects.filter(user=user, event__edition=edition).values_list("event_id", flat=True).order_by()
    )


def is_starred(*, user, event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return AgendaEntry.objects.filter(user=user, event=event).exists()


def agenda_items(*, user, edition) -> list[AgendaItem]:
    """The user's agenda in ``edition``, in time order, each item with the items it clashes
    with. Two queries whatever the agenda's size: the starred events, and the registrations
    (not cancelled) of the attendees whose account is the user's."""
    items: dict[int, AgendaItem] = {}
    for event in _agenda_events().filter(edition=edition, agenda_entries__user=user):
        items[event.pk] = AgendaItem(event=event, starred=True)
    registrations = (
        Registration.objects.filter(attendee__user=user, event__edition=edition)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("event__room__venue", "event__organizer", "event__edition")
    )
    for registration in registrations:
        item = items.setdefault(registration.event_id, AgendaItem(event=registration.event))
        # Confirmed wins over a waiting-list place (two attendances of one account cannot
        # exist in one edition, but be plain about it).
        if item.status != RegistrationStatus.CONFIRMED:
            item.status = registration.status
    ordered = sorted(items.values(), key=lambda i: (i.event.starts_at, i.event.ends_at, i.event.pk))
    _mark_clashes(ordered)
    return ordered


def _mark_clashes(ordered: list[AgendaItem]) -> None:
    """Two items clash when their times overlap (one ending as the other begins does not)."""
    for n, item in enumerate(ordered):
        for later in ordered[n + 1 :]:
            if later.event.starts_at >= item.event.ends_at:
                break
            item.clashes.append(later.event)
            later.clashes.append(item.event)


def feed_of(*, user) -> AgendaFeed | None:
    return AgendaFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> AgendaFeed | None:
    """The feed of a token, with its owner; None for an unknown, renewed or revoked token."""
    if not token or len(token) > 64:
        return None
    return AgendaFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()


# Writes --------------------------------------------------------------------------------------


@transaction.atomic
def agenda_add(*, user, event: Event) -> AgendaEntry:
    """Star ``event`` for ``user`` (nothing changes when it is starred already). Refuses a
    session of a closed edition (``AgendaRefused``). Logs ``agenda_add``."""
    if event.edition.status == EditionStatus.CLOSED:
        raise AgendaRefused(_("This edition is over: its sessions can no longer be added to an agenda."))
    entry, created = AgendaEntry.objects.get_or_create(user=user, event=event)
    if created:
        audit.record(action=ProgrammeAction.AGENDA_ADD, actor=user, obj=event)
    return entry


@transaction.atomic
def agenda_remove(*, user, event: Event) -> bool:
    """Unstar ``event`` for ``user``; False when it was not starred. Logs ``agenda_remove``.
    A registration stays: it is cancelled on the registration's own page."""
    deleted, _counts = AgendaEntry.objects.filter(user=user, event=event).delete()
    if deleted:
        audit.record(action=ProgrammeAction.AGENDA_REMOVE, actor=user, obj=event)
    return bool(deleted)


@transaction.atomic
def agenda_feed_renew(*, user) -> AgendaFeed:
    """Make the user's calendar link, or give it a new token: the old address stops working
    at once. Logs ``agenda_feed`` (``made`` or ``renewed``), without the token."""
    feed = AgendaFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = AgendaFeed.objects.create(user=user)
        step = "made"
    else:
        feed.token = new_agenda_token()
        feed.save(update_fields=["token", "updated_at"])
        step = "renewed"
    audit.record(action=ProgrammeAction.AGENDA_FEED, actor=user, obj=feed, details={"step": step})
    return feed


@transaction.atomic
def agenda_feed_revoke(*, user) -> bool:
    """Turn the user's calendar link off (its address answers 404); False when there was
    none. Logs ``agenda_feed`` (``revoked``)."""
    feed = AgendaFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return False
    audit.record(action=ProgrammeAction.AGENDA_FEED, actor=user, obj=feed, details={"step": "revoked"})
    feed.delete()
    return True
