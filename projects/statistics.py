"""Figures of an edition's cooperation projects, computed from the records by the database.

Only signed projects count in the results; the pipeline (negotiating, ready to sign) and the
withdrawn projects are reported apart. Each function runs a fixed number of queries whatever
the number of projects. Amounts are ``Decimal`` yuan (strings with two decimals in the
results JSON); percentages are rounded half-up to two decimals, and None when the previous
edition has nothing to compare with (no previous edition, or zero).
"""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, Count, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from expo.enums import Industry
from expo.models import Edition
from projects.amounts import yuan_text
from projects.enums import DOMESTIC_COUNTRY, PIPELINE_STAGES, ProjectStage, ProjectType
from projects.models import Project
from projects.selectors import municipalities
from projects.services import registration_window

ZERO = Decimal("0.00")
PERCENT = Decimal("0.01")
INTERNATIONAL, DOMESTIC = "international", "domestic"


def growth_pct(current, previous) -> Decimal | None:
    """Growth of ``current`` over ``previous`` in percent, two decimals rounded half-up; None
    when there is no previous figure or it is zero."""
    if previous is None or previous == 0:
        return None
    current, previous = Decimal(current), Decimal(previous)
    return ((current - previous) * 100 / previous).quantize(PERCENT, rounding=ROUND_HALF_UP)


class _Tally:
    """Count and investment of a group of projects."""

    __slots__ = ("count", "investment")

    def __init__(self):
        self.count = 0
        self.investment = ZERO

    def add(self, count: int, investment: Decimal | None) -> None:
        self.count += count
        self.investment += investment or ZERO


def _signed_groups(edition_ids: list[int]) -> list[dict]:
    """The signed projects of the editions, grouped by edition, type, industry, municipality and
    origin, with their count and investment. One query."""
    return list(
        Project.objects.filter(edition_id__in=edition_ids, stage=ProjectStage.SIGNED)
        .annotate(
            domestic=Case(
                When(partner_country=DOMESTIC_COUNTRY, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values("edition_id", "type", "industry", "municipality_id", "domestic")
        .annotate(n=Count("pk"), total=Sum("investment_yuan"))
        .order_by()
    )


def _tallies(groups: list[dict], edition_id: int | None) -> dict[str, dict]:
    """The groups of one edition added up by each dimension of the results."""
    out: dict[str, dict] = {
        "signed": defaultdict(_Tally),
        "type": defaultdict(_Tally),
        "industry": defaultdict(_Tally),
        "municipality": defaultdict(_Tally),
        "origin": defaultdict(_Tally),
    }
    for row in groups:
        if row["edition_id"] != edition_id:
            continue
        n, total = row["n"], (row["total"] or ZERO).quantize(PERCENT)
        out["signed"]["all"].add(n, total)
        out["type"][row["type"]].add(n, total)
        out["industry"][row["industry"]].add(n, total)
        out["municipality"][row["municipality_id"]].add(n, total)
        out["origin"][DOMESTIC if row["domestic"] else INTERNATIONAL].add(n, total)
    return out


def _figure(key, label: str, current: _Tally, previous: _Tally | None) -> dict:
    return {
        "key": key,
        "label": label,
        "count": current.count,
        "investment_yuan": current.investment,
        "previous_count": previous.count if previous is not None else None,
        "previous_investment_yuan": previous.investment if previous is not None else None,
        "count_growth_pct": growth_pct(current.count, previous.count) if previous is not None else None,
        "growth_pct": growth_pct(current.investment, previous.investment) if previous is not None else None,
    }


def _industry_names_en() -> dict[str, str]:
    with override("en"):
        return {industry.value: str(industry.label) for industry in Industry}


def results_projects(*, edition: Edition) -> dict:
    """The "projects" part of the executive committee's results report (DESIGN.md): signed
    projects, contract projects with the previous edition's signed contract investment and the
    growth in percent, agreement projects, and the 12 industry fields (in the order of
    ``Industry``, by their English names) with the signed projects of both types. Amounts are
    strings of yuan with two decimals; ``previous_investment_yuan`` and ``growth_pct`` are None
    without a previous edition, and ``growth_pct`` also when its investment was zero. One query."""
    editions = [edition.pk] + ([edition.previous_id] if edition.previous_id else [])
    groups = _signed_groups(editions)
    current = _tallies(groups, edition.pk)
    previous = _tallies(groups, edition.previous_id) if edition.previous_id else None
    contract = current["type"][ProjectType.CONTRACT]
    previous_contract = previous["type"][ProjectType.CONTRACT].investment if previous is not None else None
    names = _industry_names_en()
    return {
        "signed": {
            "count": current["signed"]["all"].count,
            "investment_yuan": yuan_text(current["signed"]["all"].investment),
        },
        "contract": {
            "count": contract.count,
            "investment_yuan": yuan_text(contract.investment),
            "previous_investment_yuan": yuan_text(previous_contract),
            "growth_pct": yuan_text(growth_pct(contract.investment, previous_contract)),
        },
        "agreement": {
            "count": current["type"][ProjectType.AGREEMENT].count,
            "investment_yuan": yuan_text(current["type"][ProjectType.AGREEMENT].investment),
        },
        "by_industry": [
            {
                "industry": names[industry.value],
                "count": current["industry"][industry.value].count,
                "investment_yuan": yuan_text(current["industry"][industry.value].investment),
            }
            for industry in Industry
        ],
    }


def signed_statistics(*, edition: Edition, units: list | None = None) -> dict:
    """The signed projects of ``edition`` compared with its previous edition: ``signed`` (all),
    ``by_type``, ``by_industry`` (the 12 fields), ``by_municipality`` (every municipality or
    prefecture) and ``by_origin`` (international, domestic). Each figure has ``count``,
    ``investment_yuan``, ``previous_count``, ``previous_investment_yuan``, ``count_growth_pct``
    and ``growth_pct``; labels in the active language. Two queries (one with ``units`` given)."""
    editions = [edition.pk] + ([edition.previous_id] if edition.previous_id else [])
    groups = _signed_groups(editions)
    current = _tallies(groups, edition.pk)
    previous = _tallies(groups, edition.previous_id) if edition.previous_id else None

    def figures(dimension: str, keys_labels) -> list[dict]:
        return [
            _figure(key, label, current[dimension][key], previous[dimension][key] if previous is not None else None)
            for key, label in keys_labels
        ]

    units = list(municipalities()) if units is None else units
    return {
        "signed": figures("signed", [("all", _("All signed projects"))])[0],
        "by_type": figures("type", [(t.value, str(t.label)) for t in ProjectType]),
        "by_industry": figures("industry", [(i.value, str(i.label)) for i in Industry]),
        "by_municipality": figures("municipality", [(u.pk, u.short_name) for u in units]),
        "by_origin": figures(
            "origin",
            [(INTERNATIONAL, _("International (foreign partners)")), (DOMESTIC, _("Domestic (partners in China)"))],
        ),
    }


def _pipeline_row(key, label: str) -> dict:
    return {
        "key": key,
        "label": label,
        **{stage.value: 0 for stage in ProjectStage},
        "count": 0,
        "pipeline_yuan": ZERO,
        "signed_yuan": ZERO,
    }


def pipeline_statistics(*, edition: Edition, units: list | None = None) -> dict:
    """Every project of ``edition`` (all stages) by the month it was registered, by host
    municipality, by industry and by stage: for each row the count in each stage, the total
    count, the investment still in the pipeline (negotiating and ready to sign) and the signed
    investment. The months of the registration window come first even when empty; projects
    registered in other months follow in time order. Two queries (one with ``units`` given)."""
    rows = (
        Project.objects.filter(edition=edition)
        .annotate(month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone()))
        .values("month", "stage", "municipality_id", "industry")
        .annotate(n=Count("pk"), total=Sum("investment_yuan"))
        .order_by()
    )
    units = list(municipalities()) if units is None else units
    opens, closes = registration_window(edition=edition)
    months = {}
    month = opens.replace(day=1)
    while month <= closes:
        months[month] = _pipeline_row(month, "")
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    by_municipality = {u.pk: _pipeline_row(u.pk, u.short_name) for u in units}
    by_industry = {i.value: _pipeline_row(i.value, str(i.label)) for i in Industry}
    by_stage = {s.value: _pipeline_row(s.value, str(s.label)) for s in ProjectStage}
    total = _pipeline_row("all", _("All projects"))
    for row in rows:
        registered = row["month"]
        registered = registered.date() if isinstance(registered, datetime.datetime) else registered
        if registered not in months:
            months[registered] = _pipeline_row(registered, "")
        for target in (
            months[registered],
            by_municipality.get(row["municipality_id"]),
            by_industry.get(row["industry"]),
            by_stage[row["stage"]],
            total,
        ):
            if target is None:
                continue
            amount = (row["total"] or ZERO).quantize(PERCENT)
            target[row["stage"]] += row["n"]
            target["count"] += row["n"]
            if row["stage"] in PIPELINE_STAGES:
                target["pipeline_yuan"] += amount
            elif row["stage"] == ProjectStage.SIGNED:
                target["signed_yuan"] += amount
    window = sorted(m for m in months if opens.replace(day=1) <= m <= closes)
    others = sorted(m for m in months if m not in window)
    return {
        "by_month": [months[m] for m in window + others],
        "by_municipality": list(by_municipality.values()),
        "by_industry": list(by_industry.values()),
        "by_stage": list(by_stage.values()),
        "total": total,
    }
