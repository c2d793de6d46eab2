"""The demo's accounts under the rules of issue 15: its exhibitors count as verified, its
organizers are enrolled for the two-step login (so ``otp_code`` works), and a second run
changes nothing."""

import io

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo.models import ActivityLog, AuditAction, User

pytestmark = pytest.mark.django_db


def test_demo_exhibitors_are_verified_and_organizers_enrolled(demo, client):
    users = {
        u.username: u for u in User.objects.filter(username__in=["organizer", "protocol", "exhibitor1", "exhibitor2"])
    }

    assert all(u.email_verified_at is not None for u in users.values())
    assert sorted(TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)) == [
        "organizer",
        "protocol",
    ]
    client.login(username="exhibitor1", password=demo)
    assert client.get("/exhibitor/").status_code == 200


def test_a_second_demo_run_changes_no_account(demo):
    before = ActivityLog.objects.filter(action__in=[AuditAction.USER_RIGHTS, AuditAction.OTP_DEVICE]).count()

    call_command("seed_demo", light=True, stdout=io.StringIO())

    after = ActivityLog.objects.filter(action__in=[AuditAction.USER_RIGHTS, AuditAction.OTP_DEVICE]).count()
    assert (TOTPDevice.objects.count(), after) == (2, before)
