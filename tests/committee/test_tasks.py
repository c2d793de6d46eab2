import datetime

import pytest
from django.core import mail

from expo.committee import notifications
from expo.committee.tasks import send_report_reminders
from expo.models import ReminderKind, ReportReminder, ReportStatus
from tests.committee.factories import ProgressReportFactory, WorkItemFactory

pytestmark = pytest.mark.django_db
PERIOD = datetime.date(2026, 5, 1)


@pytest.fixture
def due(settings):
    settings.COMMITTEE_REPORT_DUE_DAY = 25
    settings.COMMITTEE_REMIND_DAYS_BEFORE = 3


def test_a_reminder_goes_once_per_unit_and_period(edition, item, unit, other_unit, due):
    sent_first = notifications.send_report_reminders(today=datetime.date(2026, 5, 23))
    sent_again = notifications.send_report_reminders(today=datetime.date(2026, 5, 24))

    assert (sent_first, sent_again) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["changchun@example.org", "commerce@example.org"]
    assert list(ReportReminder.objects.order_by().values_list("kind", flat=True).distinct()) == [ReminderKind.REMINDER]


def test_the_overdue_notice_also_goes_once(edition, item, unit, other_unit, due):
    ProgressReportFactory(work_item=item, unit=unit, period=PERIOD, status=ReportStatus.SUBMITTED)

    notifications.send_report_reminders(today=datetime.date(2026, 5, 26))
    notifications.send_report_reminders(today=datetime.date(2026, 5, 27))

    assert [m.to for m in mail.outbox] == [["changchun@example.org"]]
    assert "overdue" in mail.outbox[0].subject


def test_no_reminder_early_in_the_period_or_for_finished_work(edition, unit, due):
    WorkItemFactory(edition=edition, lead_unit=unit, status="done")

    assert notifications.send_report_reminders(today=datetime.date(2026, 5, 5)) == 0
    assert notifications.send_report_reminders(today=datetime.date(2026, 5, 23)) == 0
    assert mail.outbox == []


def test_a_draft_does_not_count_as_reported(edition, item, unit, other_unit, due):
    ProgressReportFactory(work_item=item, unit=unit, period=PERIOD, status=ReportStatus.DRAFT)
    ProgressReportFactory(work_item=item, unit=other_unit, period=PERIOD, status=ReportStatus.ACCEPTED)

    notifications.send_report_reminders(today=datetime.date(2026, 5, 22))

    assert [m.to for m in mail.outbox] == [["commerce@example.org"]]
    assert item.code in mail.outbox[0].body


def test_the_task_runs_twice_and_sends_once(edition, item, unit, other_unit, settings):
    settings.COMMITTEE_REPORT_DUE_DAY = 28
    settings.COMMITTEE_REMIND_DAYS_BEFORE = 31
    ProgressReportFactory(work_item=item, unit=other_unit, status=ReportStatus.SUBMITTED)

    first = send_report_reminders.apply().get()
    second = send_report_reminders.apply().get()

    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["commerce@example.org"]]
