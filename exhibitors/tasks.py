from celery import shared_task
from django.db import OperationalError

from exhibitors import notifications, services
from exhibitors.models import BoothApplication
from expo.errors import LockTimeout


@shared_task(
    name="exhibitors.release_expired_holds",
    autoretry_for=(OperationalError, LockTimeout),
    retry_backoff=True,
    max_retries=5,
)
def release_expired_holds() -> int:
    return services.release_expired_holds()


@shared_task(
    name="exhibitors.send_application_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_application_email(application_id: int, event: str) -> int:
    application = (
        BoothApplication.objects.select_related("booth__pavilion__edition", "exhibitor")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return 0
    return notifications.send_application_email(application=application, event=event)
