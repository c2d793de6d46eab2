"""Reads of the programme and attendance that pages, the admin and reports share."""

import datetime
from collections import OrderedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from events.enums import AttendeeKind, EventKind, ProposalStatus, RegistrationStatus
from events.models import ActivityProposal, Attendee, CheckIn, Event, EventRole, Registration
from expo.enums import MemberUnitKind
from expo.models import MemberUnit


def _events() -> QuerySet[Event]:
    return (
        Event.objects.select_related("room__venue", "organizer", "parent")
        .prefetch_related(Prefetch("roles", queryset=EventRole.objects.select_related("person")))
        .annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waitlist_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        )
        .order_by("starts_at", "title_en")
    )


def programme(*, edition, public_only: bool = False) -> QuerySet[Event]:
    """The edition's events in time order, with room, venue, organizer, speakers and seat
    counts loaded: a constant number of queries whatever the programme's size."""
    events = _events().filter(edition=edition)
    return events.filter(is_public=True) if public_only else events


def programme_search(events: QuerySet[Event], text: str) -> QuerySet[Event]:
    """``events`` whose title, description, speakers, organizer, room or venue (Chinese or
    English) hold every word of ``text``, in any letter case."""
    for word in text.split()[:8]:
        speaker = EventRole.objects.filter(event=OuterRef("pk")).filter(
            Q(person__name_zh__icontains=word) | Q(person__name_en__icontains=word)
        )
        events = events.filter(
            Q(title_zh__icontains=word)
            | Q(title_en__icontains=word)
            | Q(description_zh__icontains=word)
            | Q(description_en__icontains=word)
            | Q(organizer__name_zh__icontains=word)
            | Q(organizer__name_en__icontains=word)
            | Q(room__name_zh__icontains=word)
            | Q(room__name_en__icontains=word)
            | Q(room__venue__name_zh__icontains=word)
            | Q(room__venue__name_en__icontains=word)
            | Exists(speaker)
        )
    return events


def programme_by_day(events) -> "OrderedDict[datetime.date, list[Event]]":
    days: OrderedDict = OrderedDict()
    for event in events:
        days.setdefault(timezone.localdate(event.starts_at), []).append(event)
    return days


def event_detail(*, pk: int) -> Event | None:
    return _events().select_related("edition").filter(pk=pk).first()


def municipalities_without_theme_activity(*, edition) -> QuerySet[MemberUnit]:
    """The committee requirement: each municipality or prefecture designs at least one theme
    activity, proposed by the unit or put on the programme by the secretariat. These have none
    in the edition yet (a proposal that was declined or withdrawn does not count)."""
    has_one = Event.objects.filter(edition=edition, kind=EventKind.THEME_ACTIVITY).values("organizer_id")
    proposed = ActivityProposal.objects.filter(
        edition=edition,
        kind=EventKind.THEME_ACTIVITY,
        status__in=(ProposalStatus.SUBMITTED, ProposalStatus.RETURNED, ProposalStatus.ACCEPTED),
    ).values("unit_id")
    return (
        MemberUnit.objects.filter(kind=MemberUnitKind.MUNICIPALITY)
        .exclude(pk__in=has_one)
        .exclude(pk__in=proposed)
        .order_by("sort_order")
    )


def theme_activity_proposals_pending(*, edition) -> int:
    """Theme activities that municipalities proposed and the secretariat has not decided."""
    return ActivityProposal.objects.filter(
        edition=edition, kind=EventKind.THEME_ACTIVITY, status=ProposalStatus.SUBMITTED
    ).count()


def merchants_summary(*, edition) -> dict:
    merchants = Attendee.objects.filter(edition=edition, kind=AttendeeKind.MERCHANT)
    return merchants.aggregate(count=Count("pk"), countries_regions=Count("country", distinct=True))


def attendee_counts(*, edition) -> dict[str, int]:
    rows = Attendee.objects.filter(edition=edition).values_list("kind").annotate(n=Count("pk")).order_by()
    return dict(rows)


def merchants_by_inviting_unit(*, edition) -> QuerySet[MemberUnit]:
    """Member units with the number of merchants each invited to the edition."""
    return (
        MemberUnit.objects.annotate(
            merchant_count=Count(
                "invited_attendees",
                filter=Q(invited_attendees__edition=edition, invited_attendees__kind=AttendeeKind.MERCHANT),
            )
        )
        .filter(merchant_count__gt=0)
        .order_by("-merchant_count", "sort_order")
    )


def check_ins_by_day(*, edition) -> list[dict]:
    return list(
        CheckIn.objects.filter(attendee__edition=edition)
        .values("day")
        .annotate(total=Count("pk"), merchants=Count("pk", filter=Q(attendee__kind=AttendeeKind.MERCHANT)))
        .order_by("day")
    )


def notable_events(*, edition) -> list[dict]:
    """The edition's notable events (``Event.is_notable``) in time order, each with its
    attendance: the confirmed registrations, counted from the records. One query."""
    rows = (
        Event.objects.filter(edition=edition, is_notable=True)
        .annotate(attendance=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)))
        .order_by("starts_at", "title_en")
        .values_list("title_zh", "title_en", "starts_at", "attendance")
    )
    return [
        {
            "title_zh": title_zh,
            "title_en": title_en,
            "date": timezone.localdate(starts_at).isoformat(),
            "attendance": attendance,
        }
        for title_zh, title_en, starts_at, attendance in rows
    ]


def programme_summary(*, edition) -> dict:
    """The programme figures of the results report: ``main_forum_events`` (the events held as
    part of the main forum) and ``supporting_events`` (the supporting conferences), then the
    number of events of each kind (``by_kind``). One query."""
    rows = Event.objects.filter(edition=edition).values("kind", "parent__kind").annotate(n=Count("pk")).order_by()
    by_kind = dict.fromkeys(EventKind.values, 0)
    main_forum_events = 0
    for row in rows:
        by_kind[row["kind"]] += row["n"]
        if row["parent__kind"] == EventKind.MAIN_FORUM:
            main_forum_events += row["n"]
    return {
        "main_forum_events": main_forum_events,
        "supporting_events": by_kind[EventKind.SUPPORTING_CONFERENCE],
        "by_kind": by_kind,
    }


def registrations_waiting(*, edition) -> int:
    """Registrations of an edition's events on a waiting list."""
    return Registration.objects.filter(event__edition=edition, status=RegistrationStatus.WAITLISTED).count()


def staff_registrations(*, edition, q: str = "", status: str = "", kind: str = "", event_id=None) -> QuerySet:
    """An edition's registrations for the organizers' search: by the attendee's name,
    organization or badge code, the status, the attendee's kind and the event. One query."""
    rows = Registration.objects.filter(event__edition=edition).select_related("attendee", "event")
    if q:
        rows = rows.filter(
            Q(attendee__name__icontains=q) | Q(attendee__organization__icontains=q) | Q(attendee__code__iexact=q)
        )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(attendee__kind=kind)
    if event_id:
        rows = rows.filter(event_id=event_id)
    return rows.order_by("-created_at", "-pk")
