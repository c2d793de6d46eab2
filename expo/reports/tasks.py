"""The Celery tasks of report runs and the weekly digest."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from expo.reports import digest, runs


@shared_task(name="expo.sweep_stale_report_runs")
def sweep_stale_report_runs() -> dict:
    """Re-queue or fail the runs whose worker stopped answering."""
    return runs.sweep_stale_runs()


@shared_task(
    name="expo.send_progress_digest",
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def send_progress_digest() -> int:
    """The weekly progress digest of the current edition to the committee's mailing list."""
    return digest.send_weekly_digest()
