from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.translation import gettext as _

from expo.errors import LockTimeout
from expo.report_models import ServiceHeartbeat


@shared_task(name="expo.ping")
def ping() -> dict:
    """Answer from a worker: the staff dashboard uses it to show that workers consume tasks."""
    return {"pong": True, "at": timezone.now().isoformat()}


@shared_task(name="expo.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Sent by beat every minute: the time it ran tells the staff dashboard beat is alive."""
    ServiceHeartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})


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


# Reports --------------------------------------------------------------------------------

# Database and storage errors are worth a retry: a failover, a full disk being cleaned up, a
# row another transaction held too long.
RETRYABLE = (OperationalError, InterfaceError, OSError, LockTimeout)


@shared_task(bind=True, name="expo.build_report_run", acks_late=True, reject_on_worker_lost=True, max_retries=3)
def build_report_run(self, run_id: int) -> str:
    """Build a report run. Idempotent (a duplicate delivery finds the run taken and does
    nothing); acknowledged only when done, so a message of a worker that died is delivered
    again; retried with exponential backoff on database or storage errors; any other error
    fails the run with its message."""
    from expo.reports import runs

    try:
        run = runs.execute(run_id)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            runs.mark_failed(run_id, error=f"{type(exc).__name__}: {exc}")
            raise
        runs.mark_queued_for_retry(run_id, error=f"{type(exc).__name__}: {exc}")
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc
    except Exception as exc:
        runs.mark_failed(run_id, error=f"{type(exc).__name__}: {exc}")
        raise
    return run.status if run is not None else "skipped"


@shared_task(name="expo.sweep_stale_report_runs")
def sweep_stale_report_runs() -> dict:
    """Re-queue or fail the runs whose worker stopped answering."""
    from expo.reports import runs

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
    from expo.reports import digest

    return digest.send_weekly_digest()


# Imports --------------------------------------------------------------------------------


@shared_task(bind=True, name="expo.run_import", acks_late=True, reject_on_worker_lost=True)
def run_import(self, run_id: int) -> str:
    """Import a queued run's file (expo.import_runs). Idempotent; time-limited by the caller
    (IMPORT_TASK_TIME_LIMIT); any error fails the run with a message, never half-writes."""
    from expo import import_runs

    try:
        run = import_runs.execute(run_id)
    except SoftTimeLimitExceeded:
        import_runs.mark_failed(
            run_id, message=_("The import took longer than a worker may work on it. Split the file.")
        )
        import_runs._remove_file(run_id)
        raise
    except Exception as exc:
        import_runs.mark_failed(run_id, message=f"{type(exc).__name__}: {exc}")
        import_runs._remove_file(run_id)
        raise
    return run.status if run is not None else "skipped"
