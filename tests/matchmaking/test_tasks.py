import pytest
from django.conf import settings
from django.core import mail

from matchmaking import services, tasks
from tests.matchmaking.factories import MeetingFactory, soon

pytestmark = pytest.mark.django_db


def test_beat_sends_the_reminders_every_quarter_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["matchmaking.send_meeting_reminders"]
    assert (entry["task"], entry["schedule"]) == ("matchmaking.send_meeting_reminders", 900)


def test_the_reminder_task_reminds_once(merchant, exhibitor, session, settings):
    meeting = MeetingFactory(merchant=merchant, exhibitor=exhibitor)
    services.meeting_accept(meeting=meeting, side="exhibitor", user=None, starts_at=soon(3, 9))
    mail.outbox.clear()
    settings.MATCHMAKING_REMIND_HOURS = 24 * 4

    assert tasks.send_meeting_reminders.apply().get() == 1
    assert tasks.send_meeting_reminders.apply().get() == 0
    assert len(mail.outbox) == 1
    assert merchant.email in mail.outbox[0].to


def test_the_mail_task_of_a_deleted_meeting_sends_nothing():
    assert tasks.send_meeting_email.apply(args=(999999, "accepted")).get() == 0
    assert mail.outbox == []
