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

    # session, user, office groups, edition, travel figures, hotel figures, arrivals page,
    # departures page, warnings count, warnings page, their delegates and events (their
    # arrivals when one is late: none here), access log, activity log
    with django_assert_num_queries(14):
        response = client.get("/staff/protocol/?day=2021-09-22")

    assert response.status_code == 200
    assert response.context["arrivals_count"] == item_count
    assert response.context["warnings_count"] == item_count


@pytest.mark.parametrize("item_count", [3, 60])
def test_protocol_desk_renders_a_bounded_page_whatever_the_edition(
    client, edition13, protocol_user, item_count, django_assert_max_num_queries
):
    """The same queries and at most a page of rows at 3 and at 60 delegates, with a hotel's
    guest list open: the figures are counted, the lists paged."""
    _crowd(edition13, item_count)
    client.force_login(protocol_user)

    with django_assert_max_num_queries(16):
        response = client.get("/staff/protocol/?day=2021-09-22&hotel=Nanhu+Hotel")

    content = response.content.decode()
    assert content.count("desk-time") == min(item_count, 25) * 2  # arrivals and departures, a page each
    assert content.count('class="warning ') == min(item_count, 20)
    assert response.context["guests_page"].count == item_count
    assert len(response.context["guests_page"].items) == min(item_count, 50)
    assert f"<dd>{item_count}</dd>" in content  # the figures count everyone


def test_protocol_desk_pages_through_arrivals_warnings_and_guests(client, edition13, protocol_user):
    _crowd(edition13, 60)
    client.force_login(protocol_user)

    first = client.get("/staff/protocol/?day=2021-09-22&hotel=Nanhu+Hotel")
    assert "?day=2021-09-22&amp;hotel=Nanhu+Hotel&amp;arrivals=2#arrivals" in first.content.decode()
    last = client.get("/staff/protocol/?day=2021-09-22&hotel=Nanhu+Hotel&arrivals=3&warnings=3&guests=2")

    assert [len(last.context[name]) for name in ("arrivals", "departures", "warnings")] == [10, 25, 20]
    assert len(last.context["guests_page"].items) == 10
    shown = {t.pk for t in first.context["arrivals"]} | {t.pk for t in last.context["arrivals"]}
    assert len(shown) == 35
    # A page past the end shows the last one; a page that is not a number, the first.
    assert client.get("/staff/protocol/?day=2021-09-22&arrivals=99").context["arrivals_page"].number == 3
    assert client.get("/staff/protocol/?day=2021-09-22&arrivals=x").context["arrivals_page"].number == 1


def test_protocol_desk_opens_a_hotels_guest_list_on_demand(client, edition13, protocol_user):
    _crowd(edition13, 2)
    client.force_login(protocol_user)

    closed = client.get("/staff/protocol/?day=2021-09-22").content.decode()
    opened = client.get("/staff/protocol/?day=2021-09-22&hotel=Nanhu+Hotel").content.decode()
    unknown = client.get("/staff/protocol/?day=2021-09-22&hotel=Nowhere")

    assert 'id="guests"' not in closed
    assert 'href="?day=2021-09-22&amp;hotel=Nanhu+Hotel#guests"' in closed
    assert 'id="guests"' in opened
    assert "Nanhu Hotel: the guest list (2 guests)" in opened
    assert unknown.status_code == 200
    assert unknown.context["hotel"] is None


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
    assert response.context["arrivals_count"] == 2
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
