"""The committee's Celery tasks: its mails, sent by workers."""

from celery import shared_task
from django.db import OperationalError

from expo.committee import notifications
from expo.models import ProgressReport


@shared_task(
    name="expo.send_report_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_report_reminders() -> int:
    """Reminders before the monthly report deadline and overdue notices after it, once each."""
    return notifications.send_report_reminders()


@shared_task(
    name="expo.send_report_returned_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_report_returned_email(report_id: int) -> int:
    report = ProgressReport.objects.select_related("work_item", "unit").filter(pk=report_id).first()
    if report is None:
        return 0
    return notifications.send_report_returned_email(report=report)
