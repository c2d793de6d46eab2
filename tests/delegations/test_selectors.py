import datetime

import pytest

from delegations.enums import Direction, OriginKind, Rank
from delegations.selectors import leaders_summary, protocol_desk, schedule_warnings, warnings_page
from tests.delegations.factories import (
    DelegateFactory,
    DelegationFactory,
    EventAttendanceFactory,
    HotelStayFactory,
    TravelFactory,
    at,
)
from tests.factories import EditionFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_leaders_summary_counts_rank_four_but_not_rank_five(edition13):
    russia = DelegationFactory(edition=edition13, country="RU")
    DelegateFactory(delegation=russia, rank=Rank.VICE_MINISTERIAL, attended=True)
    DelegateFactory(delegation=russia, rank=Rank.DEPARTMENT, attended=True)

    summary = leaders_summary(edition=edition13)

    assert summary["foreign"] == {"leaders": 1, "countries_regions": 1}


def test_leaders_summary_leaves_out_leaders_who_did_not_attend(edition13):
    japan = DelegationFactory(edition=edition13, country="JP")
    DelegateFactory(delegation=japan, rank=Rank.STATE_LEADER, attended=False)
    DelegateFactory(delegation=japan, rank=Rank.MINISTERIAL, attended=False)

    assert leaders_summary(edition=edition13)["foreign"] == {"leaders": 0, "countries_regions": 0}


def test_leaders_summary_counts_an_origin_that_sent_only_lower_ranks(edition13):
    ministry = DelegationFactory(
        edition=edition13, origin_kind=OriginKind.CENTRAL, country="", institution_en="Ministry of Transport"
    )
    DelegateFactory(delegation=ministry, rank=Rank.DEPARTMENT, attended=True)
    commerce = DelegationFactory(
        edition=edition13, origin_kind=OriginKind.CENTRAL, country="", institution_en="Ministry of Commerce"
    )
    DelegateFactory(delegation=commerce, rank=Rank.VICE_MINISTERIAL, attended=True)
    DelegateFactory(delegation=commerce, rank=Rank.MINISTERIAL, attended=True)

    assert leaders_summary(edition=edition13)["central"] == {"leaders": 2, "institutions": 2}


def test_leaders_summary_is_exactly_the_contract_and_per_edition(edition13, django_assert_num_queries):
    other_edition = EditionFactory(number=12, year=2019)
    liaoning = DelegationFactory(edition=edition13, origin_kind=OriginKind.PROVINCIAL, country="", province="Liaoning")
    DelegateFactory.create_batch(2, delegation=liaoning, rank=Rank.VICE_MINISTERIAL)
    DelegateFactory(delegation=DelegationFactory(edition=other_edition, country="KR"), rank=Rank.MINISTERIAL)

    with django_assert_num_queries(1):
        summary = leaders_summary(edition=edition13)

    assert summary == {
        "foreign": {"leaders": 0, "countries_regions": 0},
        "central": {"leaders": 0, "institutions": 0},
        "provincial": {"leaders": 2, "provinces": 1},
    }


def test_schedule_warnings_find_overlapping_events(edition13):
    delegate = DelegateFactory(delegation__edition=edition13, name_latin="Olga Orlova")
    forum = EventFactory(edition=edition13, starts_at=at(23, 14), ends_at=at(23, 17))
    conference = EventFactory(edition=edition13, starts_at=at(23, 16), ends_at=at(23, 18))
    evening = EventFactory(edition=edition13, starts_at=at(23, 18), ends_at=at(23, 20))
    for event in (forum, conference, evening):
        EventAttendanceFactory(delegate=delegate, event=event)

    warnings = schedule_warnings(edition=edition13)

    assert [(w.kind, w.event, w.other_event) for w in warnings] == [("overlap", forum, conference)]


def test_schedule_warnings_find_an_arrival_after_the_start_of_a_booked_event(edition13):
    delegate = DelegateFactory(delegation__edition=edition13)
    TravelFactory(delegate=delegate, at=at(23, 10, 40))
    forum = EventFactory(edition=edition13, starts_at=at(23, 9, 30), ends_at=at(23, 12))
    afternoon = EventFactory(edition=edition13, starts_at=at(23, 14), ends_at=at(23, 16))
    EventAttendanceFactory(delegate=delegate, event=forum)
    EventAttendanceFactory(delegate=delegate, event=afternoon)

    warnings = schedule_warnings(edition=edition13)

    assert [(w.kind, w.event) for w in warnings] == [("late_arrival", forum)]


def test_protocol_desk_orders_the_days_travel_and_counts_the_night(edition13):
    delegation = DelegationFactory(edition=edition13)
    late = TravelFactory(delegate__delegation=delegation, at=at(22, 18))
    early = TravelFactory(delegate__delegation=delegation, at=at(22, 8), pickup_needed=False)
    leaving = TravelFactory(delegate__delegation=delegation, direction=Direction.DEPARTURE, at=at(22, 12))
    TravelFactory(delegate__delegation=delegation, at=at(23, 9))
    HotelStayFactory(delegate=late.delegate, check_in=datetime.date(2021, 9, 22))
    HotelStayFactory(delegate=early.delegate, hotel="Shangri-La", check_in=datetime.date(2021, 9, 21))
    HotelStayFactory(
        delegate=leaving.delegate, check_in=datetime.date(2021, 9, 20), check_out=datetime.date(2021, 9, 22)
    )

    desk = protocol_desk(edition=edition13, day=datetime.date(2021, 9, 22))

    assert desk["arrivals"] == [early, late]
    assert desk["departures"] == [leaving]
    assert desk["pickups"] == 2
    assert [(h["hotel"], h["guests"]) for h in desk["hotels"]] == [("Nanhu Hotel", 1), ("Shangri-La", 1)]
    assert desk["hotel"] is None
    assert desk["guests_page"] is None
    opened = protocol_desk(edition=edition13, day=datetime.date(2021, 9, 22), hotel="Nanhu Hotel")
    assert opened["guests_page"].items[0].nights == 3


def test_the_desks_paged_warnings_are_those_of_schedule_warnings_in_the_same_order(edition13):
    """The SQL of the desk's warnings finds what the Python of ``schedule_warnings`` finds:
    overlaps (equal starts included), late arrivals after the first arrival, none twice."""
    events = [
        EventFactory(edition=edition13, starts_at=at(23, 9), ends_at=at(23, 12)),
        EventFactory(edition=edition13, starts_at=at(23, 9), ends_at=at(23, 10)),
        EventFactory(edition=edition13, starts_at=at(23, 11), ends_at=at(23, 13)),
        EventFactory(edition=edition13, starts_at=at(23, 13), ends_at=at(23, 14)),
        EventFactory(edition=edition13, starts_at=at(24, 8), ends_at=at(24, 9)),
    ]
    for n in range(4):
        delegate = DelegateFactory(delegation__edition=edition13)
        TravelFactory(delegate=delegate, at=at(23, 10 + n))
        TravelFactory(delegate=delegate, at=at(22, 10 + n)) if n % 2 else None
        for event in events[n % 2 :]:
            EventAttendanceFactory(delegate=delegate, event=event)
    expected = [
        (w.kind, w.delegate.pk, w.at, w.event.pk, getattr(w.other_event, "pk", None))
        for w in schedule_warnings(edition=edition13)
    ]

    found = []
    for number in (1, 2, 3):
        page = warnings_page(edition=edition13, page=number, size=4)
        found += [(w.kind, w.delegate.pk, w.at, w.event.pk, getattr(w.other_event, "pk", None)) for w in page.items]

    assert page.count == len(expected) > 8
    assert sorted(found) == sorted(expected)
    assert [w[2] for w in found] == sorted(w[2] for w in found)
