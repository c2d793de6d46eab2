"""Destructive actions ask first: cancelling a booth, removing an exhibit, cancelling a
registration show a confirmation page and change nothing until it is confirmed; a cancelled
booth or registration is offered back once (undo)."""

import datetime

import pytest
from django.utils import timezone

from events.enums import RegistrationStatus
from events.models import Registration
from exhibitors.enums import ApplicationStatus
from exhibitors.models import BoothApplication, Exhibit
from exhibitors.services import confirm_application, hold_booth
from tests.factories import (
    AttendeeFactory,
    EventFactory,
    ExhibitFactory,
    ExhibitorFactory,
    PavilionFactory,
    exhibitor_user,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def member_client(client, exhibitor):
    client.force_login(exhibitor_user(exhibitor=exhibitor))
    return client


def test_cancelling_a_confirmed_booth_asks_first_then_offers_it_back(member_client, exhibitor, booth):
    application = confirm_application(application=hold_booth(exhibitor=exhibitor, booth=booth))
    url = f"/exhibitor/applications/{application.pk}/cancel/"

    listing = member_client.get("/exhibitor/applications/", **EN).content.decode()
    assert f'href="{url}"' in listing  # a link to the confirmation, not a one-click form
    page = member_client.get(url, **EN).content.decode()
    assert "Cancel your application for booth S001?" in page
    assert "This booth is confirmed for you." in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CONFIRMED

    member_client.post(url)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CANCELLED

    listing = member_client.get("/exhibitor/applications/", **EN).content.decode()
    assert "Hold booth S001 again" in listing
    member_client.post(f"/exhibitor/booths/{booth.pk}/hold/")
    assert BoothApplication.objects.filter(booth=booth, status=ApplicationStatus.HELD).exists()
    # offered once only
    assert "Hold booth S001 again" not in member_client.get("/exhibitor/applications/", **EN).content.decode()


def test_another_exhibitors_application_has_no_confirmation_page(member_client, booth):
    theirs = hold_booth(exhibitor=ExhibitorFactory(), booth=booth)
    assert member_client.get(f"/exhibitor/applications/{theirs.pk}/cancel/").status_code == 404


def test_removing_an_exhibit_asks_first(member_client, exhibitor, edition13):
    online = PavilionFactory(edition=edition13, code="online", mode="online")
    exhibit = ExhibitFactory(exhibitor=exhibitor, pavilion=online, name="Solar roof tiles")
    url = f"/exhibitor/exhibits/{exhibit.pk}/delete/"

    assert f'href="{url}"' in member_client.get("/exhibitor/exhibits/", **EN).content.decode()
    page = member_client.get(url, **EN).content.decode()
    assert "Remove “Solar roof tiles”?" in page
    assert "This cannot be undone" in page
    assert Exhibit.objects.filter(pk=exhibit.pk).exists()

    member_client.post(url)
    assert not Exhibit.objects.filter(pk=exhibit.pk).exists()


def test_cancelling_a_registration_asks_first_and_can_be_undone(client, edition13):
    event = EventFactory(
        edition=edition13,
        title_en="Investment Forum",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        capacity=1,
    )
    attendee = AttendeeFactory(edition=edition13)
    registration = Registration.objects.create(event=event, attendee=attendee, status=RegistrationStatus.CONFIRMED)
    url = f"/programme/my/{attendee.code}/cancel/{registration.pk}/"

    assert f'href="{url}"' in client.get(f"/programme/my/{attendee.code}/", **EN).content.decode()
    page = client.get(url, **EN).content.decode()
    assert "Cancel your registration for “Investment Forum”?" in page
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    client.post(url)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    page = client.get(f"/programme/my/{attendee.code}/", **EN).content.decode()
    assert "Register again" in page

    response = client.post(f"/programme/my/{attendee.code}/again/{registration.pk}/", follow=True, **EN)
    assert "You are registered for “Investment Forum” again." in response.content.decode()
    assert Registration.objects.filter(event=event, attendee=attendee, status="confirmed").count() == 1
    # someone else's code cannot undo it
    other = AttendeeFactory(edition=edition13)
    assert client.post(f"/programme/my/{other.code}/again/{registration.pk}/").status_code == 404
