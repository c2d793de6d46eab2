"""Writes of the public online exhibition: searches that found nothing, visits (counts
only), registered online visitors and their favourites."""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.enums import AttendeeKind
from events.models import Attendee
from exhibitors.enums import BroadcastStatus, ExhibitionAction
from exhibitors.models import (
    Favourite,
    LiveBroadcast,
    OnlineSearchMiss,
    OnlineViewDay,
    OnlineVisitorDay,
    OnlineVisitorProfile,
)
from expo import audit, verification
from expo.errors import DomainError, full_clean
from expo.locking import lock_row
from expo.services import edition_require_writable


def search_miss_record(*, edition, query: str) -> None:
    """Count one search of ``edition`` that found nothing (the query text only)."""
    query = query[: OnlineSearchMiss._meta.get_field("query").max_length]
    updated = OnlineSearchMiss.objects.filter(edition=edition, query=query).update(
        count=F("count") + 1, last_searched_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                OnlineSearchMiss.objects.create(edition=edition, query=query, count=1)
        except IntegrityError:  # a parallel first miss of the same text
            OnlineSearchMiss.objects.filter(edition=edition, query=query).update(count=F("count") + 1)


# Visits: counts only ----------------------------------------------------------------------

SALT_SECONDS = 2 * 24 * 3600


def _day_salt(day: datetime.date) -> str:
    """A random salt per day, kept only in the cache for two days: once it is gone, a day's
    visitor keys cannot be linked to anyone."""
    return cache.get_or_set(f"exhibitors:online:salt:{day.isoformat()}", secrets.token_hex(16), SALT_SECONDS)


def visitor_key(*, day: datetime.date, address: str, agent: str) -> str:
    raw = f"{_day_salt(day)}|{address}|{agent}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def visit_record(*, edition, key: str, day: datetime.date) -> bool:
    """Count the visitor ``key`` (``visitor_key``) once on ``day`` for ``edition``. The key
    is kept in the cache until the end of the next day, never in the database. True when the
    visitor was new that day."""
    if not cache.add(f"exhibitors:online:seen:{edition.pk}:{day.isoformat()}:{key}", 1, SALT_SECONDS):
        return False
    _count(OnlineVisitorDay.objects.filter(edition=edition, day=day), "visitors", edition=edition, day=day)
    return True


def view_record(*, edition, exhibitor_id: int, exhibit_id: int | None, day: datetime.date) -> None:
    """One view of an exhibitor's page (``exhibit_id`` None) or of an exhibit's page."""
    rows = OnlineViewDay.objects.filter(edition=edition, day=day, exhibitor_id=exhibitor_id, exhibit_id=exhibit_id)
    _count(rows, "views", edition=edition, day=day, exhibitor_id=exhibitor_id, exhibit_id=exhibit_id)


def _count(rows, field: str, **create) -> None:
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            rows.model.objects.create(**create, **{field: 1})
    except IntegrityError:  # a parallel first count of the day
        rows.update(**{field: F(field) + 1})


# Registered online visitors and their favourites ------------------------------------------


class VisitorError(DomainError):
    """A registration or favourite that cannot be done; the message says why."""


@transaction.atomic
def online_visitor_register(
    *,
    edition,
    name: str,
    email: str,
    password: str,
    country: str,
    organization: str = "",
    interests: list[str] | None = None,
    base_url: str,
    next_url: str = "",
):
    """Create the visitor's account (not yet verified) and their ``Attendee`` of kind online
    visitor for ``edition``. Mails the verification link after the commit. Returns the user.
    Raises VisitorError when the address already has an account."""
    email = email.strip()
    User = get_user_model()
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise VisitorError(_("An account with this email address exists already. Log in instead."))
    first, _sep, last = name.strip().partition(" ")
    user = User.objects.create_user(username=email.lower(), email=email, password=password, first_name=first[:150])
    if last:
        user.last_name = last[:150]
        user.save(update_fields=["last_name"])
    interests = list(interests or [])
    OnlineVisitorProfile.objects.create(user=user, interests=interests)
    Attendee.objects.create(
        edition=edition,
        kind=AttendeeKind.ONLINE_VISITOR,
        name=name.strip(),
        email=email,
        country=country,
        organization=organization,
        industry=interests[0] if interests else "",
        user=user,
    )
    verification.queue_verification_mail(user=user, base_url=base_url, next_url=next_url)
    return user


def _require_visitor(user) -> None:
    verification.require_verified_email(user)


@transaction.atomic
def favourite_toggle(*, user, edition, exhibitor, exhibit=None) -> bool:
    """Keep or drop ``exhibit`` (or ``exhibitor``) among ``user``'s favourites of
    ``edition``. Returns True when it is now a favourite. The user's email must be verified."""
    _require_visitor(user)
    rows = Favourite.objects.filter(user=user, edition=edition, exhibitor=exhibitor, exhibit=exhibit)
    if rows.exists():
        rows.delete()
        return False
    try:
        with transaction.atomic():
            Favourite.objects.create(user=user, edition=edition, exhibitor=exhibitor, exhibit=exhibit)
    except IntegrityError:  # a double click: it is a favourite
        pass
    return True


# Live broadcasts ---------------------------------------------------------------------------


class BroadcastError(DomainError):
    """A broadcast that cannot be scheduled or decided; the message says why."""


@transaction.atomic
def broadcast_schedule(
    *, exhibitor, edition, title: str, starts_at: datetime.datetime, ends_at: datetime.datetime, stream_url: str
) -> LiveBroadcast:
    """Propose a live broadcast; organizers approve it before visitors see it."""
    edition_require_writable(edition)
    if ends_at <= starts_at:
        raise BroadcastError(_("A broadcast ends after it starts."))
    if ends_at - starts_at > datetime.timedelta(hours=12):
        raise BroadcastError(_("A broadcast lasts at most 12 hours."))
    if not stream_url.startswith("https://"):
        raise BroadcastError(_("The link to the stream must start with https://."))
    broadcast = LiveBroadcast(
        exhibitor=exhibitor, edition=edition, title=title, starts_at=starts_at, ends_at=ends_at, stream_url=stream_url
    )
    full_clean(broadcast)
    broadcast.save()
    return broadcast


@transaction.atomic
def broadcast_decide(*, broadcast: LiveBroadcast, approve: bool, user, reason: str = "", request=None) -> LiveBroadcast:
    """Approve or reject a proposed broadcast (the exhibition office). A rejection says why:
    the exhibitor reads the reason in its portal. Logged with the decision."""
    reason = " ".join((reason or "").split())
    if not approve and not reason:
        raise BroadcastError(_("Say why the broadcast is rejected: the exhibitor reads it."))
    broadcast = lock_row(LiveBroadcast.objects, pk=broadcast.pk)
    if broadcast.status != BroadcastStatus.PROPOSED:
        raise BroadcastError(_("This broadcast was already decided."))
    before = broadcast.status
    broadcast.status = BroadcastStatus.APPROVED if approve else BroadcastStatus.REJECTED
    broadcast.decided_at = timezone.now()
    broadcast.decided_by = user
    broadcast.decision_reason = "" if approve else reason[: LiveBroadcast._meta.get_field("decision_reason").max_length]
    broadcast.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    audit.record(
        action=ExhibitionAction.BROADCAST_DECIDE,
        actor=user,
        request=request,
        obj=broadcast,
        changes={"status": [before, broadcast.status]},
        details={"reason": broadcast.decision_reason, "exhibitor": broadcast.exhibitor_id},
    )
    return broadcast
