"""Every write of the exhibition: booth holds and their life cycle, sign-up, exhibits.

The invariants: a booth has at most one active (held or confirmed) application, and a
pavilion's booked area never exceeds its gross area. The database enforces both (a partial
unique index, and a check on ``Pavilion.booked_area_m2``); the services keep them first:

- the booth is locked first (``FOR UPDATE``), then its application, so that parallel requests
  for the same booth queue up instead of colliding;
- the pavilion's booked area is changed last, by one conditional ``UPDATE`` (a hold takes its
  area only while it fits, ``_take_area``), so the pavilion row is locked only from that
  statement to the commit: holds of different booths of one pavilion run side by side until
  then, and a hold that does not fit rolls back with everything it wrote.

Every path that changes the booked area (hold, reject, cancel, the expiry sweep, the recount)
takes its locks in that order, booth(s) then pavilion, so they cannot deadlock.
"""

import datetime
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from exhibitors import tasks  # the tasks import this module too: both use the other's names at call time
from exhibitors.enums import ACTIVE_STATUSES, ApplicationStatus, ExhibitionAction, ParticipationMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, ExhibitorMember, Participation, Pavilion
from expo import audit
from expo.compiled import CompiledQuery
from expo.enums import EditionStatus
from expo.errors import DomainError, full_clean
from expo.locking import lock_compiled, lock_row, lock_rows, update_rows
from expo.services import edition_require_writable
from expo.verification import queue_verification_mail


class BoothUnavailable(DomainError):
    """The booth cannot be held; the message says why, in the user's language."""


class SignUpConflict(DomainError):
    pass


class ApplicationError(DomainError):
    """A step that the application's current state does not allow."""


# The statements of a booth hold that are only read, compiled once per process
# (expo.compiled): a hold is the busiest write of the morning rush.
_BOOTH = CompiledQuery(lambda pk: Booth.objects.select_related("pavilion").filter(pk=pk))
_BOOTH_OF_EDITION = CompiledQuery(
    lambda pk, edition_id: Booth.objects.select_related("pavilion").filter(pk=pk, pavilion__edition_id=edition_id),
    arity=2,
)
_HOLDER = CompiledQuery(
    lambda booth_id: (
        BoothApplication.objects.filter(booth_id=booth_id, status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list("exhibitor_id", flat=True)[:1]
    )
)
_PARTICIPATION = CompiledQuery(
    lambda exhibitor_id, edition_id: Participation.objects.filter(exhibitor_id=exhibitor_id, edition_id=edition_id),
    arity=2,
)


def _lock_booth(booth_id: int, *, edition_id: int | None = None) -> Booth:
    """Lock the booth (only its row) and read its pavilion with it, unlocked: the pavilion's
    booked area is taken or given back last, by ``_take_area`` and ``_release_area``. With
    ``edition_id``, only a booth of that edition's pavilions. Raises ``Booth.DoesNotExist``."""
    if edition_id is None:
        rows = lock_compiled(_BOOTH, int(booth_id), table=Booth._meta.db_table)
    else:
        rows = lock_compiled(_BOOTH_OF_EDITION, int(booth_id), int(edition_id), table=Booth._meta.db_table)
    if not rows:
        raise Booth.DoesNotExist("Booth matching query does not exist.")
    return rows[0]


def _edition_id(booth: Booth) -> int:
    if Booth.pavilion.is_cached(booth):
        return booth.pavilion.edition_id
    return Pavilion.objects.values_list("edition_id", flat=True).get(pk=booth.pavilion_id)


def _full(pavilion: Pavilion, booth: Booth) -> BoothUnavailable:
    return BoothUnavailable(
        _("%(pavilion)s is full: %(free)s m² are left and booth %(code)s needs %(area)s m².")
        % {
            "pavilion": pavilion,
            "free": pavilion.gross_area_m2 - pavilion.booked_area_m2,
            "code": booth.code,
            "area": booth.area_m2,
        }
    )


def _closed(pavilion: Pavilion) -> BoothUnavailable:
    return BoothUnavailable(_("Booking in the %(pavilion)s is closed.") % {"pavilion": pavilion})


def _take_area(booth: Booth) -> None:
    """Add the booth's area to its pavilion's booked area if it still fits and booking is
    still open: one ``UPDATE ... WHERE booked_area_m2 + area <= gross_area_m2``, which
    PostgreSQL re-checks on the row's latest version when another hold changed it meanwhile.
    The pavilion row stays locked from here to the commit, so call it last. Raises
    BoothUnavailable (the caller's transaction then rolls back) when it does not fit."""
    area = booth.area_m2
    taken = update_rows(
        Pavilion.objects.filter(pk=booth.pavilion_id),
        guard=Q(booking_open=True, booked_area_m2__lte=F("gross_area_m2") - area),
        booked_area_m2=F("booked_area_m2") + area,
    )
    if not taken:
        pavilion = Pavilion.objects.get(pk=booth.pavilion_id)
        raise _closed(pavilion) if not pavilion.booking_open else _full(pavilion, booth)


def _participation_ensure(*, exhibitor: Exhibitor, pavilion: Pavilion, mode: str) -> None:
    """Record that the exhibitor takes part in the pavilion's edition (offline or online),
    widening an existing participation to both when needed."""
    found = _PARTICIPATION.rows(exhibitor.pk, pavilion.edition_id)  # the usual case: one query
    if found:
        participation, created = found[0], False
    else:
        participation, created = Participation.objects.get_or_create(
            exhibitor=exhibitor, edition_id=pavilion.edition_id, defaults={"mode": mode, "pavilion": pavilion}
        )
    if not created and participation.mode not in (mode, ParticipationMode.BOTH):
        participation.mode = ParticipationMode.BOTH
        participation.pavilion = participation.pavilion or pavilion
        participation.save(update_fields=["mode", "pavilion", "updated_at"])


def _notify(application: BoothApplication, event: str) -> None:
    transaction.on_commit(partial(tasks.send_application_email.delay, application.pk, event))


def hold_booth(
    *,
    exhibitor: Exhibitor,
    booth: Booth | int,
    edition=None,
    user=None,
    hold_minutes: int | None = None,
    now: datetime.datetime | None = None,
) -> BoothApplication:
    """Hold ``booth`` (a Booth or its primary key) for ``exhibitor`` until the hold expires or
    the organizer decides. With ``edition``, the booth must be one of that edition's
    (``Booth.DoesNotExist`` otherwise): the portal's hold reads the booth only here, locked.

    Raises BoothUnavailable when the booth is taken, not for booking, or would overfill the
    pavilion (also when the database refuses it: then its ``__cause__`` is the IntegrityError),
    or ``LockTimeout`` when the booth (or, for its last statement, the pavilion) stays busy
    too long.
    """
    now = now or timezone.now()
    minutes = hold_minutes if hold_minutes is not None else settings.EXHIBITORS_HOLD_MINUTES
    booth_id = getattr(booth, "pk", booth)
    edition_id = getattr(edition, "pk", edition)
    try:
        with transaction.atomic():
            # The edition FOR SHARE first: its round trip sets the lock timeout too, so the
            # booth's lock needs none of its own (a booth never changes pavilion, nor a
            # pavilion its edition: the caller's copy names the right edition).
            edition_require_writable(edition_id if edition_id is not None else _edition_id(booth))
            booth = _lock_booth(booth_id, edition_id=edition_id)
            pavilion = booth.pavilion
            if not pavilion.booking_open:
                raise _closed(pavilion)
            if not booth.is_bookable or not pavilion.is_offline:
                raise BoothUnavailable(_("Booth %(code)s is not open for booking.") % {"code": booth.code})
            holder = next(iter(_HOLDER.rows(booth.pk)), None)
            if holder == exhibitor.pk:
                raise BoothUnavailable(_("You already hold booth %(code)s.") % {"code": booth.code})
            if holder is not None:
                raise BoothUnavailable(
                    _("Booth %(code)s has just been taken by another exhibitor.") % {"code": booth.code}
                )
            # Read with the booth, not locked: saves the writes below when the pavilion was
            # already full; _take_area decides.
            if pavilion.booked_area_m2 + booth.area_m2 > pavilion.gross_area_m2:
                raise _full(pavilion, booth)
            application = BoothApplication.objects.create(
                booth=booth,
                exhibitor=exhibitor,
                status=ApplicationStatus.HELD,
                requested_at=now,
                requested_by=user,
                held_at=now,
                held_until=now + datetime.timedelta(minutes=minutes),
            )
            _participation_ensure(exhibitor=exhibitor, pavilion=pavilion, mode=ParticipationMode.OFFLINE)
            audit.record(
                action=ExhibitionAction.BOOTH_HOLD,
                actor=user,
                obj=application,
                changes={"status": [None, application.status], "held_until": [None, application.held_until]},
            )
            _take_area(booth)  # last: the pavilion row is locked from here to the commit
    except IntegrityError as error:
        # The database's backstop (one active application per booth, a pavilion's area): only
        # reached if the locks above did not hold, which tests/exhibitors/test_concurrency.py
        # shows with them off.
        raise BoothUnavailable(
            _("Booth %(code)s has just been taken by another exhibitor.") % {"code": booth.code}
        ) from error
    return application


def _lock_application(application: BoothApplication) -> tuple[Booth, BoothApplication]:
    """Lock the application's booth, then the application (the pavilion is not locked: a
    change of its booked area comes last, ``_release_area``)."""
    booth = _lock_booth(application.booth_id)
    locked = lock_row(BoothApplication.objects, pk=application.pk)
    edition_require_writable(booth.pavilion.edition_id)
    return booth, locked


def _release_area(pavilion_id: int, area: Decimal) -> None:
    """Give ``area`` back to the pavilion; last in the transaction (the row stays locked to
    the commit)."""
    update_rows(Pavilion.objects.filter(pk=pavilion_id), booked_area_m2=F("booked_area_m2") - area)


@transaction.atomic
def confirm_application(*, application: BoothApplication, user=None, now=None) -> BoothApplication:
    """Confirm a held booth. Emails the exhibitor (after commit)."""
    application = _lock_application(application)[1]
    if application.status != ApplicationStatus.HELD:
        raise ApplicationError(
            _("Only held applications can be confirmed; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    application.status = ApplicationStatus.CONFIRMED
    application.confirmed_at = now or timezone.now()
    application.confirmed_by = user
    application.save(update_fields=["status", "confirmed_at", "confirmed_by", "updated_at"])
    audit.record(
        action=ExhibitionAction.BOOTH_CONFIRM,
        actor=user,
        obj=application,
        changes={"status": [ApplicationStatus.HELD, application.status]},
    )
    _notify(application, "confirmed")
    return application


@transaction.atomic
def reject_application(*, application: BoothApplication, user=None, reason: str = "", now=None) -> BoothApplication:
    """Reject a requested or held application and free its booth. Emails the exhibitor."""
    booth, application = _lock_application(application)
    if application.status not in (ApplicationStatus.REQUESTED, ApplicationStatus.HELD):
        raise ApplicationError(
            _("Only requested or held applications can be rejected; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    was_active = application.is_active
    previous = application.status
    application.status = ApplicationStatus.REJECTED
    application.rejected_at = now or timezone.now()
    application.rejected_by = user
    application.rejection_reason = reason
    application.save(update_fields=["status", "rejected_at", "rejected_by", "rejection_reason", "updated_at"])
    audit.record(
        action=ExhibitionAction.BOOTH_REJECT,
        actor=user,
        obj=application,
        changes={"status": [previous, application.status], "rejection_reason": ["", reason]},
    )
    if was_active:
        _release_area(booth.pavilion_id, booth.area_m2)
    _notify(application, "rejected")
    return application


@transaction.atomic
def cancel_application(*, application: BoothApplication, user=None, now=None) -> BoothApplication:
    """The exhibitor withdraws a requested, held or confirmed application; the booth is free again."""
    booth, application = _lock_application(application)
    if application.status not in (ApplicationStatus.REQUESTED, *ACTIVE_STATUSES):
        raise ApplicationError(
            _("This application is already %(status)s.") % {"status": application.get_status_display()}
        )
    was_active = application.is_active
    previous = application.status
    application.status = ApplicationStatus.CANCELLED
    application.cancelled_at = now or timezone.now()
    application.cancelled_by = user
    application.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])
    audit.record(
        action=ExhibitionAction.BOOTH_CANCEL,
        actor=user,
        obj=application,
        changes={"status": [previous, application.status]},
    )
    if was_active:
        _release_area(booth.pavilion_id, booth.area_m2)
    return application


def release_expired_holds(*, now: datetime.datetime | None = None) -> int:
    """Expire every hold whose time is up and free its booth; emails each exhibitor.
    Idempotent: a hold already released is left alone. Returns how many were released."""
    now = now or timezone.now()
    # A closed edition's holds stay as they were at closing: its figures are final.
    due = BoothApplication.objects.filter(status=ApplicationStatus.HELD, held_until__lte=now).exclude(
        booth__pavilion__edition__status=EditionStatus.CLOSED
    )
    pavilion_ids = sorted(set(due.values_list("booth__pavilion_id", flat=True)))
    released = 0
    for pavilion_id in pavilion_ids:
        with transaction.atomic():
            # The booths first, then their holds, the pavilion's area last (the order of hold_booth).
            booth_ids = lock_rows(
                Booth.objects.filter(pk__in=due.filter(booth__pavilion_id=pavilion_id).values("booth_id")).values_list(
                    "pk", flat=True
                )
            )
            applications = lock_rows(
                due.filter(booth_id__in=booth_ids).select_related("booth", "exhibitor").order_by("booth_id")
            )
            if not applications:
                continue
            for application in applications:
                application.status = ApplicationStatus.EXPIRED
                application.expired_at = application.updated_at = now
                _notify(application, "expired")
            BoothApplication.objects.bulk_update(applications, ["status", "expired_at", "updated_at"])
            # The expiry is the system's doing: no actor.
            audit.record_many(
                action=ExhibitionAction.BOOTH_EXPIRE,
                objects=applications,
                changes={"status": [ApplicationStatus.HELD, ApplicationStatus.EXPIRED]},
            )
            _release_area(pavilion_id, sum((a.booth.area_m2 for a in applications), Decimal(0)))
            released += len(applications)
    return released


def pavilion_recount_booked_area(*, pavilion: Pavilion) -> Decimal:
    """Recompute a pavilion's booked area from its active applications (repair tool). Locks
    the pavilion's booths first, like every change of the booked area, so that no hold,
    cancellation or expiry of the pavilion is between its booth and its area meanwhile."""
    with transaction.atomic():
        lock_rows(Booth.objects.filter(pavilion=pavilion).values_list("pk", flat=True))
        area = BoothApplication.objects.filter(booth__pavilion=pavilion, status__in=ACTIVE_STATUSES).aggregate(
            total=Sum("booth__area_m2")
        )["total"] or Decimal(0)
        Pavilion.objects.filter(pk=pavilion.pk).update(booked_area_m2=area)
    return area


@transaction.atomic
def booths_create_grid(
    *,
    pavilion: Pavilion,
    prefix: str,
    rows: int,
    columns: int,
    width: Decimal,
    depth: Decimal,
    aisle: Decimal,
    start_x: Decimal,
    start_y: Decimal,
    kind: str,
    price: Decimal,
) -> list[Booth]:
    """Create ``rows`` x ``columns`` booths in one insert, numbered prefix001, prefix002, ..."""
    edition_require_writable(pavilion.edition_id)
    booths = [
        Booth(
            pavilion=pavilion,
            code=f"{prefix}{row * columns + column + 1:03d}",
            kind=kind,
            area_m2=width * depth,
            x=start_x + column * width,
            y=start_y + row * (depth + aisle),
            width=width,
            depth=depth,
            price=price,
        )
        for row in range(rows)
        for column in range(columns)
    ]
    return Booth.objects.bulk_create(booths)


# Sign-up, profile and online exhibits --------------------------------------------------


def exhibitor_province_problem(*, country: str, province: str) -> str | None:
    """Why an exhibitor of ``country`` cannot have ``province`` (or none), if it cannot: a
    domestic exhibitor gives its province, a foreign one none. The portal's forms and the
    import check with this."""
    if country == "CN" and not province:
        return _("Domestic exhibitors give their province.")
    if country and country != "CN" and province:
        return _("Leave the province empty for exhibitors from outside mainland China's provinces.")
    return None


@transaction.atomic
def exhibitor_sign_up(
    *,
    company: dict,
    username: str,
    email: str,
    password: str,
    base_url: str,
    first_name: str = "",
    last_name: str = "",
):
    """Register an exhibitor (marked self-registered: no import merges into it until an
    organizer confirms it) and its first user, whose email is not verified yet: the account
    can act once the link mailed (on commit) to ``email`` is opened. Returns the user (not
    yet logged in)."""
    exhibitor = Exhibitor(**company, self_registered=True)
    full_clean(exhibitor)
    try:
        with transaction.atomic():
            exhibitor.save()
            user = get_user_model().objects.create_user(
                username=username, email=email, password=password, first_name=first_name, last_name=last_name
            )
    except IntegrityError as error:
        # The same sign-up sent twice at the same moment: both passed the form's checks.
        raise SignUpConflict(
            _("This company or user name was registered a moment ago. If it was you, log in; otherwise choose another.")
        ) from error
    ExhibitorMember.objects.create(user=user, exhibitor=exhibitor)
    queue_verification_mail(user=user, base_url=base_url, next_url="/exhibitor/")
    return user


def resend_limit_keys(user_id: int) -> tuple[str, str]:
    """The cache keys that count an account's re-sent verification mails (a minute, a day)."""
    return f"exhibitors:verify-resend:{user_id}:minute", f"exhibitors:verify-resend:{user_id}:day"


def exhibitor_resend_verification(*, user, base_url: str) -> bool:
    """Mail the verification link again, at most once a minute and ``EXHIBITOR_VERIFICATION_
    RESENDS_PER_DAY`` times a day per account; False when the limit refused it."""
    if user.email_verified_at is not None:
        return False
    minute_key, day_key = resend_limit_keys(user.pk)
    if not cache.add(minute_key, 1, timeout=60):
        return False
    cache.add(day_key, 0, timeout=86400)
    if cache.incr(day_key) > settings.EXHIBITOR_VERIFICATION_RESENDS_PER_DAY:
        return False
    queue_verification_mail(user=user, base_url=base_url, next_url="/exhibitor/")
    return True


# The company's profile: every field a person may change (portal or admin). Whether the
# company is self-registered and when it was confirmed belong to exhibitor_confirm_company.
PROFILE_FIELDS = tuple(
    f.name for f in Exhibitor._meta.concrete_fields if f.editable and not f.primary_key and f.name != "search_vector"
)


@transaction.atomic
def exhibitor_profile_update(*, exhibitor: Exhibitor, fields, by=None, request=None) -> dict:
    """Save the ``fields`` of ``exhibitor`` (an instance carrying the new values, e.g. a
    validated form's) and nothing else, so that two people changing different fields at the
    same moment both keep their change. The row is locked, the changed values are checked
    (``full_clean``), and one activity-log row (``exhibitor_change``) holds each field that
    changed, old (as stored) and new; phone numbers masked. Returns those changes (empty:
    nothing changed, nothing written)."""
    fields = list(dict.fromkeys(fields))
    if unknown := set(fields) - set(PROFILE_FIELDS):
        raise ValueError(f"not fields of an exhibitor's profile: {sorted(unknown)}")
    stored = lock_row(Exhibitor.objects, pk=exhibitor.pk)
    before = audit.field_values(stored, fields)
    exhibitor.full_clean()  # the whole row: a rule may tie a changed field to another one
    changes = audit.changes_between(before, audit.field_values(exhibitor, fields))
    if not changes:
        return {}
    exhibitor.save(update_fields=[*changes, "updated_at"])
    # A new logo has its stored name only once saved.
    changes = {name: [old, audit.field_values(exhibitor, [name])[name]] for name, (old, _new) in changes.items()}
    audit.record(action=ExhibitionAction.EXHIBITOR_CHANGE, actor=by, request=request, obj=exhibitor, changes=changes)
    return changes


@transaction.atomic
def exhibitor_confirm_company(*, exhibitor: Exhibitor, by, request=None) -> bool:
    """An organizer confirms that a self-registered exhibitor is the company it names: from
    then on imports may update it. False when it needed no confirmation."""
    exhibitor = lock_row(Exhibitor.objects, pk=exhibitor.pk)
    if not exhibitor.awaits_confirmation:
        return False
    exhibitor.company_confirmed_at = timezone.now()
    exhibitor.save(update_fields=["company_confirmed_at", "updated_at"])
    audit.record(
        action=ExhibitionAction.EXHIBITOR_CONFIRM,
        actor=by,
        request=request,
        obj=exhibitor,
        changes={"company_confirmed_at": [None, exhibitor.company_confirmed_at]},
    )
    return True


@transaction.atomic
def exhibit_create(*, exhibitor: Exhibitor, pavilion: Pavilion, **fields):
    """Publish an online exhibit; the exhibitor then takes part in the edition online."""
    edition_require_writable(pavilion.edition_id)
    exhibit = Exhibit(exhibitor=exhibitor, pavilion=pavilion, **fields)
    full_clean(exhibit)
    exhibit.save()
    _participation_ensure(exhibitor=exhibitor, pavilion=pavilion, mode=ParticipationMode.ONLINE)
    return exhibit


@transaction.atomic
def exhibit_update(*, exhibit, **fields):
    """Save the exhibit with ``fields`` changed (or a new exhibit that a form built, as the
    admin's add form does), and keep the exhibitor's online participation."""
    stored = Exhibit.objects.filter(pk=exhibit.pk).values_list("pavilion__edition_id", flat=True).first()
    edition_require_writable(stored)
    for name, value in fields.items():
        setattr(exhibit, name, value)
    edition_require_writable(exhibit.pavilion.edition_id)
    full_clean(exhibit)
    exhibit.save()
    _participation_ensure(exhibitor=exhibit.exhibitor, pavilion=exhibit.pavilion, mode=ParticipationMode.ONLINE)
    return exhibit


@transaction.atomic
def exhibit_delete(*, exhibit) -> None:
    edition_require_writable(exhibit.pavilion.edition_id)
    image = exhibit.image
    exhibit.delete()
    if image:
        transaction.on_commit(lambda: image.storage.delete(image.name))
