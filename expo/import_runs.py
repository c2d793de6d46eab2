"""Imports of large files as Celery tasks: the admin import page stores the file and queues a
run; a worker claims it (a conditional UPDATE, so a redelivered message does the work once),
imports the file with the same importer as the page and the commands (all rows or none, the
activity log row as always), within a time limit and a memory limit, and records the result
and every problem by line. Importers are registered by kind from the domain apps' admin
(``expo.admin_imports.ImportAdminMixin``), so this core module imports no domain app."""

import contextlib
import datetime
import logging
import resource
import uuid
from collections.abc import Callable

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from expo.errors import DomainError
from expo.models import Edition, ImportRun, RunStatus
from expo.tabular import ImportFailed

log = logging.getLogger(__name__)

# kind -> importer(*, rows_source, file_format, edition, by) returning a result with summary()
IMPORTERS: dict[str, Callable] = {}


def register_importer(kind: str, importer: Callable) -> None:
    IMPORTERS[kind] = importer


@transaction.atomic
def import_run_request(*, kind: str, edition: Edition, upload, file_format: str, requested_by=None) -> ImportRun:
    """Store ``upload`` under a random name and queue its import once the transaction commits.

    Side effects: the file is saved to the default storage; a Celery task
    ``expo.run_import`` is queued."""
    if kind not in IMPORTERS:
        raise ValueError(f"no importer of kind {kind!r}")
    run = ImportRun(
        kind=kind,
        edition=edition,
        file_format=file_format,
        original_name=str(upload.name)[:255],
        size=upload.size,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        requested_by=requested_by,
        task_id=uuid.uuid4().hex,
    )
    run.file.save(upload.name, upload, save=False)
    run.save()
    transaction.on_commit(lambda: enqueue(run))
    return run


def enqueue(run: ImportRun) -> None:
    """Send the run to a worker; with the broker unreachable the run fails with a message
    (the page shows it) instead of the request failing."""
    try:
        run_import.apply_async(
            args=[run.pk],
            task_id=run.task_id,
            queue=settings.IMPORTS_QUEUE,
            time_limit=settings.IMPORT_TASK_TIME_LIMIT,
            soft_time_limit=max(settings.IMPORT_TASK_TIME_LIMIT - 30, 1),
        )
    except (KombuOperationalError, OSError):
        log.exception("import run %s: the task queue cannot be reached", run.pk)
        mark_failed(
            run.pk, message=_("The task queue cannot be reached, so the file was not imported. Try again later.")
        )
        _remove_file(run.pk)


# The statuses a worker may take a run from: only queued. (A test seam: the negative control
# of the concurrency test adds "running" to show two workers taking one run.)
CLAIMABLE = (RunStatus.QUEUED,)


def claim(run_id: int) -> bool:
    """Take a queued run, or a running one older than the task's time limit (its worker died:
    the message comes back, being acknowledged late); False when it is taken, done or failed
    (a duplicate message). One conditional UPDATE: of two workers given the same message, one
    takes it."""
    lost = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_TASK_TIME_LIMIT + 60)
    claimable = Q(status__in=CLAIMABLE) | Q(status=RunStatus.RUNNING, started_at__lt=lost)
    taken = ImportRun.objects.filter(claimable, pk=run_id).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=0
    )
    return taken == 1


class _Progress:
    """The stored file, read through: how far the reading got, as the run's progress."""

    STEP = 1024 * 1024

    def __init__(self, file, run_id: int, size: int):
        self._file, self._run_id, self._size, self._reported = file, run_id, max(size, 1), 0

    def read(self, *args):
        data = self._file.read(*args)
        position = self._file.tell()
        if position - self._reported >= self.STEP:
            self._reported = position
            ImportRun.objects.filter(pk=self._run_id, status=RunStatus.RUNNING).update(
                progress=min(99, position * 100 // self._size)
            )
        return data

    def __getattr__(self, name):
        return getattr(self._file, name)


@contextlib.contextmanager
def memory_limit(extra_bytes: int):
    """At most ``extra_bytes`` more address space than the process has now (0: no limit), so
    that an import that would exhaust the worker ends in a MemoryError instead."""
    if not extra_bytes:
        yield
        return
    with open("/proc/self/statm") as statm:
        used = int(statm.read().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def execute(run_id: int) -> ImportRun | None:
    """Import the run's file. Idempotent: a run that is not queued is left alone. The file is
    removed once the run is done or failed."""
    if not claim(run_id):
        log.info("import run %s: not claimable (duplicate or finished), skipped", run_id)
        return None
    run = ImportRun.objects.select_related("edition", "requested_by").get(pk=run_id)
    with translation.override(run.language):  # the result is written in the organizer's language
        _import(run)
    _remove_file(run_id)
    return ImportRun.objects.get(pk=run_id)


def _import(run: ImportRun) -> None:
    run_id = run.pk
    importer = IMPORTERS.get(run.kind)
    if importer is None:
        mark_failed(run_id, message=_("This kind of import is not known to the worker."))
        return
    try:
        with memory_limit(settings.IMPORT_TASK_MEMORY_BYTES), run.file.open("rb") as stored:
            result = importer(
                rows_source=_Progress(stored, run_id, run.size),
                file_format=run.file_format,
                edition=run.edition,
                by=run.requested_by,
            )
    except ImportFailed as exc:
        mark_failed(run_id, message=exc.message, errors=exc.errors)
    except DomainError as exc:  # the edition was closed meanwhile
        mark_failed(run_id, message=exc.message)
    except MemoryError:
        mark_failed(run_id, message=_("The import needed more memory than a worker may use. Split the file."))
    else:
        ImportRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).update(
            status=RunStatus.DONE, progress=100, summary=result.summary(), finished_at=timezone.now()
        )


def mark_failed(run_id: int, *, message: str, errors=()) -> None:
    ImportRun.objects.filter(pk=run_id, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).update(
        status=RunStatus.FAILED,
        summary=message[:4000],
        errors=[[error.line, error.message[:1000]] for error in list(errors)[:1000]],
        finished_at=timezone.now(),
    )


def _remove_file(run_id: int) -> None:
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None and run.file:
        run.file.delete(save=False)
        ImportRun.objects.filter(pk=run_id).update(file="")


@shared_task(bind=True, name="expo.run_import", acks_late=True, reject_on_worker_lost=True)
def run_import(self, run_id: int) -> str:
    """Import a queued run's file (expo.import_runs). Idempotent; time-limited by the caller
    (IMPORT_TASK_TIME_LIMIT); any error fails the run with a message, never half-writes."""
    try:
        run = execute(run_id)
    except SoftTimeLimitExceeded:
        mark_failed(run_id, message=_("The import took longer than a worker may work on it. Split the file."))
        _remove_file(run_id)
        raise
    except Exception as exc:
        mark_failed(run_id, message=f"{type(exc).__name__}: {exc}")
        _remove_file(run_id)
        raise
    return run.status if run is not None else "skipped"
