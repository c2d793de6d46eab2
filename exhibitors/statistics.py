"""Figures of an edition's exhibition, computed from the records by the database.

Each function runs a fixed number of queries whatever the number of pavilions, booths,
exhibitors or exhibits, and returns plain dicts and lists (areas as ``Decimal``), so that
the staff dashboard and the executive committee's results report share the same figures.
Names (pavilions, countries, provinces) are given in the language active at call time.
"""

from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_countries import countries

from exhibitors.enums import ACTIVE_STATUSES, OFFLINE_MODES, ONLINE_MODES, ApplicationStatus, PavilionMode
from exhibitors.models import Booth, BoothApplication, Exhibit, Participation, Pavilion
from expo.enums import Province
from expo.i18n import localized

DOMESTIC = "CN"
AREA_SUM = DecimalField(max_digits=18, decimal_places=2)
ZERO_AREA = Decimal("0.00")
PERCENT = Decimal("0.01")


def _subquery_count(queryset: QuerySet, *, group_by: str, counted: str = "pk", distinct: bool = False):
    """``COUNT`` of ``queryset`` per outer row, 0 when it has none."""
    rows = queryset.order_by().values(group_by).annotate(n=Count(counted, distinct=distinct)).values("n")
    return Coalesce(Subquery(rows), 0)


def _subquery_area(queryset: QuerySet, *, group_by: str):
    """``SUM(area_m2)`` of the booths of ``queryset`` per outer row, 0 when it has none."""
    rows = queryset.order_by().values(group_by).annotate(total=Sum("area_m2")).values("total")
    return Coalesce(Subquery(rows, output_field=AREA_SUM), Value(ZERO_AREA), output_field=AREA_SUM)


def _area(value) -> Decimal:
    return (value or ZERO_AREA).quantize(PERCENT)


def _edition_participations(edition) -> QuerySet[Participation]:
    return Participation.objects.filter(edition=edition).order_by()


def exhibition_headline(*, edition) -> dict:
    """The published figures of the exhibition: pavilions, offline area (gross area of the
    offline pavilions), offline and online exhibitors, online exhibits. Three queries."""
    pavilions = (
        Pavilion.objects.filter(edition=edition)
        .order_by()
        .aggregate(
            pavilions=Count("pk"),
            offline_area_m2=Sum("gross_area_m2", filter=Q(mode__in=(PavilionMode.OFFLINE, PavilionMode.BOTH))),
        )
    )
    exhibitors = _edition_participations(edition).aggregate(
        offline_exhibitors=Count("exhibitor", filter=Q(mode__in=OFFLINE_MODES), distinct=True),
        online_exhibitors=Count("exhibitor", filter=Q(mode__in=ONLINE_MODES), distinct=True),
    )
    online_exhibits = Exhibit.objects.filter(pavilion__edition=edition, is_published=True).count()
    return {
        "pavilions": pavilions["pavilions"],
        "offline_area_m2": _area(pavilions["offline_area_m2"]),
        "offline_exhibitors": exhibitors["offline_exhibitors"],
        "online_exhibitors": exhibitors["online_exhibitors"],
        "online_exhibits": online_exhibits,
    }


def pavilion_statistics(*, edition) -> list[dict]:
    """One row per pavilion of the edition, in the floor order: gross and booked area (the
    booths with a held or confirmed application), its share of the gross area in percent
    (None without a gross area), held, confirmed and free booths (bookable, no active
    application), offline exhibitors assigned to the pavilion and published exhibits.
    One query."""
    booths = Booth.objects.filter(pavilion=OuterRef("pk"))
    applications = BoothApplication.objects.filter(booth=OuterRef("pk"))
    active = Exists(applications.filter(status__in=ACTIVE_STATUSES))
    rows = (
        Pavilion.objects.filter(edition=edition)
        .annotate(
            booked_area=_subquery_area(booths.filter(active), group_by="pavilion"),
            held_booths=_subquery_count(
                booths.filter(Exists(applications.filter(status=ApplicationStatus.HELD))), group_by="pavilion"
            ),
            confirmed_booths=_subquery_count(
                booths.filter(Exists(applications.filter(status=ApplicationStatus.CONFIRMED))), group_by="pavilion"
            ),
            free_booths=_subquery_count(booths.filter(is_bookable=True).exclude(active), group_by="pavilion"),
            offline_exhibitors=_subquery_count(
                Participation.objects.filter(
                    pavilion=OuterRef("pk"), edition=OuterRef("edition"), mode__in=OFFLINE_MODES
                ),
                group_by="pavilion",
                counted="exhibitor",
                distinct=True,
            ),
            exhibit_count=_subquery_count(
                Exhibit.objects.filter(pavilion=OuterRef("pk"), is_published=True), group_by="pavilion"
            ),
        )
        .order_by("sort_order", "code")
    )
    return [
        {
            "id": pavilion.pk,
            "code": pavilion.code,
            "name": localized(pavilion, "name"),
            "mode": pavilion.mode,
            "mode_label": pavilion.get_mode_display(),
            "hall": pavilion.hall,
            "gross_area_m2": _area(pavilion.gross_area_m2),
            "booked_area_m2": _area(pavilion.booked_area),
            "booked_pct": (
                (pavilion.booked_area * 100 / pavilion.gross_area_m2).quantize(PERCENT)
                if pavilion.gross_area_m2
                else None
            ),
            "held_booths": pavilion.held_booths,
            "confirmed_booths": pavilion.confirmed_booths,
            "free_booths": pavilion.free_booths,
            "offline_exhibitors": pavilion.offline_exhibitors,
            "exhibits": pavilion.exhibit_count,
        }
        for pavilion in rows
    ]


def exhibitor_origins(*, edition, top: int = 10) -> dict:
    """Where the edition's exhibitors (any participation) come from: totals, domestic
    (country CN) and foreign, the ``top`` countries or regions by exhibitors, and the
    domestic exhibitors by province. Three queries."""
    participations = _edition_participations(edition)
    domestic = Q(exhibitor__country=DOMESTIC)
    totals = participations.aggregate(
        exhibitors=Count("exhibitor", distinct=True),
        domestic_exhibitors=Count("exhibitor", filter=domestic, distinct=True),
        foreign_exhibitors=Count("exhibitor", filter=~domestic, distinct=True),
        countries=Count("exhibitor__country", distinct=True),
    )
    by_country = (
        participations.values("exhibitor__country")
        .annotate(n=Count("exhibitor", distinct=True))
        .order_by("-n", "exhibitor__country")[:top]
    )
    by_province = (
        participations.filter(domestic)
        .values("exhibitor__province")
        .annotate(n=Count("exhibitor", distinct=True))
        .order_by("-n", "exhibitor__province")
    )
    provinces = dict(Province.choices)
    return {
        **totals,
        "by_country": [
            {
                "code": row["exhibitor__country"],
                "name": countries.name(row["exhibitor__country"]),
                "exhibitors": row["n"],
            }
            for row in by_country
        ],
        "by_province": [
            {
                "province": row["exhibitor__province"],
                "name": str(provinces.get(row["exhibitor__province"]) or _("province not given")),
                "exhibitors": row["n"],
            }
            for row in by_province
        ],
    }


def exhibition_summary(*, edition, top_countries: int = 10) -> dict:
    """Every figure of the edition's exhibition: the headline keys of the results report
    (``pavilions``, ``offline_area_m2``, ``offline_exhibitors``, ``online_exhibitors``,
    ``online_exhibits``), then ``by_pavilion`` (see ``pavilion_statistics``) and the
    exhibitors' origins (``exhibitors``, ``domestic_exhibitors``, ``foreign_exhibitors``,
    ``countries``, ``by_country``, ``by_province``). Seven queries."""
    return {
        **exhibition_headline(edition=edition),
        "by_pavilion": pavilion_statistics(edition=edition),
        **exhibitor_origins(edition=edition, top=top_countries),
    }
