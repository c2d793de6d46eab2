"""Hostile values (tests/security/test_bad_input.py's list) sent to the matchmaking forms: a
clear refusal and no row written, or, for valid hostile text, the text stored as typed."""

import pytest
from django.test import Client

from events.models import Attendee
from matchmaking.models import Lead, Meeting
from tests.matchmaking.factories import soon
from tests.security.test_bad_input import cases, refused, rows, value

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _local(dt) -> str:
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(("group", "name"), [c for c in cases("text") if c.id != "text-zero_width_only"])
def test_meeting_request_refuses_bad_messages(merchant, exhibitor, group, name):
    response = _client(merchant.user).post(
        f"/matchmaking/request/{exhibitor.pk}/",
        {"mode": "online", "message": value(group, name), "time1": _local(soon(3, 10))},
    )
    refused(response)
    assert rows(Meeting) == (0,)


@pytest.mark.parametrize(("group", "name"), cases("date", "amount"))
def test_meeting_request_refuses_bad_times(merchant, exhibitor, group, name):
    response = _client(merchant.user).post(
        f"/matchmaking/request/{exhibitor.pk}/", {"mode": "online", "time1": value(group, name)}
    )
    refused(response)
    assert rows(Meeting) == (0,)


@pytest.mark.parametrize(("group", "name"), cases("text", "storable_text"))
def test_lead_scan_refuses_bad_codes(exhibitor_staff, edition, group, name):
    response = _client(exhibitor_staff).post("/exhibitor/leads/", {"code": value(group, name), "rating": ""})
    refused(response)
    assert rows(Lead) == (0,)


@pytest.mark.parametrize(("group", "name"), cases("storable_text"))
def test_lead_notes_keep_hostile_text_as_typed(exhibitor_staff, edition, group, name):
    from tests.factories import AttendeeFactory

    visitor = AttendeeFactory(edition=edition)
    client = _client(exhibitor_staff)
    response = client.post("/exhibitor/leads/", {"code": visitor.code, "rating": "9", "note": value(group, name)})
    refused(response)  # a rating out of the list
    assert rows(Lead) == (0,)
    client.post("/exhibitor/leads/", {"code": visitor.code, "rating": "3", "note": value(group, name)})
    assert Lead.objects.get().note == value(group, name)
    page = client.get("/exhibitor/leads/").content.decode()
    assert "<script>alert('expo')</script>" not in page


@pytest.mark.parametrize(("group", "name"), cases("text"))
def test_merchant_signup_refuses_bad_names(client, edition, group, name):
    response = client.post(
        "/matchmaking/signup/",
        {
            "name": value(group, name),
            "organization": "Vladivostok Supply",
            "country": "RU",
            "industries": ["equipment"],
            "email": "ivan@supply.example.org",
            "username": "ivan",
            "password1": "A-long-password-2026",
            "password2": "A-long-password-2026",
        },
    )
    refused(response)
    assert rows(Attendee) == (0,)


def test_an_invisible_message_is_an_empty_one(merchant, exhibitor):
    response = _client(merchant.user).post(
        f"/matchmaking/request/{exhibitor.pk}/",
        {"mode": "online", "message": value("text", "zero_width_only"), "time1": _local(soon(3, 10))},
    )
    assert response.status_code == 302
    assert Meeting.objects.get().message == ""
