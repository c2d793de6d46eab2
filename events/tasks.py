"""Background work of the programme: the registration mail, with the badge PDF attached.

The badge is drawn by WeasyPrint (about a second of CPU on a loaded machine): in the request
it made the public registration form the slowest page of the expo day's morning
(docs/benchmarks/2026-12-02-expo-day.md). The form answers at once; the worker sends."""

from celery import shared_task

from events import notifications
from events.models import Attendee


@shared_task(name="events.send_registration_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_email(attendee_id: int, link: str, language: str, known: bool = False) -> int:
    """The registration mail with the badge (``events.notifications``); nothing when the
    attendee is gone."""
    attendee = Attendee.objects.select_related("edition").filter(pk=attendee_id).first()
    if attendee is None:
        return 0
    return notifications.send_registration_email(attendee=attendee, link=link, language=language, known=known)
