from celery import shared_task
from django.db import OperationalError
from django.utils import timezone


@shared_task(name="expo.ping")
def ping() -> dict:
    """Answer from a worker: the staff dashboard uses it to show that workers consume tasks."""
    return {"pong": True, "at": timezone.now().isoformat()}


@shared_task(
    name="expo.send_report_reminders",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def send_report_reminders() -> int:
    """Reminders before the monthly report deadline and overdue notices after it, once each."""
    from expo import committee

    return committee.send_report_reminders()


@shared_task(
    name="expo.send_report_returned_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_report_returned_email(report_id: int) -> int:
    from expo import committee
    from expo.models import ProgressReport

    report = ProgressReport.objects.select_related("work_item", "unit").filter(pk=report_id).first()
    if report is None:
        return 0
    return committee.send_report_returned_email(report=report)
