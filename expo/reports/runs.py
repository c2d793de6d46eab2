"""Report runs: organizers ask for a report, a Celery worker builds it, the run records how
far it got. Every write of a run's state is a conditional UPDATE, so two workers handling the
same message (a redelivery after a lost acknowledgement) cannot both build it, and a run
whose worker died is found by the sweeper instead of staying "running" forever.

A worker building a run beats from a thread every REPORTS_HEARTBEAT_SECONDS, whatever step it
is in; a run silent for REPORTS_STALE_AFTER_SECONDS has lost its worker (``ReportRun.worker_lost``,
computed when read, so the run's page says so even without beat)."""

import datetime
import hashlib
import logging
import threading
import time
import uuid
from contextlib import contextmanager

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from expo import audit
from expo.errors import DomainError, LockTimeout
from expo.health import BROKER_ERRORS
from expo.locking import lock_rows
from expo.models import (
    AuditAction,
    Edition,
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportLanguage,
    ReportRun,
    RunSource,
    RunStatus,
)
from expo.reports.render import render_formats

log = logging.getLogger(__name__)


class ReportRequestInvalid(DomainError):
    pass


def _record(**kwargs) -> None:
    """One line in the activity log for the run (expo.audit)."""
    audit.record(action=AuditAction.REPORT_RUN, **kwargs)


@transaction.atomic
def report_run_request(
    *,
    kind: str,
    edition: Edition,
    formats: list[str],
    language: str = ReportLanguage.CHINESE,
    requested_by=None,
    source: str = RunSource.PAGE,
    parameters: dict | None = None,
) -> ReportRun:
    """Record a run as queued and send it to a worker once the transaction commits.

    Side effects: a Celery task ``expo.build_report_run`` is queued; an activity log row."""
    if kind not in ReportKind.values:
        raise ReportRequestInvalid(_("Choose a report."))
    formats = [fmt for fmt in ReportFormat.values if fmt in set(formats or [])]
    if not formats:
        raise ReportRequestInvalid(_("Choose at least one format."))
    if language not in ReportLanguage.values:
        raise ReportRequestInvalid(_("Choose a language."))
    run = ReportRun.objects.create(
        kind=kind,
        edition=edition,
        formats=formats,
        language=language,
        requested_by=requested_by,
        source=source,
        parameters=parameters or {},
        task_id=uuid.uuid4().hex,
    )
    _record(actor=requested_by, obj=run, changes={"status": [None, RunStatus.QUEUED], "formats": [None, formats]})
    transaction.on_commit(lambda: enqueue(run))
    return run


class TaskQueueUnavailable(DomainError):
    status_code = 503


def broker_unavailable_message() -> str:
    return _(
        "The task queue cannot be reached, so no worker can build the report now. "
        "Nothing was queued; try again in a few minutes or tell the system administrator."
    )


def enqueue(run: ReportRun) -> bool:
    """Send the run to a worker. When the broker cannot take the message the run is marked
    failed at once (never left queued with no message behind it) and False is returned."""
    try:
        build_report_run.apply_async(args=[run.pk], task_id=run.task_id, queue=settings.REPORTS_QUEUE)
    except BROKER_ERRORS as exc:
        log.warning("report run %s: the broker refused the message: %s: %s", run.pk, type(exc).__name__, exc)
        mark_failed(run.pk, error=broker_unavailable_message())
        return False
    return True


def report_run_request_and_send(**kwargs) -> ReportRun:
    """``report_run_request`` committed and sent before returning, for the pages: raises
    TaskQueueUnavailable (the run then failed) when the broker is down."""
    run = report_run_request(**kwargs)
    run.refresh_from_db(fields=["status", "error", "finished_at", "step"])
    if run.status == RunStatus.FAILED:
        raise TaskQueueUnavailable(broker_unavailable_message())
    return run


def report_run_rebuild(*, run: ReportRun, requested_by) -> ReportRun:
    """A new run with the same request as a run that failed or whose worker stopped
    responding (that one is marked failed first). Raises ReportRequestInvalid for a run
    that is done or still being built by a live worker; TaskQueueUnavailable as above."""
    if run.status == RunStatus.RUNNING and run.worker_lost:
        mark_failed(run.pk, error=_("The worker building this report stopped responding."))
    elif run.status != RunStatus.FAILED:
        raise ReportRequestInvalid(_("This report is not failed: there is nothing to build again."))
    return report_run_request_and_send(
        kind=run.kind,
        edition=run.edition,
        formats=list(run.formats),
        language=run.language,
        requested_by=requested_by,
        source=RunSource.PAGE,
        parameters=dict(run.parameters or {}),
    )


def _stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)


def claim(run_id: int, *, worker: str = "") -> bool:
    """Take the run for this worker: queued, or running but silent for longer than
    REPORTS_STALE_AFTER_SECONDS (its worker died). False when it is done, failed or alive
    elsewhere: the message is a duplicate and is dropped."""
    now = timezone.now()
    claimable = Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, heartbeat_at__lt=_stale_before())
    taken = ReportRun.objects.filter(claimable, pk=run_id).update(
        status=RunStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        error="",
        progress=0,
        step=_("starting"),
        attempts=F("attempts") + 1,
    )
    return taken == 1


def _beat_only(run_id: int) -> int:
    return ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def heartbeat(run_id: int, *, every: float | None = None):
    """Beat for the run from a thread every ``every`` seconds (REPORTS_HEARTBEAT_SECONDS)
    while the block runs, so that a long step (a large PDF) does not look like a dead worker.
    The thread uses a connection of its own and closes it; it stops when the block ends, or
    when the run is no longer running (taken away by the sweeper)."""
    interval = settings.REPORTS_HEARTBEAT_SECONDS if every is None else every
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                if not _beat_only(run_id):
                    return
        except Exception:  # a beat that fails is logged; the build goes on
            log.exception("report run %s: heartbeat failed", run_id)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        stop.set()
        thread.join(timeout=max(5.0, interval))


def _beat(run_id: int, percent: int, step: str) -> None:
    """Progress and a sign of life; a run the sweeper took away is not brought back."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        progress=min(percent, 99), step=step, heartbeat_at=timezone.now()
    )
    delay = settings.REPORTS_STEP_DELAY_SECONDS
    if delay:  # a test knob: lets tests stop a worker in the middle of a run
        time.sleep(delay)


def execute(run_id: int) -> ReportRun | None:
    """Build every format of the run and mark it done. Idempotent: a run that is done, failed
    or being built by a live worker is left alone. Files are written under random names and
    linked to the run in one transaction with the status change, so a run is either done
    with all its files or not done."""
    if not claim(run_id):
        log.info("report run %s: not claimable (duplicate or finished), skipped", run_id)
        return None
    run = ReportRun.objects.select_related("edition", "requested_by").get(pk=run_id)
    labels = dict(ReportFormat.choices)
    built: list[tuple[str, bytes]] = []
    with heartbeat(run_id):
        for fmt, data in render_formats(
            kind=run.kind,
            edition=run.edition,
            formats=run.formats,
            language=run.language,
            today=_today(run),
            on_step=lambda percent, step: _beat(run_id, percent, str(labels.get(step, _("figures")))),
        ):
            built.append((fmt, data))
    with transaction.atomic():
        locked = next(iter(lock_rows(ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING))), None)
        if locked is None:
            return None  # the sweeper gave up on it meanwhile
        for fmt, data in built:
            ReportFile.objects.filter(run=locked, format=fmt).delete()
            report_file = ReportFile(run=locked, format=fmt, size=len(data), sha256=hashlib.sha256(data).hexdigest())
            report_file.file.save(f"{fmt}", ContentFile(data), save=False)
            report_file.save()
        locked.status, locked.progress, locked.step = RunStatus.DONE, 100, ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "progress", "step", "finished_at"])
        _record(actor=locked.requested_by, obj=locked, changes={"status": [RunStatus.RUNNING, RunStatus.DONE]})
    return locked


def _today(run: ReportRun) -> datetime.date | None:
    value = (run.parameters or {}).get("today")
    return datetime.date.fromisoformat(value) if value else None


def mark_failed(run_id: int, *, error: str) -> None:
    updated = ReportRun.objects.filter(pk=run_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=RunStatus.FAILED, error=error[:4000], finished_at=timezone.now(), step=""
    )
    if updated:
        run = ReportRun.objects.filter(pk=run_id).first()
        _record(actor=None, obj=run, changes={"status": [None, RunStatus.FAILED], "error": [None, error[:200]]})


def mark_queued_for_retry(run_id: int, *, error: str) -> None:
    """A retryable error (database, storage): back to queued until the retry runs."""
    ReportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
        status=RunStatus.QUEUED, error=error[:4000], step=_("waiting to retry")
    )


def sweep_stale_runs() -> dict[str, int]:
    """Runs whose worker stopped answering: re-queued while they have attempts left, failed
    after REPORTS_MAX_ATTEMPTS. Runs still queued long after they were asked for (their
    message was lost) are sent again. Returns the counts."""
    stale = list(
        ReportRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=_stale_before()).values_list(
            "pk", "attempts"
        )
    )
    requeued = failed = 0
    for run_id, attempts in stale:
        if attempts >= settings.REPORTS_MAX_ATTEMPTS:
            mark_failed(
                run_id,
                error=_("The worker building this report stopped answering %(attempts)s times; it was given up.")
                % {"attempts": attempts},
            )
            failed += 1
            continue
        updated = ReportRun.objects.filter(
            pk=run_id, status=RunStatus.RUNNING, heartbeat_at__lt=_stale_before()
        ).update(
            status=RunStatus.QUEUED, step=_("re-queued after its worker stopped answering"), task_id=uuid.uuid4().hex
        )
        if updated:
            enqueue(ReportRun.objects.get(pk=run_id))
            requeued += 1
    lost = ReportRun.objects.filter(status=RunStatus.QUEUED, created_at__lt=_stale_before(), started_at__isnull=True)
    for run in lost:
        enqueue(run)
        requeued += 1
    return {"requeued": requeued, "failed": failed}


# Database and storage errors are worth a retry: a failover, a full disk being cleaned up, a
# row another transaction held too long.
RETRYABLE = (OperationalError, InterfaceError, OSError, LockTimeout)


@shared_task(bind=True, name="expo.build_report_run", acks_late=True, reject_on_worker_lost=True, max_retries=3)
def build_report_run(self, run_id: int) -> str:
    """Build a report run. Idempotent (a duplicate delivery finds the run taken and does
    nothing); acknowledged only when done, so a message of a worker that died is delivered
    again; retried with exponential backoff on database or storage errors; any other error
    fails the run with its message."""
    try:
        run = execute(run_id)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            mark_failed(run_id, error=f"{type(exc).__name__}: {exc}")
            raise
        mark_queued_for_retry(run_id, error=f"{type(exc).__name__}: {exc}")
        raise self.retry(exc=exc, countdown=min(300, 5 * 2**self.request.retries)) from exc
    except Exception as exc:
        mark_failed(run_id, error=f"{type(exc).__name__}: {exc}")
        raise
    return run.status if run is not None else "skipped"
