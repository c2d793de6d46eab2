from celery import shared_task
from django.db import OperationalError

from delegations import services


@shared_task(
    name="delegations.remind_unanswered_invitations",
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def remind_unanswered_invitations() -> int:
    """Daily reminders about unanswered invitations; running it twice a day mails once."""
    return services.remind_unanswered_invitations()
