"""The core's Celery tasks. The committee's are in ``expo.committee.tasks``, the reports' in
``expo.reports.tasks``, an import's run in ``expo.import_runs`` (the worker discovers them all:
``expo.celery``)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from expo.models import ServiceHeartbeat


@shared_task(name="expo.ping")
def ping() -> dict:
    """Answer from a worker: the staff dashboard uses it to show that workers consume tasks."""
    return {"pong": True, "at": timezone.now().isoformat()}


@shared_task(name="expo.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Sent by beat every minute: the time it ran tells the staff dashboard beat is alive."""
    ServiceHeartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})


@shared_task(name="expo.send_mail", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_mail(subject: str, body: str, to: list[str], html: str = "") -> int:
    """A mail rendered by the request that asked for it (e.g. Django's password reset)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
