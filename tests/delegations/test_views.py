import pytest

from delegations.enums import Direction
from delegations.letters import invitation_letter_document, invitation_letter_pdf
from tests.delegations.factories import (
    DelegateFactory,
    DelegationFactory,
    EventAttendanceFactory,
    HotelStayFactory,
    TravelFactory,
    at,
)
from tests.factories import EventFactory, MemberUnitFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


def _crowd(edition, count):
    """``count`` delegates, each arriving and leaving on the 22nd with a hotel room and two
    clashing events, from ``count`` delegations."""
    forum = EventFactory(edition=edition, starts_at=at(22, 15), ends_at=at(22, 17))
    dinner = EventFactory(edition=edition, starts_at=at(22, 16), ends_at=at(22, 18))
    for n in range(count):
        delegation = DelegationFactory(
            edition=edition,
            origin_kind="central",
            country="",
            institution_en=f"Ministry {n}",
            host_unit=MemberUnitFactory(),
        )
        delegate = DelegateFactory(delegation=delegation)
        TravelFactory(delegate=delegate, at=at(22, 8 + n % 5))
        TravelFactory(delegate=delegate, direction=Direction.DEPARTURE, at=at(22, 20))
        HotelStayFactory(delegate=delegate)
        EventAttendanceFactory(delegate=delegate, event=forum)
        EventAttendanceFactory(delegate=delegate, event=dinner)


@pytest.mark.parametrize("item_count", [1, 30])
def test_protocol_desk_runs_constant_queries(client, edition13, protocol_user, item_count, django_assert_num_queries):
    _crowd(edition13, item_count)
    client.force_login(protocol_user)

    # session, user, office groups, edition, the day's travel, hotels, bookings, arrivals, access log, activity log
    with django_assert_num_queries(10):
        response = client.get("/staff/protocol/?day=2021-09-22")

    assert response.status_code == 200
    assert len(response.context["arrivals"]) == item_count
    assert len(response.context["warnings"]) == item_count


def test_protocol_desk_lists_arrivals_in_time_order_with_pickups_and_warnings(client, edition13, protocol_user):
    delegation = DelegationFactory(edition=edition13, country="MN")
    later = TravelFactory(
        delegate__delegation=delegation, delegate__name_latin="Dorj Batbayar", at=at(22, 17, 5), number="OM 2107"
    )
    earlier = TravelFactory(
        delegate__delegation=delegation, delegate__name_latin="Bold Enkhtuya", at=at(22, 9, 40), pickup_needed=False
    )
    forum = EventFactory(edition=edition13, title_en="Roundtable", starts_at=at(22, 15), ends_at=at(22, 17))
    EventAttendanceFactory(delegate=later.delegate, event=forum)
    client.force_login(protocol_user)

    response = client.get("/staff/protocol/?day=2021-09-22")

    content = response.content.decode()
    assert response.context["arrivals"] == [earlier, later]
    arrivals = content[content.index('id="arrivals"') :]
    assert arrivals.index("09:40") < arrivals.index("17:05")
    assert "OM 2107" in content
    assert "Dorj Batbayar" in content
    assert "arrives at 09-22 17:05 (OM 2107), after Roundtable starts at 09-22 15:00" in content


def test_protocol_desk_shows_the_first_day_of_the_expo_by_default(client, edition13, protocol_user):
    client.force_login(protocol_user)

    response = client.get("/staff/protocol/")

    assert response.context["day"].isoformat() == "2021-09-23"


def test_protocol_desk_with_a_bad_day_says_so(client, edition13, protocol_user):
    client.force_login(protocol_user)

    response = client.get("/staff/protocol/?day=yesterday")

    assert response.status_code == 200
    assert "The day must be written as YYYY-MM-DD" in response.content.decode()


def test_protocol_desk_is_open_to_organizers_of_other_offices(client, edition13):
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    assert client.get("/staff/protocol/?day=2021-09-22").status_code == 200


def _pages(**kwargs) -> int:
    return len(invitation_letter_document(**kwargs).pages)


def test_invitation_letter_is_a_pdf_of_two_pages(edition13):
    delegation = DelegationFactory(edition=edition13, country="RU", host_unit=MemberUnitFactory())
    DelegateFactory(
        delegation=delegation, is_head=True, gender="male", name_latin="Aleksey Orlov", name_original="Алексей Орлов"
    )

    pdf = invitation_letter_pdf(delegation=delegation)

    assert pdf.startswith(b"%PDF")
    assert _pages(delegation=delegation) == 2


def test_invitation_letter_in_one_language_is_one_page(edition13):
    delegation = DelegationFactory(edition=edition13, origin_kind="provincial", country="", province="Liaoning")

    pdf = invitation_letter_pdf(delegation=delegation, languages=("zh-hans",))

    assert pdf.startswith(b"%PDF")
    assert _pages(delegation=delegation, languages=("zh-hans",)) == 1


def test_invitation_letter_view_answers_a_pdf_to_organizers(client, edition13, protocol_user):
    delegation = DelegationFactory(edition=edition13)
    client.force_login(protocol_user)

    response = client.get(f"/staff/protocol/delegations/{delegation.pk}/letter.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_invitation_letter_view_refuses_a_member_unit_user(client, edition13):
    from tests.factories import MemberUnitUserFactory

    delegation = DelegationFactory(edition=edition13)
    client.force_login(MemberUnitUserFactory())

    assert client.get(f"/staff/protocol/delegations/{delegation.pk}/letter.pdf").status_code == 403
