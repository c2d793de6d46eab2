"""A real Celery worker killed in the middle of a report: the run does not stay "running"
forever; the sweeper re-queues it and another worker finishes it."""

import os
import signal
import time
import uuid

import pytest

from expo.models import ReportRun
from expo.reports import runs
from tests.helpers import start_worker


def wait_for(run_id: int, statuses: tuple[str, ...], timeout: float) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = ReportRun.objects.get(pk=run_id)
        if run.status in statuses:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} stayed {run.status!r} (wanted {statuses})")


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_worker_killed_mid_run_leaves_the_run_requeued_and_another_worker_finishes_it(
    transactional_db, edition, settings, tmp_path
):
    queue = f"reports-test-{uuid.uuid4().hex[:8]}"
    settings.REPORTS_QUEUE = queue
    run = runs.report_run_request(kind="results", edition=edition, formats=["json", "xlsx", "pdf"], language="en")
    with open(tmp_path / "worker.log", "w+") as log:
        first = start_worker(queue, log, REPORTS_STEP_DELAY_SECONDS="5")
        try:
            running = wait_for(run.pk, ("running",), timeout=90)
            assert running.attempts == 1
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # the whole worker, as the OOM killer would
            first.wait(timeout=30)

        # Killed: nobody will ever finish it, yet it says "running".
        time.sleep(1.5)
        assert ReportRun.objects.get(pk=run.pk).status == "running"

        settings.REPORTS_STALE_AFTER_SECONDS = 1
        assert runs.sweep_stale_runs() == {"requeued": 1, "failed": 0}
        assert ReportRun.objects.get(pk=run.pk).status == "queued"

        second = start_worker(queue, log)
        try:
            done = wait_for(run.pk, ("done", "failed"), timeout=120)
        finally:
            second.terminate()
            second.wait(timeout=30)
        log.seek(0)
        print(log.read()[-3000:])

    assert (done.status, done.attempts, done.error) == ("done", 2, "")
    assert sorted(done.files.values_list("format", flat=True)) == ["json", "pdf", "xlsx"]
