import datetime

import pytest
from django.core import mail
from django.utils import timezone

from delegations.enums import InvitationStatus
from delegations.models import InvitationReminder
from delegations.tasks import remind_unanswered_invitations
from tests.delegations.factories import DelegationFactory
from tests.factories import EditionFactory, MemberUnitFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coming_edition(db):
    today = timezone.localdate()
    return EditionFactory(number=14, year=today.year, start_date=today + datetime.timedelta(days=60))


def _sent(edition, days_ago, **kwargs):
    return DelegationFactory(
        edition=edition,
        status=InvitationStatus.SENT,
        sent_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_reminder_task_mails_the_host_unit_once_a_day(coming_edition):
    unit = MemberUnitFactory(email="foreign-affairs@committee.example.org")
    overdue = _sent(coming_edition, 9, host_unit=unit, country="MN")
    _sent(coming_edition, 2, host_unit=unit)  # too recent
    DelegationFactory(edition=coming_edition, status=InvitationStatus.ACCEPTED, host_unit=unit)

    assert remind_unanswered_invitations() == 1
    assert remind_unanswered_invitations() == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["foreign-affairs@committee.example.org"]
    assert "蒙古" in mail.outbox[0].subject
    assert "Mongolia" in mail.outbox[0].subject
    assert "9 days ago" in mail.outbox[0].body
    assert list(InvitationReminder.objects.values_list("delegation", "sent_on")) == [(overdue.pk, timezone.localdate())]


def test_reminder_goes_to_the_protocol_office_without_a_host_unit(coming_edition):
    OrganizerFactory(email="protocol@expo.example.org", offices=["protocol"])
    OrganizerFactory(email="exhibition@expo.example.org", offices=["exhibition"])
    _sent(coming_edition, 8)

    remind_unanswered_invitations()

    assert mail.outbox[0].to == ["protocol@expo.example.org"]


def test_reminder_runs_again_on_the_next_day(coming_edition):
    delegation = _sent(coming_edition, 10, host_unit=MemberUnitFactory())
    InvitationReminder.objects.create(delegation=delegation, sent_on=timezone.localdate() - datetime.timedelta(days=1))

    assert remind_unanswered_invitations() == 1


def test_no_reminders_for_an_edition_that_is_over(edition13):
    _sent(edition13, 30, host_unit=MemberUnitFactory())

    assert remind_unanswered_invitations() == 0
    assert mail.outbox == []


def test_beat_schedule_runs_the_reminders(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["delegations.remind_unanswered_invitations"]
    assert entry["task"] == "delegations.remind_unanswered_invitations"
