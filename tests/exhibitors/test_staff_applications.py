"""The exhibition office's booth applications page: who may open it, the filters, the
decisions one by one and in bulk through the exhibition's services (all or none), the reason
the exhibitor reads, and a constant number of queries."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication
from exhibitors.services import hold_booth
from expo.enums import Office
from expo.models import ActivityLog
from tests.factories import BoothFactory, ExhibitorFactory, MemberUnitUserFactory, OrganizerFactory, exhibitor_user

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/staff/exhibition/applications/"


@pytest.fixture
def office_client(client):
    client.force_login(OrganizerFactory(username="booths", offices=[Office.EXHIBITION]))
    return client


def held(pavilion, code, name="Jilin Auto Parts Co."):
    exhibitor = ExhibitorFactory(name=name, name_en=name)
    return hold_booth(exhibitor=exhibitor, booth=BoothFactory(pavilion=pavilion, code=code))


def test_only_the_exhibition_office_opens_the_applications(client, pavilion):
    application = held(pavilion, "A001")
    pages = [URL, f"{URL}{application.pk}/"]
    for url in pages:
        assert client.get(url).status_code == 302  # to the login page
    for user in (
        OrganizerFactory(username="protocol-only", offices=[Office.PROTOCOL]),
        MemberUnitUserFactory(),
        exhibitor_user(exhibitor=application.exhibitor),
    ):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 403, (user, url)
        assert client.post(f"{URL}{application.pk}/", {"action": "confirm"}).status_code == 403
        assert client.post(URL, {"action": "confirm", "ids": [application.pk]}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HELD


def test_the_list_filters_by_status_pavilion_and_name(office_client, pavilion):
    held(pavilion, "A001", "Changchun Optics")
    other = held(pavilion, "A002", "Harbin Tractors")
    BoothApplication.objects.filter(pk=other.pk).update(status=ApplicationStatus.CONFIRMED)

    page = office_client.get(URL, {"status": "held"}, **EN).content.decode()
    assert "Changchun Optics" in page
    assert "Harbin Tractors" not in page
    page = office_client.get(URL, {"q": "harbin"}, **EN).content.decode()
    assert "Harbin Tractors" in page
    assert "Changchun Optics" not in page
    page = office_client.get(URL, {"q": "A001"}, **EN).content.decode()
    assert "Changchun Optics" in page
    assert "Harbin Tractors" not in page
    page = office_client.get(URL, {"pavilion": pavilion.pk, "status": "rejected"}, **EN).content.decode()
    assert "No application matches these filters." in page


def test_confirming_one_goes_through_the_service(office_client, pavilion):
    application = held(pavilion, "A001")

    response = office_client.post(f"{URL}{application.pk}/", {"action": "confirm"}, **EN)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED
    assert application.confirmed_by.username == "booths"
    assert ActivityLog.objects.filter(action="booth_confirm", object_id=str(application.pk)).exists()


def test_rejecting_needs_a_reason_that_the_exhibitor_reads(
    office_client, client, pavilion, eager_tasks, django_capture_on_commit_callbacks
):
    application = held(pavilion, "A001")

    response = office_client.post(f"{URL}{application.pk}/", {"action": "reject", "reason": ""}, **EN)
    assert response.status_code == 200
    assert "Please correct the following:" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HELD

    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(
            f"{URL}{application.pk}/", {"action": "reject", "reason": "The pavilion is for automobiles only."}, **EN
        )
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == (
        ApplicationStatus.REJECTED,
        "The pavilion is for automobiles only.",
    )
    assert len(mail.outbox) == 1

    client.force_login(exhibitor_user(exhibitor=application.exhibitor))
    for portal in ("/exhibitor/", "/exhibitor/applications/"):
        assert "The pavilion is for automobiles only." in client.get(portal, **EN).content.decode()


def test_bulk_decisions_are_all_or_none(office_client, pavilion):
    first, second = held(pavilion, "A001", "First Co."), held(pavilion, "A002", "Second Co.")
    confirmed = held(pavilion, "A003", "Third Co.")
    BoothApplication.objects.filter(pk=confirmed.pk).update(status=ApplicationStatus.CONFIRMED)

    # A confirmed application among them: refused, and nothing is rejected.
    response = office_client.post(
        URL, {"action": "reject", "reason": "Full.", "ids": [first.pk, second.pk, confirmed.pk]}, follow=True, **EN
    )
    assert "Nothing was changed." in response.content.decode()
    assert set(BoothApplication.objects.values_list("status", flat=True)) == {"held", "confirmed"}

    # Without a reason, nothing is rejected either.
    office_client.post(URL, {"action": "reject", "reason": "", "ids": [first.pk, second.pk]}, **EN)
    assert BoothApplication.objects.filter(status="rejected").count() == 0

    response = office_client.post(
        URL, {"action": "confirm", "ids": [first.pk, second.pk], "query": "status=held"}, **EN
    )
    assert response["Location"] == f"{URL}?status=held"
    assert BoothApplication.objects.filter(status="confirmed").count() == 3


def test_the_list_runs_the_same_queries_for_1_and_20_applications(office_client, pavilion):
    held(pavilion, "A000")
    office_client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert office_client.get(URL).status_code == 200
    for n in range(1, 20):
        held(pavilion, f"A{n:03d}", f"Company {n}")
    with CaptureQueriesContext(connection) as many:
        assert office_client.get(URL).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_the_filters_answer_htmx_with_the_table_alone(office_client, pavilion):
    held(pavilion, "A001", "Changchun Optics")
    held(pavilion, "A002", "Harbin Tractors")

    response = office_client.get(URL, {"q": "harbin"}, HTTP_HX_REQUEST="true", **EN)

    html = response.content.decode()
    assert "<html" not in html
    assert 'role="search"' not in html
    assert "Harbin Tractors" in html
    assert "Changchun Optics" not in html
    assert 'name="query" value="q=harbin"' in html  # the bulk decision comes back to these filters
    assert "HX-Request" in response["Vary"]
    page = office_client.get(URL, {"q": "harbin"}, **EN)
    assert "<html" in page.content.decode()
    assert 'hx-get="/staff/exhibition/applications/"' in page.content.decode()
