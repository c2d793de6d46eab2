"""Reads of the exhibition shared by the portal, the admin and the reports."""

import datetime
from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Case, Count, F, FilteredRelation, Q, QuerySet, When
from django.utils.translation import gettext_lazy as _

from exhibitors.enums import ACTIVE_STATUSES, ApplicationStatus, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, Pavilion

# How long a decision on an application stays among an exhibitor's next steps.
RECENT = datetime.timedelta(days=14)


def exhibitor_of(user) -> Exhibitor | None:
    """The exhibitor a portal user acts for, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    member = getattr(user, "exhibitor_member", None)
    return member.exhibitor if member is not None else None


def offline_pavilions(*, edition) -> QuerySet[Pavilion]:
    """The edition's offline pavilions with their booth counts by state."""
    active = Q(booths__applications__status__in=ACTIVE_STATUSES)
    return (
        Pavilion.objects.filter(edition=edition, mode__in=(PavilionMode.OFFLINE, PavilionMode.BOTH))
        .annotate(
            booth_count=Count("booths", filter=Q(booths__is_bookable=True), distinct=True),
            held_count=Count("booths", filter=Q(booths__applications__status=ApplicationStatus.HELD), distinct=True),
            booked_count=Count(
                "booths", filter=Q(booths__applications__status=ApplicationStatus.CONFIRMED), distinct=True
            ),
            taken_count=Count("booths", filter=active, distinct=True),
        )
        .order_by("sort_order", "code")
    )


def floor_plan(*, pavilion: Pavilion) -> QuerySet[Booth]:
    """The pavilion's booths, each with the state of its active application (``state``:
    None when free, held or confirmed), the exhibitor holding it (``holder_id``), and the
    name shown on the plan, only for confirmed booths (``booked_name``). One query: a booth
    has at most one active application (``booth_one_active_application``), so one outer join
    replaces four subqueries per booth."""
    confirmed = Q(active__status=ApplicationStatus.CONFIRMED)
    return (
        Booth.objects.filter(pavilion=pavilion)
        .annotate(
            active=FilteredRelation("applications", condition=Q(applications__status__in=ACTIVE_STATUSES)),
            state=F("active__status"),
            holder_id=F("active__exhibitor_id"),
            booked_name=Case(When(confirmed, then=F("active__exhibitor__name"))),
            booked_name_en=Case(When(confirmed, then=F("active__exhibitor__name_en"))),
        )
        .order_by("code")
    )


@dataclass(slots=True)
class PlanBooth:
    """A booth of the floor plan as a light row: what the plan shows, and the state the
    view works out (``css``, ``label``)."""

    pk: int
    code: str
    kind: str
    area_m2: Decimal
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal
    price: Decimal
    is_bookable: bool
    state: str | None
    holder_id: int | None
    booked_name: str | None
    booked_name_en: str | None
    css: str = ""
    label: str = ""


_PLAN_FIELDS = [field.name for field in fields(PlanBooth)][:14]


def floor_plan_booths(*, pavilion: Pavilion) -> list[PlanBooth]:
    """``floor_plan`` as light rows, not model instances: the plan of a pavilion of 2,000
    booths loads three times faster. One query."""
    return [PlanBooth(*row) for row in floor_plan(pavilion=pavilion).values_list(*_PLAN_FIELDS)]


def exhibitor_applications(*, exhibitor: Exhibitor) -> QuerySet[BoothApplication]:
    return (
        BoothApplication.objects.filter(exhibitor=exhibitor)
        .select_related("booth__pavilion__edition")
        .order_by("-created_at")
    )


def exhibitor_exhibits(*, exhibitor: Exhibitor) -> QuerySet[Exhibit]:
    return Exhibit.objects.filter(exhibitor=exhibitor).select_related("pavilion").order_by("name")


def online_pavilions(*, edition) -> QuerySet[Pavilion]:
    return Pavilion.objects.filter(edition=edition, mode__in=(PavilionMode.ONLINE, PavilionMode.BOTH)).order_by(
        "sort_order", "code"
    )


# The exhibition office's work --------------------------------------------------------------

# The states an organizer decides on: a held booth is confirmed or rejected.
TO_DECIDE = (ApplicationStatus.REQUESTED, ApplicationStatus.HELD)


def staff_applications(
    *, edition, status: str = "", pavilion_id: int | None = None, q: str = ""
) -> QuerySet[BoothApplication]:
    """The booth applications of an edition for the exhibition office's list, filtered by
    status, pavilion and a text found in the exhibitor's names or the booth's code. One query."""
    applications = BoothApplication.objects.filter(booth__pavilion__edition=edition).select_related(
        "booth__pavilion", "exhibitor"
    )
    if status:
        applications = applications.filter(status=status)
    if pavilion_id:
        applications = applications.filter(booth__pavilion_id=pavilion_id)
    if q:
        applications = applications.filter(
            Q(exhibitor__name__icontains=q) | Q(exhibitor__name_en__icontains=q) | Q(booth__code__iexact=q)
        )
    return applications.order_by(
        Case(When(status=ApplicationStatus.HELD, then=0), When(status=ApplicationStatus.REQUESTED, then=1), default=2),
        "held_until",
        "-updated_at",
        "pk",
    )


def applications_to_decide(*, edition, expiring_before) -> dict[str, int]:
    """How many applications of an edition wait for a decision, and how many of those holds
    end before ``expiring_before``. One query."""
    return BoothApplication.objects.filter(booth__pavilion__edition=edition, status__in=TO_DECIDE).aggregate(
        waiting=Count("pk"),
        expiring=Count("pk", filter=Q(status=ApplicationStatus.HELD, held_until__lt=expiring_before)),
    )


def exhibitor_next_steps(*, exhibitor: Exhibitor, applications, now, soon) -> list[dict]:
    """What an exhibitor should do next, most urgent first: the profile to complete, holds
    that end soon, applications decided lately (``applications`` is the exhibitor's list,
    already read). No query."""
    steps = []
    missing = [
        label
        for label, value in (
            (_("a description"), exhibitor.description),
            (_("a contact phone"), exhibitor.contact_phone),
            (_("a logo"), exhibitor.logo),
        )
        if not value
    ]
    for a in applications:
        if a.status == ApplicationStatus.HELD and a.held_until and a.held_until < soon:
            steps.append({"kind": "hold", "application": a})
    for a in applications:
        decided_at = a.rejected_at if a.status == ApplicationStatus.REJECTED else a.confirmed_at
        if (
            a.status in (ApplicationStatus.REJECTED, ApplicationStatus.CONFIRMED)
            and decided_at
            and decided_at > now - RECENT
        ):
            steps.append({"kind": a.status, "application": a})
    if missing:
        steps.append({"kind": "profile", "missing": missing})
    if not any(a.status in ACTIVE_STATUSES for a in applications):
        steps.append({"kind": "book"})
    return steps
