import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from exhibitors.enums import ApplicationStatus
from exhibitors.models import Booth, BoothApplication, Exhibitor, Participation, Pavilion
from exhibitors.services import (
    ApplicationError,
    BoothUnavailable,
    booths_create_grid,
    cancel_application,
    confirm_application,
    exhibitor_profile_update,
    hold_booth,
    reject_application,
    release_expired_holds,
)
from expo.models import ActivityLog
from tests.factories import BoothFactory, ExhibitorFactory, PavilionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def booked_area(pavilion):
    return Pavilion.objects.get(pk=pavilion.pk).booked_area_m2


def test_hold_booth_holds_it_with_an_expiry(booth, exhibitor, settings):
    settings.EXHIBITORS_HOLD_MINUTES = 90
    user = UserFactory()
    now = timezone.now()

    application = hold_booth(exhibitor=exhibitor, booth=booth, user=user, now=now)

    assert application.status == ApplicationStatus.HELD
    assert application.held_until == now + datetime.timedelta(minutes=90)
    assert (application.requested_by, application.requested_at, application.held_at) == (user, now, now)
    assert booked_area(booth.pavilion) == Decimal("9.00")
    assert Participation.objects.get(exhibitor=exhibitor).mode == "offline"


def test_a_held_booth_cannot_be_held_by_another_exhibitor(booth, exhibitor):
    hold_booth(exhibitor=exhibitor, booth=booth)

    with pytest.raises(BoothUnavailable, match="has just been taken by another exhibitor"):
        hold_booth(exhibitor=ExhibitorFactory(), booth=booth)
    assert BoothApplication.objects.count() == 1


def test_holding_ones_own_booth_twice_says_so(booth, exhibitor):
    hold_booth(exhibitor=exhibitor, booth=booth)

    with pytest.raises(BoothUnavailable, match="You already hold booth S001"):
        hold_booth(exhibitor=exhibitor, booth=booth)


def test_the_database_refuses_a_second_active_application(booth, exhibitor):
    hold_booth(exhibitor=exhibitor, booth=booth)

    with pytest.raises(IntegrityError), transaction.atomic():
        BoothApplication.objects.create(booth=booth, exhibitor=ExhibitorFactory(), status="confirmed")


def test_the_database_refuses_more_booked_area_than_gross_area(pavilion):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pavilion.objects.filter(pk=pavilion.pk).update(booked_area_m2=pavilion.gross_area_m2 + 1)


def test_a_full_pavilion_refuses_another_booth(edition13, exhibitor):
    pavilion = PavilionFactory(edition=edition13, gross_area_m2=Decimal("20"))
    first, second, third = BoothFactory.create_batch(3, pavilion=pavilion)
    hold_booth(exhibitor=exhibitor, booth=first)
    hold_booth(exhibitor=exhibitor, booth=second)

    with pytest.raises(BoothUnavailable, match="is full: 2.00 m² are left and booth .* needs 9.00 m²"):
        hold_booth(exhibitor=exhibitor, booth=third)
    assert booked_area(pavilion) == Decimal("18.00")


def test_closed_pavilion_and_unbookable_booth_are_refused(pavilion, exhibitor):
    blocked = BoothFactory(pavilion=pavilion, is_bookable=False)
    with pytest.raises(BoothUnavailable, match="is not open for booking"):
        hold_booth(exhibitor=exhibitor, booth=blocked)

    Pavilion.objects.filter(pk=pavilion.pk).update(booking_open=False)
    with pytest.raises(BoothUnavailable, match="is closed"):
        hold_booth(exhibitor=exhibitor, booth=BoothFactory(pavilion=pavilion))


def test_online_only_pavilion_has_no_booths_to_hold(edition13, exhibitor):
    booth = BoothFactory(pavilion=PavilionFactory(edition=edition13, mode="online"))

    with pytest.raises(BoothUnavailable):
        hold_booth(exhibitor=exhibitor, booth=booth)


def test_confirm_application_records_who_and_emails_the_exhibitor(
    booth, exhibitor, eager_tasks, django_capture_on_commit_callbacks
):
    application = hold_booth(exhibitor=exhibitor, booth=booth)
    organizer = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        confirm_application(application=application, user=organizer)

    application.refresh_from_db()
    assert (application.status, application.confirmed_by) == ("confirmed", organizer)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [exhibitor.contact_email]
    assert "S001" in mail.outbox[0].subject
    assert "已确认" in mail.outbox[0].body
    assert "has confirmed your booth S001" in mail.outbox[0].body


def test_only_held_applications_can_be_confirmed(booth, exhibitor):
    application = hold_booth(exhibitor=exhibitor, booth=booth)
    cancel_application(application=application)

    with pytest.raises(ApplicationError, match="this one is cancelled"):
        confirm_application(application=application)


def test_reject_frees_the_booth_and_its_area(booth, exhibitor, eager_tasks, django_capture_on_commit_callbacks):
    application = hold_booth(exhibitor=exhibitor, booth=booth)

    with django_capture_on_commit_callbacks(execute=True):
        reject_application(application=application, reason="Reserved for the organizer")

    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == ("rejected", "Reserved for the organizer")
    assert booked_area(booth.pavilion) == Decimal("0.00")
    assert "Reserved for the organizer" in mail.outbox[0].body
    assert hold_booth(exhibitor=ExhibitorFactory(), booth=booth).status == "held"


def test_cancel_a_confirmed_booking_frees_the_booth(booth, exhibitor):
    application = confirm_application(application=hold_booth(exhibitor=exhibitor, booth=booth))

    cancel_application(application=application, user=UserFactory())

    application.refresh_from_db()
    assert application.status == "cancelled"
    assert booked_area(booth.pavilion) == Decimal("0.00")
    with pytest.raises(ApplicationError, match="already cancelled"):
        cancel_application(application=application)


def test_release_expired_holds_releases_only_the_due_ones(
    pavilion, exhibitor, eager_tasks, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due = hold_booth(
        exhibitor=exhibitor,
        booth=BoothFactory(pavilion=pavilion),
        now=now - datetime.timedelta(hours=3),
        hold_minutes=60,
    )
    fresh = hold_booth(exhibitor=exhibitor, booth=BoothFactory(pavilion=pavilion), now=now, hold_minutes=60)
    confirmed = confirm_application(
        application=hold_booth(
            exhibitor=exhibitor,
            booth=BoothFactory(pavilion=pavilion),
            now=now - datetime.timedelta(hours=3),
            hold_minutes=60,
        )
    )

    with django_capture_on_commit_callbacks(execute=True):
        released = release_expired_holds(now=now)

    assert released == 1
    statuses = dict(BoothApplication.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "expired", fresh.pk: "held", confirmed.pk: "confirmed"}
    assert booked_area(pavilion) == Decimal("18.00")
    assert [m.subject for m in mail.outbox if "expired" in m.subject] != []


def test_release_expired_holds_twice_does_the_work_once(pavilion, exhibitor):
    now = timezone.now()
    hold_booth(
        exhibitor=exhibitor,
        booth=BoothFactory(pavilion=pavilion),
        now=now - datetime.timedelta(hours=2),
        hold_minutes=1,
    )

    assert (release_expired_holds(now=now), release_expired_holds(now=now)) == (1, 0)
    assert booked_area(pavilion) == Decimal("0.00")


def test_booths_create_grid(pavilion):
    booths = booths_create_grid(
        pavilion=pavilion,
        prefix="B",
        rows=2,
        columns=3,
        width=Decimal("3"),
        depth=Decimal("2"),
        aisle=Decimal("4"),
        start_x=Decimal("5"),
        start_y=Decimal("10"),
        kind="standard",
        price=Decimal("9000"),
    )

    assert len(booths) == 6
    rows = list(Booth.objects.filter(pavilion=pavilion).order_by("code").values_list("code", "x", "y", "area_m2"))
    assert rows[0] == ("B001", Decimal("5.00"), Decimal("10.00"), Decimal("6.00"))
    assert rows[2] == ("B003", Decimal("11.00"), Decimal("10.00"), Decimal("6.00"))
    assert rows[3] == ("B004", Decimal("5.00"), Decimal("16.00"), Decimal("6.00"))


# The company profile -------------------------------------------------------------------


def test_two_people_changing_different_profile_fields_both_keep_their_change(db):
    exhibitor = ExhibitorFactory(city="Changchun", description="")
    in_the_portal, in_the_admin = Exhibitor.objects.get(pk=exhibitor.pk), Exhibitor.objects.get(pk=exhibitor.pk)
    in_the_portal.city = "Yanji"
    in_the_admin.description = "Blueberries"

    assert exhibitor_profile_update(exhibitor=in_the_portal, fields=["city"]) == {"city": ["Changchun", "Yanji"]}
    assert exhibitor_profile_update(exhibitor=in_the_admin, fields=["description"]) == {
        "description": ["", "Blueberries"]
    }

    exhibitor.refresh_from_db()
    assert (exhibitor.city, exhibitor.description) == ("Yanji", "Blueberries")
    assert ActivityLog.objects.filter(action="exhibitor_change").count() == 2


def test_the_profile_service_checks_the_values_and_writes_nothing_when_refused(db):
    exhibitor = ExhibitorFactory(country="CN", province="Jilin")
    exhibitor.country = "KR"  # a province is for domestic exhibitors only

    with pytest.raises(ValidationError):
        exhibitor_profile_update(exhibitor=exhibitor, fields=["country"])

    assert Exhibitor.objects.get(pk=exhibitor.pk).country == "CN"
    assert not ActivityLog.objects.filter(action="exhibitor_change").exists()


def test_the_profile_service_leaves_the_confirmation_to_its_own_service(db):
    exhibitor = ExhibitorFactory()

    with pytest.raises(ValueError, match="company_confirmed_at"):
        exhibitor_profile_update(exhibitor=exhibitor, fields=["company_confirmed_at"])
