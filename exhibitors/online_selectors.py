"""Reads of the public online exhibition (``/online/``).

What a visitor sees of an edition: the exhibits that are published, of exhibitors whose
participation in that edition is online (online, or offline and online); and those
exhibitors, only while they show at least one such exhibit (which is also when their logo
becomes public, ``expo.media_views``). An offline-only participation, an unpublished
exhibit, or an exhibit in another edition's pavilion never appears.
"""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django_countries import countries as countries_list

from events.enums import AttendeeKind
from events.models import Attendee
from exhibitors import search
from exhibitors.enums import ONLINE_MODES, ApplicationStatus, BroadcastStatus, PavilionMode
from exhibitors.models import (
    BoothApplication,
    Exhibit,
    Favourite,
    LiveBroadcast,
    OnlineSearchMiss,
    OnlineViewDay,
    OnlineVisitorDay,
    Participation,
    Pavilion,
)
from expo.models import Edition

# The search's vectors, never shown: left out of the rows of a page.
VECTORS = ("search_vector", "name_vector")
EXHIBITOR_VECTORS = ("exhibitor__search_vector", "exhibitor__name_vector")


def _online_participation(edition, exhibitor_ref="exhibitor_id"):
    return Participation.objects.filter(exhibitor=OuterRef(exhibitor_ref), edition=edition, mode__in=ONLINE_MODES)


def visible_exhibits(*, edition) -> QuerySet[Exhibit]:
    return Exhibit.objects.filter(pavilion__edition=edition, is_published=True).filter(
        Exists(_online_participation(edition))
    )


def visible_participations(*, edition) -> QuerySet[Participation]:
    """The exhibitors of the edition's online exhibition, as their participations (which
    carry the theme pavilion), with ``exhibit_count``."""
    published = Exhibit.objects.filter(exhibitor=OuterRef("exhibitor_id"), pavilion__edition=edition, is_published=True)
    count = published.order_by().values("exhibitor").annotate(n=Count("pk")).values("n")
    return (
        Participation.objects.filter(edition=edition, mode__in=ONLINE_MODES)
        .filter(Exists(published))
        .select_related("exhibitor", "pavilion")
        .annotate(exhibit_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))
    )


def has_online_content(edition) -> bool:
    return visible_exhibits(edition=edition).exists()


def online_edition(number: int | None = None) -> Edition | None:
    """The edition shown at ``/online/``: the current edition when its online exhibition
    has content, else the latest edition that has (an edition in preparation has no
    exhibits yet, and visitors should still find the last exhibition). With ``number``:
    that edition, or None."""
    if number is not None:
        return Edition.objects.filter(number=number).first()
    editions = list(Edition.objects.order_by("-is_current", "-number"))
    for edition in editions:
        if has_online_content(edition):
            return edition
    return editions[0] if editions else None


def online_pavilions(*, edition) -> list[Pavilion]:
    """The edition's online pavilions with ``exhibitor_count`` and ``exhibit_count``. Two
    queries of counts and one of pavilions."""
    pavilions = list(
        Pavilion.objects.filter(edition=edition, mode__in=(PavilionMode.ONLINE, PavilionMode.BOTH)).order_by(
            "sort_order", "code"
        )
    )
    exhibitors = dict(
        visible_participations(edition=edition).order_by().values_list("pavilion").annotate(n=Count("pk"))
    )
    exhibits = dict(visible_exhibits(edition=edition).order_by().values_list("pavilion").annotate(n=Count("pk")))
    for pavilion in pavilions:
        pavilion.exhibitor_count = exhibitors.get(pavilion.pk, 0)
        pavilion.exhibit_count = exhibits.get(pavilion.pk, 0)
    return pavilions


def featured_participations(*, edition, limit: int = 8) -> list[Participation]:
    """Exhibitors with a logo first, then those showing the most exhibits."""
    return list(
        visible_participations(edition=edition)
        .annotate(has_logo=Case(When(exhibitor__logo="", then=Value(0)), default=Value(1)))
        .order_by("-has_logo", "-exhibit_count", "exhibitor__name")[:limit]
    )


def facet_counts(*, edition) -> dict[str, list[tuple[str, int]]]:
    """Exhibitor counts by industry and by country, most first."""
    rows = visible_participations(edition=edition).order_by()
    industries = rows.values_list("exhibitor__industry").annotate(n=Count("pk")).order_by("-n", "exhibitor__industry")
    countries = rows.values_list("exhibitor__country").annotate(n=Count("pk")).order_by("-n", "exhibitor__country")
    return {"industries": list(industries), "countries": list(countries)}


def _narrowed(rows: QuerySet, *, pavilion, industry: str, country: str, prefix: str) -> QuerySet:
    if pavilion is not None:
        rows = rows.filter(pavilion=pavilion)
    if industry:
        rows = rows.filter(**{f"{prefix}industry": industry})
    if country:
        rows = rows.filter(**{f"{prefix}country": country})
    return rows


def participation_list(
    *, edition, pavilion=None, industry: str = "", country: str = "", text: str = ""
) -> QuerySet[Participation]:
    narrow = {"pavilion": pavilion, "industry": industry, "country": country, "prefix": "exhibitor__"}
    rows = _narrowed(visible_participations(edition=edition), **narrow)
    if text:
        # The search's bounded candidates: the edition's online participations, without the
        # per-row check of a published exhibit (the rows found are checked).
        candidates = _narrowed(Participation.objects.filter(edition=edition, mode__in=ONLINE_MODES), **narrow)
        rows = search.search_filter(
            rows, text=text, prefix="exhibitor__", has_description_en=False, candidates=candidates
        )
        return rows.order_by("-search_rank", "exhibitor__name", "pk").defer(*EXHIBITOR_VECTORS)
    return rows.order_by("exhibitor__name", "pk").defer(*EXHIBITOR_VECTORS)


def exhibit_list(*, edition, pavilion=None, industry: str = "", country: str = "", text: str = "") -> QuerySet[Exhibit]:
    narrow = {"pavilion": pavilion, "industry": industry, "country": country, "prefix": "exhibitor__"}
    rows = _narrowed(visible_exhibits(edition=edition).select_related("exhibitor", "pavilion"), **narrow)
    if text:
        # The search's bounded candidates: the edition's published exhibits, without the
        # per-row check of an online participation (the rows found are checked).
        candidates = _narrowed(Exhibit.objects.filter(pavilion__edition=edition, is_published=True), **narrow)
        rows = search.search_filter(rows, text=text, has_description_en=True, candidates=candidates)
        return rows.order_by("-search_rank", "name", "pk").defer(*VECTORS, *EXHIBITOR_VECTORS)
    return rows.order_by("name", "pk").defer(*VECTORS, *EXHIBITOR_VECTORS)


def online_participation(*, edition, exhibitor_id: int) -> Participation | None:
    return visible_participations(edition=edition).filter(exhibitor_id=exhibitor_id).first()


def online_exhibit(*, edition, pk: int) -> Exhibit | None:
    return visible_exhibits(edition=edition).select_related("exhibitor", "pavilion").filter(pk=pk).first()


def exhibitor_booths(*, edition, exhibitor) -> list[BoothApplication]:
    """The exhibitor's confirmed booths on the edition's offline floor plans."""
    return list(
        BoothApplication.objects.filter(
            exhibitor=exhibitor, status=ApplicationStatus.CONFIRMED, booth__pavilion__edition=edition
        )
        .select_related("booth__pavilion")
        .order_by("booth__pavilion__sort_order", "booth__code")
    )


def search_misses(*, edition, limit: int = 50) -> QuerySet[OnlineSearchMiss]:
    return OnlineSearchMiss.objects.filter(edition=edition).order_by("-count", "query")[:limit]


def booth_search(*, pavilion, text: str, limit: int = 20) -> list[BoothApplication]:
    """Confirmed booths of an offline pavilion whose exhibitor's name contains ``text``."""
    return list(
        BoothApplication.objects.filter(booth__pavilion=pavilion, status=ApplicationStatus.CONFIRMED)
        .filter(Q(exhibitor__name__icontains=text) | Q(exhibitor__name_en__icontains=text))
        .select_related("booth", "exhibitor")
        .order_by("booth__code")[:limit]
    )


def favourites_of(*, user) -> list[Favourite]:
    """The user's favourites that visitors may still see (an exhibit since unpublished is
    left out), newest first."""
    rows = list(
        Favourite.objects.filter(user=user)
        .select_related("edition", "exhibitor", "exhibit__pavilion")
        .order_by("-created_at", "-pk")
    )
    visible = set(
        Exhibit.objects.filter(pk__in=[f.exhibit_id for f in rows if f.exhibit_id], is_published=True).values_list(
            "pk", flat=True
        )
    )
    return [f for f in rows if f.exhibit_id is None or f.exhibit_id in visible]


def favourite_state(*, user, edition, exhibitor_id: int, exhibit_id: int | None) -> bool:
    if not user.is_authenticated:
        return False
    return Favourite.objects.filter(
        user=user, edition=edition, exhibitor_id=exhibitor_id, exhibit_id=exhibit_id
    ).exists()


# Analytics ---------------------------------------------------------------------------------


def exhibitor_analytics(*, exhibitor, edition, days: int = 30) -> dict:
    """An exhibitor's own figures of the online exhibition: views of its page and of its
    exhibits by day, favourites, and the countries of the registered visitors who keep them.
    Four queries."""
    views = (
        OnlineViewDay.objects.filter(exhibitor=exhibitor, edition=edition)
        .values("day")
        .annotate(
            page=Sum("views", filter=Q(exhibit__isnull=True)), exhibits=Sum("views", filter=Q(exhibit__isnull=False))
        )
        .order_by("-day")[:days]
    )
    top = (
        OnlineViewDay.objects.filter(exhibitor=exhibitor, edition=edition, exhibit__isnull=False)
        .values("exhibit__name")
        .annotate(views=Sum("views"))
        .order_by("-views", "exhibit__name")[:10]
    )
    favourites = Favourite.objects.filter(exhibitor=exhibitor, edition=edition)
    countries = (
        Attendee.objects.filter(edition=edition, user__online_favourites__in=favourites)
        .values("country")
        .annotate(n=Count("user", distinct=True))
        .order_by("-n", "country")
    )
    names = dict(countries_list)
    country_rows = [{**row, "country_name": names.get(row["country"], row["country"])} for row in countries]
    return {
        "days": list(views),
        "top_exhibits": list(top),
        "favourites": favourites.aggregate(
            exhibitor=Count("pk", filter=Q(exhibit__isnull=True)), exhibits=Count("pk", filter=Q(exhibit__isnull=False))
        ),
        "countries": country_rows,
    }


def organizer_analytics(*, edition, days: int = 30) -> dict:
    """The online exhibition's figures for organizers: different visitors by day, registered
    online visitors, top exhibitors and exhibits by views, searches that found nothing."""
    return {
        "days": list(OnlineVisitorDay.objects.filter(edition=edition).order_by("-day")[:days]),
        "registered": Attendee.objects.filter(
            edition=edition, kind=AttendeeKind.ONLINE_VISITOR, user__isnull=False
        ).count(),
        "top_exhibitors": list(
            OnlineViewDay.objects.filter(edition=edition, exhibit__isnull=True)
            .values("exhibitor_id", "exhibitor__name")
            .annotate(views=Sum("views"))
            .order_by("-views", "exhibitor__name")[:10]
        ),
        "top_exhibits": list(
            OnlineViewDay.objects.filter(edition=edition, exhibit__isnull=False)
            .values("exhibit_id", "exhibit__name", "exhibitor__name")
            .annotate(views=Sum("views"))
            .order_by("-views", "exhibit__name")[:10]
        ),
        "misses": list(search_misses(edition=edition, limit=30)),
    }


def live_broadcasts(*, edition, now, limit: int = 20) -> dict[str, list[LiveBroadcast]]:
    """Approved broadcasts of the edition that are on now, and the next ones. Two queries."""
    approved = LiveBroadcast.objects.filter(edition=edition, status=BroadcastStatus.APPROVED).select_related(
        "exhibitor"
    )
    return {
        "now": list(approved.filter(starts_at__lte=now, ends_at__gt=now).order_by("starts_at", "pk")[:limit]),
        "next": list(approved.filter(starts_at__gt=now).order_by("starts_at", "pk")[:limit]),
    }


def exhibitor_broadcasts(*, edition, exhibitor, now) -> list[LiveBroadcast]:
    """An exhibitor's approved broadcasts that have not ended."""
    return list(
        LiveBroadcast.objects.filter(
            edition=edition, exhibitor=exhibitor, status=BroadcastStatus.APPROVED, ends_at__gt=now
        ).order_by("starts_at", "pk")[:10]
    )
