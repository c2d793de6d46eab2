"""The core's Celery tasks. The committee's are in ``expo.committee.tasks``, the reports' in
``expo.reports.tasks``, an import's run in ``expo.import_runs`` (the worker discovers them all:
``expo.celery``)."""

from celery import shared_task
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
