from celery import shared_task
from django.db import OperationalError

from matchmaking import notifications, services
from matchmaking.models import Meeting


@shared_task(name="matchmaking.send_meeting_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_email(meeting_id: int, event: str) -> int:
    meeting = Meeting.objects.select_related("merchant__user", "exhibitor", "session").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    return notifications.send_meeting_email(meeting=meeting, event=event)


@shared_task(
    name="matchmaking.send_meeting_reminders", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5
)
def send_meeting_reminders() -> int:
    return services.send_due_reminders()
