"""Live broadcasts: exhibitors schedule, organizers approve, visitors see live now and next."""

import datetime

import pytest
from django.utils import timezone

from exhibitors import online_services as services
from exhibitors.enums import BroadcastStatus
from exhibitors.models import LiveBroadcast
from tests.factories import ExhibitorFactory, OrganizerFactory, ParticipationFactory, exhibitor_user
from tests.online.conftest import EN

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_exhibitor_schedules_a_broadcast_that_waits_for_approval(hall, client):
    client.force_login(exhibitor_user(exhibitor=hall.faw))
    start = timezone.now() + datetime.timedelta(hours=2)
    response = client.post(
        "/exhibitor/broadcasts/",
        {
            "title": "Hongqi live",
            "starts_at": local(start),
            "ends_at": local(start + datetime.timedelta(hours=1)),
            "stream_url": "https://live.example.cn/hongqi",
        },
    )
    assert response.status_code == 302
    broadcast = LiveBroadcast.objects.get()
    assert (broadcast.exhibitor, broadcast.edition, broadcast.status) == (hall.faw, hall.edition, "proposed")
    assert "Hongqi live" not in client.get("/online/live/", **EN).content.decode()


@pytest.mark.parametrize(
    ("hours", "url", "message"),
    [
        (-1, "https://live.example.cn/x", "A broadcast ends after it starts."),
        (13, "https://live.example.cn/x", "A broadcast lasts at most 12 hours."),
        (1, "http://live.example.cn/x", "The link to the stream must start with https://."),
    ],
)
def test_bad_broadcast_is_refused_with_a_reason(hall, client, hours, url, message):
    client.force_login(exhibitor_user(exhibitor=hall.faw))
    start = timezone.now() + datetime.timedelta(hours=2)
    response = client.post(
        "/exhibitor/broadcasts/",
        {
            "title": "x",
            "starts_at": local(start),
            "ends_at": local(start + datetime.timedelta(hours=hours)),
            "stream_url": url,
        },
        **EN,
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert LiveBroadcast.objects.count() == 0


def test_organizer_approves_in_the_admin_and_visitors_see_it(hall, client):
    now = timezone.now()
    on_air = services.broadcast_schedule(
        exhibitor=hall.faw,
        edition=hall.edition,
        title="Hongqi live",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(minutes=50),
        stream_url="https://live.example.cn/hongqi",
    )
    later = services.broadcast_schedule(
        exhibitor=hall.ginseng,
        edition=hall.edition,
        title="Ginseng tasting",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1, hours=1),
        stream_url="https://live.example.cn/ginseng",
    )
    client.force_login(OrganizerFactory(is_superuser=True))
    response = client.post(
        "/admin/exhibitors/livebroadcast/",
        {"action": "approve_selected", "_selected_action": [on_air.pk, later.pk]},
    )
    assert response.status_code == 302
    assert set(LiveBroadcast.objects.values_list("status", flat=True)) == {BroadcastStatus.APPROVED}
    client.logout()
    response = client.get("/online/live/", **EN)
    assert [b.title for b in response.context["now"]] == ["Hongqi live"]
    assert [b.title for b in response.context["next"]] == ["Ginseng tasting"]
    assert "Hongqi live" in client.get(f"/online/40/exhibitors/{hall.faw.pk}/", **EN).content.decode()
    with pytest.raises(services.BroadcastError):
        services.broadcast_decide(broadcast=on_air, approve=False, user=None, reason="Too late")


@pytest.mark.parametrize("item_count", [1, 30])
def test_live_page_query_count(hall, client, django_assert_num_queries, item_count):
    now = timezone.now()
    for n in range(item_count):
        exhibitor = ExhibitorFactory()
        ParticipationFactory(exhibitor=exhibitor, edition=hall.edition, mode="online")
        LiveBroadcast.objects.create(
            exhibitor=exhibitor,
            edition=hall.edition,
            title=f"Show {n}",
            starts_at=now + datetime.timedelta(hours=n - 1),
            ends_at=now + datetime.timedelta(hours=n),
            stream_url="https://live.example.cn/s",
            status=BroadcastStatus.APPROVED,
        )
    with django_assert_num_queries(4):
        assert client.get("/online/live/").status_code == 200
