"""Merchant invitations by member unit: each unit's links or codes for an edition, the
targets the secretariat sets, and the figures a unit follows (invited, registered, checked in).

A merchant who opens a unit's link and then registers for the edition is credited to the
unit (``Attendee.invited_by``). The credit is given once, when the attendee is created: a
person who registers twice, or through two units' links at once, is one attendee credited to
the first registration that was committed (the attendee's unique email per edition decides).
"""

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from events.enums import AttendeeKind, ProgrammeAction
from events.models import Attendee, CheckIn, MerchantInvitation, MerchantInvitationTarget
from expo import audit
from expo.errors import DomainError
from expo.figures_cache import cached_figures
from expo.locking import lock_row, lock_rows
from expo.models import Edition, MemberUnit
from expo.services import edition_require_writable

SESSION_KEY = "merchant_invitation"
MAX_ACTIVE_LINKS = 50


class InvitationRefused(DomainError):
    pass


@transaction.atomic
def invitation_create(*, unit: MemberUnit, edition: Edition, label: str = "") -> MerchantInvitation:
    """A new invitation link for ``unit``'s merchants of ``edition``."""
    edition_require_writable(edition)
    lock_rows(MemberUnit.objects.filter(pk=unit.pk).values_list("pk", flat=True))
    active = MerchantInvitation.objects.filter(unit=unit, edition=edition, is_active=True).count()
    if active >= MAX_ACTIVE_LINKS:
        raise InvitationRefused(
            _("Your unit already has %(count)d active links: switch one off first.") % {"count": active}
        )
    return MerchantInvitation.objects.create(unit=unit, edition=edition, label=label.strip()[:120])


@transaction.atomic
def invitation_set_active(*, invitation: MerchantInvitation, unit: MemberUnit, active: bool) -> MerchantInvitation:
    invitation = lock_row(MerchantInvitation.objects, pk=invitation.pk)
    if invitation.unit_id != unit.pk:
        raise InvitationRefused(_("This link belongs to another unit."))
    invitation.is_active = active
    invitation.save(update_fields=["is_active", "updated_at"])
    return invitation


@transaction.atomic
def invitation_target_set(*, unit: MemberUnit, edition: Edition, target: int, by) -> MerchantInvitationTarget:
    """The secretariat's target of merchants for ``unit`` in ``edition``."""
    if target < 0 or target > 1_000_000:
        raise InvitationRefused(_("A target is a number of merchants between 0 and 1,000,000."))
    row = next(iter(lock_rows(MerchantInvitationTarget.objects.filter(unit=unit, edition=edition))), None)
    old = row.target if row else None
    if row is None:
        row = MerchantInvitationTarget(unit=unit, edition=edition)
    row.target = target
    row.save()
    audit.record(
        action=ProgrammeAction.INVITATION_TARGET,
        actor=by,
        obj=unit,
        changes={"target": [old, target]},
        details={"edition": edition.number},
    )
    return row


def invitation_by_code(code: str) -> MerchantInvitation | None:
    """The active link of an open (not closed) edition with this code, or None."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())[:20]
    if not code:
        return None
    return (
        MerchantInvitation.objects.select_related("unit", "edition")
        .filter(code=code, is_active=True)
        .exclude(edition__status="closed")
        .first()
    )


def inviting_unit_for(*, session, edition: Edition) -> MemberUnit | None:
    """The unit whose link this visitor opened for ``edition`` (kept in their session)."""
    code = session.get(SESSION_KEY)
    invitation = invitation_by_code(code) if code else None
    if invitation is None or invitation.edition_id != edition.pk:
        return None
    return invitation.unit


# Reads -----------------------------------------------------------------------------------


def unit_invitations(*, unit: MemberUnit, edition: Edition) -> QuerySet[MerchantInvitation]:
    """The unit's links for ``edition``, active ones first."""
    return MerchantInvitation.objects.filter(unit=unit, edition=edition).order_by("-is_active", "-created_at")


def unit_invited_merchants(*, unit: MemberUnit, edition: Edition) -> QuerySet[Attendee]:
    """The merchants credited to ``unit`` in ``edition``, with whether they checked in."""
    return (
        Attendee.objects.filter(edition=edition, invited_by=unit, kind=AttendeeKind.MERCHANT)
        .annotate(check_in_count=Count("check_ins"))
        .order_by("-created_at", "pk")
    )


def unit_invitation_figures(*, unit: MemberUnit, edition: Edition) -> dict:
    """Invited merchants (registered), how many checked in, the target. Two queries."""
    merchants = Attendee.objects.filter(edition=edition, invited_by=unit, kind=AttendeeKind.MERCHANT)
    registered = merchants.count()
    checked_in = CheckIn.objects.filter(attendee__in=merchants).values("attendee_id").distinct().count()
    target = (
        MerchantInvitationTarget.objects.filter(unit=unit, edition=edition).values_list("target", flat=True).first()
    )
    return {
        "registered": registered,
        "checked_in": checked_in,
        "target": target,
        "percent_of_target": round(100 * registered / target) if target else None,
    }


def _merchants_by_unit(*, edition: Edition) -> list[tuple[int, int, int]]:
    """(unit id, merchants registered, merchants checked in) of each inviting unit."""
    return list(
        Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT, invited_by__isnull=False)
        .values_list("invited_by")
        .annotate(
            registered=Count("pk", distinct=True),
            checked_in=Count("pk", filter=Q(check_ins__isnull=False), distinct=True),
        )
        .order_by()
    )


def invitations_by_unit(*, edition: Edition, cached: bool = False) -> list[dict]:
    """Every unit that has a target or invited merchants: registered, checked in, target.
    Three queries (two when no unit has any), whatever the number of units and merchants; the
    ``cached`` (the staff page): the counts over every merchant of the edition once per
    FIGURES_REFRESH_SECONDS for the whole site (expo.figures_cache), the targets live."""
    if cached:
        counts = cached_figures(
            "invitations-by-unit", edition_id=edition.pk, compute=lambda: _merchants_by_unit(edition=edition)
        ).value
    else:
        counts = _merchants_by_unit(edition=edition)
    registered, checked_in = {}, {}
    for unit_id, registered_count, checked_in_count in counts:
        registered[unit_id], checked_in[unit_id] = registered_count, checked_in_count
    targets = dict(MerchantInvitationTarget.objects.filter(edition=edition).values_list("unit_id", "target"))
    unit_ids = set(registered) | set(targets)
    rows = []
    for unit in MemberUnit.objects.filter(pk__in=unit_ids).order_by("sort_order", "code"):
        target = targets.get(unit.pk)
        count = registered.get(unit.pk, 0)
        rows.append(
            {
                "unit": unit,
                "registered": count,
                "checked_in": checked_in.get(unit.pk, 0),
                "target": target,
                "percent_of_target": round(100 * count / target) if target else None,
            }
        )
    rows.sort(key=lambda row: (-row["registered"], row["unit"].sort_order))
    return rows


def units_for_targets(*, edition: Edition) -> QuerySet[MemberUnit]:
    """The committee's units of the edition (all units when none are listed)."""
    units = edition.committee_units.all()
    return units if units.exists() else MemberUnit.objects.all()
