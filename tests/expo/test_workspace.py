"""Each role lands on its work after the login, and the navigation offers only what the
user's offices may open; the organizer's queues run a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.enums import ApplicationStatus
from exhibitors.services import hold_booth
from expo.enums import Office
from tests.factories import (
    TEST_PASSWORD,
    BoothFactory,
    EditionFactory,
    ExhibitorFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    PavilionFactory,
    exhibitor_user,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def edition(db):
    return EditionFactory(number=14, year=2027, is_current=True)


def login_lands_on(client, user) -> str:
    response = client.post("/accounts/login/", {"username": user.username, "password": TEST_PASSWORD})
    assert response["Location"] == "/workspace/"
    return client.get("/workspace/")["Location"]


def test_each_role_lands_on_its_work(client, edition):
    # An organizer passes the second step first, which then goes on to the workspace.
    assert login_lands_on(client, OrganizerFactory(offices=[Office.PROTOCOL])).endswith("?next=%2Fworkspace%2F")
    client.logout()
    assert login_lands_on(client, MemberUnitUserFactory()) == "/portal/"
    client.logout()
    assert login_lands_on(client, exhibitor_user(exhibitor=ExhibitorFactory())) == "/exhibitor/"


def test_the_workspace_sends_a_verified_organizer_to_the_queues(client, edition):
    client.force_login(OrganizerFactory(offices=[Office.PROTOCOL]))
    assert client.get("/workspace/")["Location"] == "/staff/"


def nav_of(client) -> str:
    page = client.get("/staff/", **EN).content.decode()
    return page[page.index('<nav class="nav"') : page.index("</nav>")]


def test_protocol_staff_see_no_executive_committee_and_the_secretariat_sees_its_matrix(client, edition):
    client.force_login(OrganizerFactory(offices=[Office.PROTOCOL]))
    nav = nav_of(client)
    assert "Executive committee" not in nav
    assert "Booth applications" not in nav
    assert 'href="/staff/protocol/delegations/"' in nav
    page = client.get("/staff/", **EN).content.decode()
    assert "/staff/committee/" not in page  # no link that answers 403
    assert client.get("/staff/committee/").status_code == 403

    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT]))
    nav = nav_of(client)
    assert 'href="/staff/committee/"' in nav
    assert "Protocol" not in nav
    assert client.get("/staff/committee/").status_code == 200


def test_every_link_of_each_offices_navigation_opens(client, edition):
    for office in Office.values:
        client.force_login(OrganizerFactory(offices=[office]))
        nav = nav_of(client)
        for href in [part.split('"')[0] for part in nav.split('href="')[1:]]:
            assert client.get(href).status_code in (200, 302), (office, href)


def test_the_exhibition_office_sees_its_queue(client, edition):
    pavilion = PavilionFactory(edition=edition)
    for n in range(3):
        hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion, code=f"Q{n}"))
    client.force_login(OrganizerFactory(offices=[Office.EXHIBITION]))

    page = client.get("/staff/", **EN).content.decode()

    assert '<span class="queue__count">3</span> <span class="queue__label">Booth applications to decide</span>' in page
    assert "Progress reports to review" not in page  # the secretariat's


def test_the_queues_run_the_same_queries_for_1_and_20_records(client, edition):
    pavilion = PavilionFactory(edition=edition)
    hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion, code="Q0"))
    user = OrganizerFactory(offices=list(Office.values))
    client.force_login(user)
    client.get("/staff/")
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/")
    for n in range(1, 20):
        hold_booth(exhibitor=ExhibitorFactory(), booth=BoothFactory(pavilion=pavilion, code=f"Q{n}"))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/staff/", **EN).content.decode()
    assert len(many) == len(one)
    assert '<span class="queue__count">20</span>' in page


def test_a_member_unit_sees_what_is_due_returned_and_overdue(client, edition):
    user = MemberUnitUserFactory()
    client.force_login(user)
    page = client.get("/portal/", **EN).content.decode()
    assert "Your work" in page
    assert "Returned for changes" in page


def test_an_exhibitor_is_told_the_next_step(client, edition):
    pavilion = PavilionFactory(edition=edition)
    exhibitor = ExhibitorFactory(description="", contact_phone="")
    client.force_login(exhibitor_user(exhibitor=exhibitor))
    page = client.get("/exhibitor/", **EN).content.decode()
    assert "Your next step" in page
    assert "Complete your company profile; it is missing: a description, a contact phone, a logo." in page
    assert "Book a booth: choose it on a pavilion" in page

    application = hold_booth(exhibitor=exhibitor, booth=BoothFactory(pavilion=pavilion, code="N1"))
    assert application.status == ApplicationStatus.HELD
    page = client.get("/exhibitor/", **EN).content.decode()
    assert "Your hold on booth N1 ends on" in page
