"""Reads of the exhibition shared by the portal, the admin and the reports."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from exhibitors.enums import ACTIVE_STATUSES, ApplicationStatus, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Exhibitor, Pavilion


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
    name shown on the plan, only for confirmed booths (``booked_name``). One query."""
    active = BoothApplication.objects.filter(booth=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return (
        Booth.objects.filter(pavilion=pavilion)
        .annotate(
            state=Subquery(active.values("status")[:1]),
            holder_id=Subquery(active.values("exhibitor_id")[:1]),
            booked_name=Subquery(active.filter(status=ApplicationStatus.CONFIRMED).values("exhibitor__name")[:1]),
            booked_name_en=Subquery(active.filter(status=ApplicationStatus.CONFIRMED).values("exhibitor__name_en")[:1]),
        )
        .order_by("code")
    )


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
