import pytest
from django.test import Client

from expo.selectors import current_edition
from matchmaking.enums import MeetingStatus
from matchmaking.models import Lead, MatchmakingSession, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_has_merchant1_meetings_in_every_state_and_leads(demo):
    edition = current_edition()
    client = Client()
    assert client.login(username="merchant1", password=demo)
    assert client.get("/matchmaking/").status_code == 200

    statuses = set(Meeting.objects.filter(edition=edition).values_list("status", flat=True))
    assert statuses == set(MeetingStatus.values)
    assert MatchmakingSession.objects.filter(edition=edition).count() == 2
    assert Lead.objects.filter(exhibitor__members__user__username="exhibitor1").count() == 4
    booked = Meeting.objects.filter(status="accepted", mode="onsite")
    assert all(m.session.is_slot_start(m.starts_at) and m.table for m in booked)


def test_seeding_twice_adds_nothing(demo):
    import io

    from django.core.management import call_command

    counts = (Meeting.objects.count(), Lead.objects.count(), MatchmakingSession.objects.count())
    call_command("seed_demo", light=True, stdout=io.StringIO())
    assert (Meeting.objects.count(), Lead.objects.count(), MatchmakingSession.objects.count()) == counts
