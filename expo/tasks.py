from celery import shared_task
from django.utils import timezone


@shared_task(name="expo.ping")
def ping() -> dict:
    """Answer from a worker: the staff dashboard uses it to show that workers consume tasks."""
    return {"pong": True, "at": timezone.now().isoformat()}
