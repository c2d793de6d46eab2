"""Copy forward: a new edition made from the previous one, as pretix copies an event.

What an edition's organizers set up once and keep from expo to expo is copied: the theme
pavilions and their booth layout (codes, kinds, areas, positions, prices; no applications),
the executive committee's member units, and the committee's work-item tree (titles, codes,
structure, lead and co-units; no reports, statuses back to "not started"). Dates move by the
offset between the two editions' first days: the work items' deadlines and the pipeline
registration window. Venues and rooms are shared by every edition (they belong to no
edition), so they stay as they are and the new edition's programme can use them at once.

This module stands above the apps (it composes the exhibition's and the committee's data);
the staff page ``/staff/editions/copy/`` and the admin action call the same two functions.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Room, Venue
from exhibitors.models import Booth, Pavilion
from expo import audit
from expo.enums import EditionStatus
from expo.errors import DomainError
from expo.models import AuditAction, Edition, WorkItem, WorkItemStatus


class EditionCopyRefused(DomainError):
    """The new edition cannot be made as asked; ``message`` says why."""


@dataclass(frozen=True)
class CopyLine:
    key: str
    label: str
    count: int
    copied: bool  # False: shared by every edition, kept as it is


LABELS = {
    "pavilions": gettext_lazy("theme pavilions"),
    "booths": gettext_lazy("booths of the floor plans"),
    "committee_units": gettext_lazy("executive committee member units"),
    "work_items": gettext_lazy("committee work items (without reports)"),
    "venues": gettext_lazy("venues (shared by every edition)"),
    "rooms": gettext_lazy("rooms (shared by every edition)"),
}


def edition_copy_preview(*, source: Edition) -> list[CopyLine]:
    """What ``edition_copy_forward`` would copy from ``source``, kind by kind. Six queries."""
    counts = {
        "pavilions": Pavilion.objects.filter(edition=source).count(),
        "booths": Booth.objects.filter(pavilion__edition=source).count(),
        "committee_units": source.committee_units.count(),
        "work_items": WorkItem.objects.filter(edition=source).count(),
        "venues": Venue.objects.count(),
        "rooms": Room.objects.count(),
    }
    return [CopyLine(key, str(LABELS[key]), n, key not in ("venues", "rooms")) for key, n in counts.items()]


def _shift(day: datetime.date | None, offset: datetime.timedelta) -> datetime.date | None:
    return day + offset if day is not None else None


def _check(*, number: int, start_date: datetime.date, end_date: datetime.date) -> None:
    if end_date < start_date:
        raise EditionCopyRefused(_("The last day cannot be before the first day."))
    if Edition.objects.filter(number=number).exists():
        raise EditionCopyRefused(
            _("There is already an edition number %(number)s: choose another number.") % {"number": number}
        )


@transaction.atomic
def edition_copy_forward(
    *,
    source: Edition,
    number: int,
    year: int,
    name_zh: str,
    name_en: str,
    start_date: datetime.date,
    end_date: datetime.date,
    by=None,
    request=None,
    theme_zh: str | None = None,
    theme_en: str | None = None,
) -> Edition:
    """Make edition ``number`` from ``source`` (its previous edition), in preparation, with
    ``source``'s pavilions and booth layout, committee member units and work-item tree;
    deadlines and the pipeline window move by ``start_date - source.start_date``. All or
    nothing. Raises EditionCopyRefused. Side effect: one activity log row (edition copied)."""
    _check(number=number, start_date=start_date, end_date=end_date)
    offset = start_date - source.start_date
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                number=number,
                year=year,
                name_zh=name_zh,
                name_en=name_en,
                theme_zh=source.theme_zh if theme_zh is None else theme_zh,
                theme_en=source.theme_en if theme_en is None else theme_en,
                city_zh=source.city_zh,
                city_en=source.city_en,
                venue_zh=source.venue_zh,
                venue_en=source.venue_en,
                start_date=start_date,
                end_date=end_date,
                previous=source,
                status=EditionStatus.PREPARATION,
                pipeline_opens_on=_shift(source.pipeline_opens_on, offset),
                pipeline_closes_on=_shift(source.pipeline_closes_on, offset),
            )
    except IntegrityError:
        # Another organizer made this number meanwhile.
        _check(number=number, start_date=start_date, end_date=end_date)
        raise
    edition.committee_units.set(source.committee_units.all())
    pavilions, booths = _copy_exhibition(source, edition)
    work_items = _copy_work_items(source, edition, offset)
    counts = {
        "pavilions": pavilions,
        "booths": booths,
        "committee_units": edition.committee_units.count(),
        "work_items": work_items,
    }
    audit.record(
        action=AuditAction.EDITION_COPY,
        actor=by,
        obj=edition,
        request=request,
        changes={"previous": [None, source.number]},
        details={"source": source.number, "offset_days": offset.days, **counts},
    )
    return edition


def _copy_exhibition(source: Edition, edition: Edition) -> tuple[int, int]:
    old = list(Pavilion.objects.filter(edition=source).order_by("sort_order", "pk"))
    new = Pavilion.objects.bulk_create(
        [
            Pavilion(
                edition=edition,
                code=p.code,
                name_zh=p.name_zh,
                name_en=p.name_en,
                mode=p.mode,
                hall=p.hall,
                gross_area_m2=p.gross_area_m2,
                plan_width=p.plan_width,
                plan_depth=p.plan_depth,
                booking_open=p.booking_open,
                sort_order=p.sort_order,
            )
            for p in old
        ]
    )
    if new and new[0].pk is None:  # a backend that does not return the keys of bulk inserts
        new = list(Pavilion.objects.filter(edition=edition).order_by("sort_order", "pk"))
    by_code = {p.code: p for p in new}
    booths = Booth.objects.bulk_create(
        [
            Booth(
                pavilion=by_code[code],
                code=b.code,
                kind=b.kind,
                area_m2=b.area_m2,
                x=b.x,
                y=b.y,
                width=b.width,
                depth=b.depth,
                price=b.price,
                is_bookable=b.is_bookable,
                notes=b.notes,
            )
            for code, b in (
                (b.pavilion.code, b)
                for b in Booth.objects.filter(pavilion__edition=source).select_related("pavilion").order_by("pk")
            )
        ],
        batch_size=2000,
    )
    return len(new), len(booths)


def _copy_work_items(source: Edition, edition: Edition, offset: datetime.timedelta) -> int:
    """The tree level by level (parents first), each level in one insert."""
    items = list(WorkItem.objects.filter(edition=source).prefetch_related("co_units").order_by("sort_order", "pk"))
    new_of: dict[int, WorkItem] = {}
    level = [i for i in items if i.parent_id is None]
    through = WorkItem.co_units.through
    while level:
        created = WorkItem.objects.bulk_create(
            [
                WorkItem(
                    edition=edition,
                    parent=new_of.get(i.parent_id),
                    code=i.code,
                    sort_order=i.sort_order,
                    title_zh=i.title_zh,
                    title_en=i.title_en,
                    description=i.description,
                    lead_unit_id=i.lead_unit_id,
                    deadline=i.deadline + offset,
                    status=WorkItemStatus.NOT_STARTED,
                )
                for i in level
            ]
        )
        if created and created[0].pk is None:
            by_code = {w.code: w for w in WorkItem.objects.filter(edition=edition, code__in=[i.code for i in level])}
            created = [by_code[i.code] for i in level]
        for old, new in zip(level, created, strict=True):
            new_of[old.pk] = new
        through.objects.bulk_create(
            [through(workitem_id=new_of[i.pk].pk, memberunit_id=unit.pk) for i in level for unit in i.co_units.all()]
        )
        parents = {i.pk for i in level}
        level = [i for i in items if i.parent_id in parents]
    return len(new_of)
