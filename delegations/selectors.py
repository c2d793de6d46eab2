"""Reads of the protocol office: the results figures of the leaders, the protocol desk's day
(travel, hotels, warnings) and the delegates' list. Each runs a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from delegations.enums import LEADER_MAX_RANK, Direction, InvitationStatus, OriginKind
from delegations.models import (
    Delegate,
    Delegation,
    EventAttendance,
    HotelStay,
    InvitationChange,
    LeaderMeeting,
    Travel,
)


def leaders_summary(*, edition) -> dict:
    """The leaders of the results report (shared/DESIGN.md), in one aggregate query.

    - A delegate *attended* when ``Delegate.attended`` is set: the protocol office sets it
      on receiving the delegate on site. Booked travel and events do not make anyone attend.
    - A *leader* is a delegate who attended with a rank at or above vice-ministerial
      (vice-provincial) level: ``rank <= LEADER_MAX_RANK`` (4) on the 1..6 scale.
    - A delegation *attends* when at least one of its delegates attended, whatever their
      rank. ``countries_regions``, ``institutions`` and ``provinces`` count the distinct
      origins (country code, institution's English name, province) of attending
      delegations, so an institution that sent only bureau-level officials counts as an
      institution without adding a leader.
    """
    attended = Delegate.objects.filter(delegation__edition=edition, attended=True)
    foreign = Q(delegation__origin_kind=OriginKind.FOREIGN)
    central = Q(delegation__origin_kind=OriginKind.CENTRAL)
    provincial = Q(delegation__origin_kind=OriginKind.PROVINCIAL)
    leader = Q(rank__lte=LEADER_MAX_RANK)
    figures = attended.aggregate(
        foreign_leaders=Count("pk", filter=foreign & leader),
        foreign_origins=Count("delegation__country", filter=foreign, distinct=True),
        central_leaders=Count("pk", filter=central & leader),
        central_origins=Count("delegation__institution_en", filter=central, distinct=True),
        provincial_leaders=Count("pk", filter=provincial & leader),
        provincial_origins=Count("delegation__province", filter=provincial, distinct=True),
    )
    return {
        "foreign": {"leaders": figures["foreign_leaders"], "countries_regions": figures["foreign_origins"]},
        "central": {"leaders": figures["central_leaders"], "institutions": figures["central_origins"]},
        "provincial": {"leaders": figures["provincial_leaders"], "provinces": figures["provincial_origins"]},
    }


def delegate_list(*, edition=None) -> QuerySet[Delegate]:
    """Delegates with their delegation, edition and host unit, for lists and exports."""
    delegates = Delegate.objects.select_related("delegation__edition", "delegation__host_unit")
    if edition is not None:
        delegates = delegates.filter(delegation__edition=edition)
    return delegates.order_by(
        "delegation__origin_kind", "delegation__country", "delegation__province", "delegation__institution_en",
        "-is_head", "rank", "name_latin", "pk",
    )  # fmt: skip


def delegation_list(*, edition) -> QuerySet[Delegation]:
    return (
        Delegation.objects.filter(edition=edition)
        .select_related("edition", "host_unit")
        .annotate(
            delegate_count=Count("delegates", distinct=True),
            attended_count=Count("delegates", filter=Q(delegates__attended=True), distinct=True),
        )
    )


# The protocol desk ----------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleWarning:
    """Something the protocol desk must sort out for a delegate."""

    kind: str  # "overlap" or "late_arrival"
    delegate: Delegate
    at: datetime.datetime
    event: object
    other_event: object = None
    arrival: Travel | None = None


# What the desk's warnings and hotel lists show of a delegate: the name and the delegation's
# origin (``Delegation.origin_name``). Loading only these columns of the wide delegate and
# delegation rows makes the desk's two largest queries about 2.5x faster.
_DELEGATE_SHOWN = (
    "delegate__name_original",
    "delegate__name_latin",
    "delegate__name_zh",
    "delegate__delegation__origin_kind",
    "delegate__delegation__country",
    "delegate__delegation__province",
    "delegate__delegation__institution_zh",
    "delegate__delegation__institution_en",
)


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def travel_of_day(*, edition, day: datetime.date) -> QuerySet[Travel]:
    start, end = _day_bounds(day)
    return (
        Travel.objects.filter(delegate__delegation__edition=edition, at__gte=start, at__lt=end)
        .select_related("delegate__delegation__host_unit")
        .order_by("at", "pk")
    )


def hotel_occupancy(*, edition, day: datetime.date) -> list[dict]:
    """Who sleeps where on the night from ``day`` to the next day, by hotel."""
    stays = (
        HotelStay.objects.filter(delegate__delegation__edition=edition, check_in__lte=day, check_out__gt=day)
        .select_related("delegate__delegation")
        .only("hotel", "room", "check_in", "check_out", "delegate_id", *_DELEGATE_SHOWN)
        .order_by("hotel", "room", "pk")
    )
    hotels: dict[str, dict] = {}
    for stay in stays:
        hotel = hotels.setdefault(stay.hotel, {"hotel": stay.hotel, "stays": [], "rooms": set()})
        hotel["stays"].append(stay)
        if stay.room:
            hotel["rooms"].add(stay.room)
    next_day = day + datetime.timedelta(days=1)
    return [
        {
            "hotel": h["hotel"],
            "stays": h["stays"],
            "guests": len(h["stays"]),
            "rooms": len(h["rooms"]),
            "checking_in": sum(1 for s in h["stays"] if s.check_in == day),
            "checking_out": sum(1 for s in h["stays"] if s.check_out == next_day),
        }
        for h in hotels.values()
    ]


def schedule_warnings(*, edition) -> list[ScheduleWarning]:
    """The edition's clashes, in time order, in two queries:

    - ``overlap``: a delegate is booked into two events whose times overlap;
    - ``late_arrival``: a delegate's first arrival is after the start of an event they are
      booked into.
    """
    attendances = (
        EventAttendance.objects.filter(delegate__delegation__edition=edition)
        .select_related("event", "delegate__delegation")
        .only(
            "delegate_id",
            "event__title_zh",
            "event__title_en",
            "event__starts_at",
            "event__ends_at",
            *_DELEGATE_SHOWN,
        )
        .order_by("delegate_id", "event__starts_at", "pk")
    )
    first_arrival: dict[int, Travel] = {}
    arrivals = Travel.objects.filter(delegate__delegation__edition=edition, direction=Direction.ARRIVAL)
    for travel in arrivals.only("delegate_id", "at", "number", "mode").order_by("at", "pk"):
        first_arrival.setdefault(travel.delegate_id, travel)

    by_delegate: dict[int, list[EventAttendance]] = defaultdict(list)
    for attendance in attendances:
        by_delegate[attendance.delegate_id].append(attendance)

    warnings: list[ScheduleWarning] = []
    for delegate_id, booked in by_delegate.items():
        events = [a.event for a in booked]
        delegate = booked[0].delegate
        for i, event in enumerate(events):
            for other in events[i + 1 :]:
                if other.starts_at >= event.ends_at:
                    break  # sorted by start: no later event can overlap this one
                warnings.append(ScheduleWarning("overlap", delegate, other.starts_at, event, other_event=other))
        arrival = first_arrival.get(delegate_id)
        if arrival is not None:
            for event in events:
                if arrival.at > event.starts_at:
                    warnings.append(ScheduleWarning("late_arrival", delegate, event.starts_at, event, arrival=arrival))
    warnings.sort(key=lambda w: (w.at, w.kind, w.delegate.pk))
    return warnings


# The desk does the same work for an edition of 30 delegations as for one of 3,000: figures
# are counted in the database, and each list leaves it one page at a time.
TRAVEL_PAGE, GUESTS_PAGE, WARNINGS_PAGE = 25, 50, 20


@dataclass(frozen=True)
class Page:
    """One page of a list: its items, its number (from 1) and the size of the whole list."""

    items: list
    number: int
    count: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def _page_number(number, count: int, size: int) -> int:
    """A page number from the query string, clamped to the pages there are."""
    try:
        number = int(number or 1)
    except (TypeError, ValueError):
        number = 1
    return min(max(number, 1), max(1, -(-count // size)))


def travel_figures(*, edition, day: datetime.date) -> dict:
    """The day's arrivals, departures and pick-ups, counted in one query."""
    start, end = _day_bounds(day)
    return Travel.objects.filter(delegate__delegation__edition=edition, at__gte=start, at__lt=end).aggregate(
        arrivals=Count("pk", filter=Q(direction=Direction.ARRIVAL)),
        departures=Count("pk", filter=Q(direction=Direction.DEPARTURE)),
        pickups=Count("pk", filter=Q(pickup_needed=True)),
    )


def travel_page(*, edition, day: datetime.date, direction: str, count: int, page=1, size: int = TRAVEL_PAGE) -> Page:
    number = _page_number(page, count, size)
    offset = (number - 1) * size
    items = list(travel_of_day(edition=edition, day=day).filter(direction=direction)[offset : offset + size])
    return Page(items, number, count, size)


def hotel_figures(*, edition, day: datetime.date) -> list[dict]:
    """Each hotel's guests, rooms, check-ins and check-outs on the night from ``day`` to the
    next day, counted in one query (a row per hotel, not per guest)."""
    next_day = day + datetime.timedelta(days=1)
    rows = (
        HotelStay.objects.filter(delegate__delegation__edition=edition, check_in__lte=day, check_out__gt=day)
        .values("hotel")
        .annotate(
            guests=Count("pk"),
            rooms=Count("room", filter=~Q(room=""), distinct=True),
            checking_in=Count("pk", filter=Q(check_in=day)),
            checking_out=Count("pk", filter=Q(check_out=next_day)),
        )
        .order_by("hotel")
    )
    return list(rows)


def hotel_guests(*, edition, day: datetime.date, hotel: str, count: int, page=1, size: int = GUESTS_PAGE) -> Page:
    """One page of a hotel's guests on the night of ``day``, by room."""
    number = _page_number(page, count, size)
    offset = (number - 1) * size
    stays = (
        HotelStay.objects.filter(
            delegate__delegation__edition=edition, hotel=hotel, check_in__lte=day, check_out__gt=day
        )
        .select_related("delegate__delegation")
        .only("hotel", "room", "check_in", "check_out", "delegate_id", *_DELEGATE_SHOWN)
        .order_by("room", "pk")
    )
    return Page(list(stays[offset : offset + size]), number, count, size)


def _warning_sql(*, count_only: bool) -> str:
    """The edition's schedule warnings as rows (the same as ``schedule_warnings``): pairs of
    a delegate's events where the later one starts before the earlier one ends, and events
    that start before the delegate's first arrival. Plain SQL that PostgreSQL and SQLite
    both run: a self-join the ORM does not write."""
    attendance, event = EventAttendance._meta.db_table, EventAttendance._meta.get_field("event").related_model
    delegate, delegation, travel = Delegate._meta.db_table, Delegation._meta.db_table, Travel._meta.db_table
    event = event._meta.db_table
    of_edition = (
        f"JOIN {delegate} d ON d.id = a1.delegate_id JOIN {delegation} g ON g.id = d.delegation_id "
        "WHERE g.edition_id = %(edition)s"
    )
    overlaps = (
        "SELECT 'overlap' AS kind, a1.delegate_id AS delegate_id, e2.starts_at AS at, a1.event_id AS event_id, "
        "a2.event_id AS other_id, NULL AS travel_id "
        f"FROM {attendance} a1 JOIN {event} e1 ON e1.id = a1.event_id "
        f"JOIN {attendance} a2 ON a2.delegate_id = a1.delegate_id AND a2.id <> a1.id "
        f"JOIN {event} e2 ON e2.id = a2.event_id {of_edition} "
        "AND e2.starts_at < e1.ends_at AND (e2.starts_at > e1.starts_at OR (e2.starts_at = e1.starts_at AND a2.id > a1.id))"
    )
    first = (
        f"SELECT t.delegate_id, t.id, t.at FROM {travel} t WHERE t.direction = %(arrival)s AND NOT EXISTS "
        f"(SELECT 1 FROM {travel} u WHERE u.delegate_id = t.delegate_id AND u.direction = %(arrival)s "
        "AND (u.at < t.at OR (u.at = t.at AND u.id < t.id)))"
    )
    late = (
        "SELECT 'late_arrival' AS kind, a1.delegate_id AS delegate_id, e1.starts_at AS at, a1.event_id AS event_id, "
        "NULL AS other_id, f.id AS travel_id "
        f"FROM {attendance} a1 JOIN {event} e1 ON e1.id = a1.event_id "
        f"JOIN ({first}) f ON f.delegate_id = a1.delegate_id {of_edition} AND f.at > e1.starts_at"
    )
    union = f"{overlaps} UNION ALL {late}"
    if count_only:
        return f"SELECT count(*) FROM ({union}) w"
    return (
        f"SELECT kind, delegate_id, at, event_id, other_id, travel_id FROM ({union}) w "
        "ORDER BY at, kind, delegate_id, event_id, other_id LIMIT %(limit)s OFFSET %(offset)s"
    )


def _sql_moment(value):
    """A timestamp as PostgreSQL (aware) or SQLite (text) returns it from plain SQL."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def warnings_page(*, edition, page=1, size: int = WARNINGS_PAGE) -> Page:
    """One page of the edition's schedule warnings in time order, with their count: five
    queries whatever the number of delegates (the count, the page, then its delegates,
    events and arrivals)."""
    params = {"edition": edition.pk, "arrival": Direction.ARRIVAL}
    with connection.cursor() as cursor:
        cursor.execute(_warning_sql(count_only=True), params)
        count = cursor.fetchone()[0]
        number = _page_number(page, count, size)
        if not count:
            return Page([], number, 0, size)
        cursor.execute(_warning_sql(count_only=False), {**params, "limit": size, "offset": (number - 1) * size})
        rows = cursor.fetchall()
    shown = [field.removeprefix("delegate__") for field in _DELEGATE_SHOWN]
    delegates = Delegate.objects.select_related("delegation").only(*shown).in_bulk({row[1] for row in rows})
    event_model = EventAttendance._meta.get_field("event").related_model
    events = event_model.objects.only("title_zh", "title_en", "starts_at", "ends_at").in_bulk(
        {row[3] for row in rows} | {row[4] for row in rows if row[4]}
    )
    travels = Travel.objects.only("delegate_id", "at", "number", "mode").in_bulk({row[5] for row in rows if row[5]})
    items = [
        ScheduleWarning(
            kind,
            delegates[delegate_id],
            _sql_moment(at),
            events[event_id],
            other_event=events.get(other_id),
            arrival=travels.get(travel_id),
        )
        for kind, delegate_id, at, event_id, other_id, travel_id in rows
    ]
    return Page(items, number, count, size)


def protocol_desk(*, edition, day: datetime.date, pages: dict | None = None, hotel: str | None = None) -> dict:
    """What the protocol desk shows for ``day``: the figures, a page of each list (``pages``:
    the page number of ``arrivals``, ``departures``, ``warnings`` and ``guests``) and, when
    ``hotel`` is given, a page of that hotel's guests. A fixed number of queries and rows
    whatever the size of the edition."""
    pages = pages or {}
    figures = travel_figures(edition=edition, day=day)
    hotels = hotel_figures(edition=edition, day=day)
    arrivals = travel_page(
        edition=edition, day=day, direction=Direction.ARRIVAL, count=figures["arrivals"], page=pages.get("arrivals")
    )
    departures = travel_page(
        edition=edition,
        day=day,
        direction=Direction.DEPARTURE,
        count=figures["departures"],
        page=pages.get("departures"),
    )
    chosen = next((h for h in hotels if h["hotel"] == hotel), None)
    guests = (
        hotel_guests(edition=edition, day=day, hotel=hotel, count=chosen["guests"], page=pages.get("guests"))
        if chosen
        else None
    )
    warnings = warnings_page(edition=edition, page=pages.get("warnings"))
    return {
        "arrivals": arrivals.items,
        "departures": departures.items,
        "arrivals_page": arrivals,
        "departures_page": departures,
        "arrivals_count": figures["arrivals"],
        "departures_count": figures["departures"],
        "pickups": figures["pickups"],
        "hotels": hotels,
        "hotel": chosen,
        "guests_page": guests,
        "guests": sum(h["guests"] for h in hotels),
        "rooms": sum(h["rooms"] for h in hotels),
        "warnings": warnings.items,
        "warnings_page": warnings,
        "warnings_count": warnings.count,
        "warnings_of_day": [w for w in warnings.items if timezone.localdate(w.at) == day],
    }


def invitations_unanswered(*, edition) -> QuerySet[Delegation]:
    """Delegations invited (the letter sent) that have not answered yet, the oldest first."""
    return Delegation.objects.filter(edition=edition, status=InvitationStatus.SENT).order_by("sent_at", "pk")


def staff_delegations(*, edition, status: str = "", origin_kind: str = "", q: str = "") -> QuerySet[Delegation]:
    """The protocol office's list of an edition's delegations, with the head of each and
    counts of delegates. Two queries whatever the number of delegations."""
    rows = delegation_list(edition=edition).prefetch_related(
        Prefetch("delegates", queryset=Delegate.objects.filter(is_head=True), to_attr="heads")
    )
    if status:
        rows = rows.filter(status=status)
    if origin_kind:
        rows = rows.filter(origin_kind=origin_kind)
    if q:
        rows = rows.filter(
            Q(institution_zh__icontains=q)
            | Q(institution_en__icontains=q)
            | Q(country__iexact=q)
            | Q(delegates__name_original__icontains=q)
            | Q(delegates__name_latin__icontains=q)
            | Q(delegates__name_zh__icontains=q)
        ).distinct()
    return rows.order_by("origin_kind", "country", "province", "institution_en", "pk")


def delegation_dossier(*, pk: int) -> Delegation | None:
    """One delegation with everything the protocol office reads about it: delegates by rank
    with their travel, hotel nights and events, the meetings with provincial leaders and the
    invitation's history. A fixed number of queries."""
    return (
        Delegation.objects.select_related("edition", "host_unit")
        .prefetch_related(
            Prefetch(
                "delegates",
                queryset=Delegate.objects.order_by("-is_head", "rank", "pk").prefetch_related(
                    Prefetch("travels", queryset=Travel.objects.order_by("at")),
                    Prefetch("hotel_stays", queryset=HotelStay.objects.order_by("check_in")),
                    Prefetch(
                        "event_attendances",
                        queryset=EventAttendance.objects.select_related("event").order_by("event__starts_at"),
                    ),
                ),
            ),
            Prefetch("meetings", queryset=LeaderMeeting.objects.order_by("starts_at")),
            Prefetch(
                "invitation_changes",
                queryset=InvitationChange.objects.select_related("changed_by").order_by("-changed_at", "-pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
