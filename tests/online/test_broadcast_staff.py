"""The exhibition office's page of live broadcasts: approve, or reject with a reason the
exhibitor reads; only the exhibition office (and superusers); every decision logged."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exhibitors.enums import BroadcastStatus, ExhibitionAction
from exhibitors.models import LiveBroadcast
from expo.models import ActivityLog
from tests.factories import (
    ExhibitorFactory,
    OrganizerFactory,
    ParticipationFactory,
    UserFactory,
    exhibitor_user,
)
from tests.online.conftest import EN, ZH

pytestmark = pytest.mark.django_db

URL = "/staff/exhibition/broadcasts/"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def broadcast(hall, exhibitor=None, title="Hongqi live", hours=2):
    start = timezone.now() + datetime.timedelta(hours=hours)
    return LiveBroadcast.objects.create(
        exhibitor=exhibitor or hall.faw,
        edition=hall.edition,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        stream_url="https://live.example.cn/hongqi",
    )


@pytest.fixture
def office(db):
    return OrganizerFactory(offices=["exhibition"])


@pytest.mark.parametrize("who", ["anonymous", "visitor", "exhibitor", "protocol", "investment", "inactive"])
def test_only_the_exhibition_office_sees_and_decides(hall, who):
    item = broadcast(hall)
    users = {
        "visitor": UserFactory(),
        "exhibitor": exhibitor_user(exhibitor=hall.faw),
        "protocol": OrganizerFactory(offices=["protocol"]),
        "investment": OrganizerFactory(offices=["investment"]),
        "inactive": OrganizerFactory(offices=["exhibition"], is_active=False),
    }
    client = Client() if who == "anonymous" else client_of(users[who])
    assert client.get(URL).status_code in (302, 403)
    response = client.post(f"{URL}{item.pk}/decide/", {"decision": "approve"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    item.refresh_from_db()
    assert item.status == BroadcastStatus.PROPOSED
    assert not ActivityLog.objects.filter(action=ExhibitionAction.BROADCAST_DECIDE).exists()


def test_list_shows_what_waits_in_the_users_language(hall, office):
    waiting = broadcast(hall)
    broadcast(hall, title="Already approved").__class__.objects.filter(title="Already approved").update(
        status=BroadcastStatus.APPROVED
    )
    client = client_of(office)
    response = client.get(URL, **EN)
    assert response.status_code == 200
    assert [b.pk for b in response.context["page"].object_list] == [waiting.pk]
    body = response.content.decode()
    assert "1 broadcast waits for a decision" in body
    assert "Already approved" not in body
    assert "Already approved" in client.get(URL + "?status=all", **EN).content.decode()
    assert "等待审批" in client.get(URL, **ZH).content.decode()


def test_approve_then_visitors_see_it_and_the_decision_is_logged(hall, office):
    item = broadcast(hall, hours=-0.5)
    client = client_of(office)
    response = client.post(f"{URL}{item.pk}/decide/", {"decision": "approve"}, **EN)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decision_reason) == (BroadcastStatus.APPROVED, office, "")
    assert "Approved: Hongqi live" in client.get(URL, **EN).content.decode()
    assert [b.title for b in Client().get("/online/live/", **EN).context["now"]] == ["Hongqi live"]
    row = ActivityLog.objects.get(action=ExhibitionAction.BROADCAST_DECIDE)
    assert (row.actor, row.object_id, row.changes) == (office, str(item.pk), {"status": ["proposed", "approved"]})


def test_reject_needs_a_reason_which_the_exhibitor_reads(hall, office):
    item = broadcast(hall)
    client = client_of(office)
    client.post(f"{URL}{item.pk}/decide/", {"decision": "reject", "reason": "   "}, **EN)
    item.refresh_from_db()
    assert item.status == BroadcastStatus.PROPOSED
    assert "Say why the broadcast is rejected" in client.get(URL, **EN).content.decode()
    client.post(f"{URL}{item.pk}/decide/", {"decision": "reject", "reason": "The link  does not\nopen."}, **EN)
    item.refresh_from_db()
    assert (item.status, item.decision_reason) == (BroadcastStatus.REJECTED, "The link does not open.")
    row = ActivityLog.objects.get(action=ExhibitionAction.BROADCAST_DECIDE)
    assert row.details["reason"] == "The link does not open."
    portal = client_of(exhibitor_user(exhibitor=hall.faw)).get("/exhibitor/broadcasts/", **EN).content.decode()
    assert "The link does not open." in portal
    assert "Hongqi live" not in Client().get("/online/live/", **EN).content.decode()


def test_a_decided_broadcast_is_not_decided_again(hall, office):
    item = broadcast(hall)
    client = client_of(office)
    client.post(f"{URL}{item.pk}/decide/", {"decision": "approve"})
    client.post(f"{URL}{item.pk}/decide/", {"decision": "reject", "reason": "Changed my mind"}, **EN)
    item.refresh_from_db()
    assert item.status == BroadcastStatus.APPROVED
    assert ActivityLog.objects.filter(action=ExhibitionAction.BROADCAST_DECIDE).count() == 1
    assert "This broadcast was already decided." in client.get(URL, **EN).content.decode()


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}, {"decision": ["approve", "reject"]}])
def test_a_forged_decision_changes_nothing(hall, office, data):
    item = broadcast(hall)
    response = client_of(office).post(f"{URL}{item.pk}/decide/", data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == BroadcastStatus.PROPOSED


def test_get_does_not_decide_and_unknown_broadcast_is_404(hall, office):
    client = client_of(office)
    item = broadcast(hall)
    assert client.get(f"{URL}{item.pk}/decide/?decision=approve").status_code == 405
    assert client.post(f"{URL}999999/decide/", {"decision": "approve"}).status_code == 404
    assert LiveBroadcast.objects.get().status == BroadcastStatus.PROPOSED


def test_superuser_decides_too(hall):
    item = broadcast(hall)
    client_of(OrganizerFactory(is_superuser=True)).post(f"{URL}{item.pk}/decide/", {"decision": "approve"})
    assert LiveBroadcast.objects.get(pk=item.pk).status == BroadcastStatus.APPROVED


@pytest.mark.parametrize("count", [1, 25])
def test_list_query_count_is_constant(hall, office, count):
    for n in range(count):
        exhibitor = ExhibitorFactory()
        ParticipationFactory(exhibitor=exhibitor, edition=hall.edition, mode="online")
        broadcast(hall, exhibitor=exhibitor, title=f"Show {n}", hours=n + 1)
    client = client_of(office)
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    # session, user, the user's offices, the waiting count, the page's count and rows (the
    # edition is kept by the process: expo.edition_memo): the same for 1 and 25 broadcasts
    assert len(queries) == 6, [q["sql"][:80] for q in queries]
