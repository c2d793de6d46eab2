"""Reads of the public online exhibition (``/online/``).

What a visitor sees of an edition: the exhibits that are published, of exhibitors whose
participation in that edition is online (online, or offline and online); and those
exhibitors, only while they show at least one such exhibit (which is also when their logo
becomes public, ``expo.media_views``). An offline-only participation, an unpublished
exhibit, or an exhibit in another edition's pavilion never appears.
"""

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from exhibitors import search
from exhibitors.enums import ONLINE_MODES, ApplicationStatus, PavilionMode
from exhibitors.models import BoothApplication, Exhibit, OnlineSearchMiss, Participation, Pavilion
from expo.models import Edition


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


def participation_list(
    *, edition, pavilion=None, industry: str = "", country: str = "", text: str = ""
) -> QuerySet[Participation]:
    rows = visible_participations(edition=edition)
    if pavilion is not None:
        rows = rows.filter(pavilion=pavilion)
    if industry:
        rows = rows.filter(exhibitor__industry=industry)
    if country:
        rows = rows.filter(exhibitor__country=country)
    if text:
        rows = search.search_filter(rows, text=text, prefix="exhibitor__", has_description_en=False)
        return rows.order_by("-search_rank", "exhibitor__name", "pk")
    return rows.order_by("exhibitor__name", "pk")


def exhibit_list(*, edition, pavilion=None, industry: str = "", country: str = "", text: str = "") -> QuerySet[Exhibit]:
    rows = visible_exhibits(edition=edition).select_related("exhibitor", "pavilion")
    if pavilion is not None:
        rows = rows.filter(pavilion=pavilion)
    if industry:
        rows = rows.filter(exhibitor__industry=industry)
    if country:
        rows = rows.filter(exhibitor__country=country)
    if text:
        rows = search.search_filter(rows, text=text, has_description_en=True)
        return rows.order_by("-search_rank", "name", "pk")
    return rows.order_by("name", "pk")


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
