"""The organizers' search of attendees and registrations: who may open it, the search, and a
constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.enums import RegistrationStatus
from events.models import Registration
from expo.enums import Office
from tests.factories import AttendeeFactory, EditionFactory, EventFactory, MemberUnitUserFactory, OrganizerFactory

pytestmark = pytest.mark.django_db
URL = "/staff/check-in/registrations/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def event(db):
    return EventFactory(edition=EditionFactory(number=14, year=2027, is_current=True), title_en="Opening Forum")


def register(event, name, status=RegistrationStatus.CONFIRMED, **fields):
    attendee = AttendeeFactory(edition=event.edition, name=name, **fields)
    return Registration.objects.create(event=event, attendee=attendee, status=status)


def test_the_secretariat_and_protocol_office_search_nobody_else(client, event):
    for office, status in ((Office.SECRETARIAT, 200), (Office.PROTOCOL, 200), (Office.EXHIBITION, 403)):
        client.force_login(OrganizerFactory(offices=[office]))
        assert client.get(URL).status_code == status, office
    client.force_login(MemberUnitUserFactory())
    assert client.get(URL).status_code == 403


def test_search_by_name_organization_code_and_status(client, event):
    kim = register(event, "Kim Min-jun", organization="Hanil Trading")
    register(event, "Sato Yuki", status=RegistrationStatus.WAITLISTED)
    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT]))

    page = client.get(URL, {"q": "hanil"}, **EN).content.decode()
    assert "Kim Min-jun" in page
    assert "Sato Yuki" not in page
    assert "Kim Min-jun" in client.get(URL, {"q": kim.attendee.code}, **EN).content.decode()
    page = client.get(URL, {"status": "waitlisted"}, **EN).content.decode()
    assert "Sato Yuki" in page
    assert "Kim Min-jun" not in page


def test_the_search_runs_the_same_queries_for_1_and_20(client, event):
    register(event, "Attendee 0")
    client.force_login(OrganizerFactory(offices=[Office.PROTOCOL]))
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    for n in range(1, 20):
        register(event, f"Attendee {n}")
    with CaptureQueriesContext(connection) as many:
        assert "Attendee 19" in client.get(URL).content.decode()
    assert len(many) == len(one)


def test_the_filters_answer_htmx_with_the_table_alone(client, event):
    register(event, "Kim Min-jun")
    register(event, "Sato Yuki", status=RegistrationStatus.WAITLISTED)
    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT]))

    response = client.get(URL, {"status": "waitlisted"}, HTTP_HX_REQUEST="true", **EN)

    html = response.content.decode()
    assert "<html" not in html
    assert 'role="search"' not in html
    assert "Sato Yuki" in html
    assert "Kim Min-jun" not in html
    assert "HX-Request" in response["Vary"]
    page = client.get(URL, {"status": "waitlisted"}, **EN)
    assert "<html" in page.content.decode()
    assert 'hx-get="/staff/check-in/registrations/"' in page.content.decode()
    assert "HX-Request" in page["Vary"]


def test_an_attendees_name_reads_in_each_readers_order(client, event):
    register(event, "王磊", organization="大连北方商贸有限公司")
    client.force_login(OrganizerFactory(offices=[Office.SECRETARIAT], first_name="Anna", last_name="Lee"))

    chinese = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<span data-user-content lang="zh-Hans">王磊</span>' in chinese
    assert "Lei Wang" not in chinese
    assert "<span data-user-content>Lei Wang</span>" in english
    assert "王磊" not in english
    # The organization, written in Chinese only, is marked as user data on the English page.
    assert '<div class="muted small" data-user-content>大连北方商贸有限公司</div>' in english
