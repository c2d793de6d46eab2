"""Report runs: requested, built once, retried on database and storage errors, failed with
the error otherwise, and never left "running" by a worker that died."""

import datetime
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone

from expo.models import ReportFile, ReportRun, RunSource, RunStatus
from expo.reports import runs
from expo.reports.runs import build_report_run
from expo.reports.tasks import sweep_stale_report_runs

pytestmark = pytest.mark.django_db


def request(edition, user=None, formats=("json", "xlsx")):
    return runs.report_run_request(
        kind="results", edition=edition, formats=list(formats), language="en", requested_by=user
    )


def test_a_request_is_queued_and_sent_to_a_worker_after_commit(edition, organizer, django_capture_on_commit_callbacks):
    with mock.patch("expo.reports.runs.build_report_run.apply_async") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = request(edition, organizer, formats=["pdf", "json", "pdf"])
        send.assert_not_called()  # nothing leaves before the commit
        for callback in callbacks:
            callback()

    assert (run.status, run.formats, run.source, run.requested_by) == ("queued", ["json", "pdf"], "page", organizer)
    send.assert_called_once_with(args=[run.pk], task_id=run.task_id, queue="celery")


def test_a_request_without_formats_is_refused(edition, english):
    with pytest.raises(runs.ReportRequestInvalid, match="at least one format"):
        runs.report_run_request(kind="results", edition=edition, formats=[], language="en")
    assert not ReportRun.objects.exists()


def test_execute_builds_every_format_and_marks_the_run_done(results_data, organizer):
    run = request(results_data, organizer)

    runs.execute(run.pk)

    run.refresh_from_db()
    assert (run.status, run.progress, run.attempts, run.error) == ("done", 100, 1, "")
    assert run.started_at <= run.finished_at
    files = {f.format: f for f in run.files.all()}
    assert set(files) == {"json", "xlsx"}
    assert files["json"].file.read().startswith(b"{")
    assert files["xlsx"].size > 1000
    assert len(files["xlsx"].sha256) == 64
    assert "results" not in files["json"].file.name  # random names, not the report's


def test_execute_is_idempotent(results_data):
    run = request(results_data)
    runs.execute(run.pk)
    first = list(ReportFile.objects.values_list("pk", "sha256"))

    assert runs.execute(run.pk) is None  # a duplicate delivery does nothing

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 1)
    assert list(ReportFile.objects.values_list("pk", "sha256")) == first


def test_a_run_alive_on_another_worker_is_not_taken(results_data):
    run = request(results_data)
    assert runs.claim(run.pk)

    assert runs.execute(run.pk) is None

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)


def test_a_database_error_is_retried_with_backoff_then_fails_the_run(results_data, settings):
    run = request(results_data)
    with mock.patch("expo.reports.runs.render_formats", side_effect=OperationalError("server closed the connection")):
        result = build_report_run.apply(args=[run.pk])

    # Celery's eager apply retries in place: max_retries (3) retries after the first try.
    run.refresh_from_db()
    assert result.state == "FAILURE"
    assert run.status == "failed"
    assert run.attempts == 4
    assert "OperationalError: server closed the connection" in run.error


def test_a_database_error_then_success_ends_done(results_data):
    run = request(results_data, formats=["json"])
    calls = {"n": 0}
    real = runs.render_formats

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("deadlock detected")
        return real(**kwargs)

    with mock.patch("expo.reports.runs.render_formats", side_effect=flaky):
        build_report_run.apply(args=[run.pk])

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("done", 2)


def test_any_other_error_fails_the_run_with_its_message(results_data):
    run = request(results_data)
    with mock.patch("expo.reports.runs.render_formats", side_effect=ValueError("no such font")):
        result = build_report_run.apply(args=[run.pk])

    run.refresh_from_db()
    assert result.state == "FAILURE"
    assert (run.status, run.attempts) == ("failed", 1)
    assert run.error == "ValueError: no such font"
    assert not run.files.exists()


def _silent(run, minutes):
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_the_sweeper_requeues_a_silent_run_and_fails_it_after_its_attempts(results_data, settings, english):
    settings.REPORTS_STALE_AFTER_SECONDS = 600
    alive, silent, exhausted = request(results_data), request(results_data), request(results_data)
    _silent(alive, 1)
    _silent(silent, 11)
    _silent(exhausted, 11)
    ReportRun.objects.filter(pk=exhausted.pk).update(attempts=settings.REPORTS_MAX_ATTEMPTS)

    with mock.patch("expo.reports.runs.build_report_run.apply_async") as send:
        assert sweep_stale_report_runs.apply().get() == {"requeued": 1, "failed": 1}

    statuses = dict(ReportRun.objects.values_list("pk", "status"))
    assert statuses == {alive.pk: "running", silent.pk: "queued", exhausted.pk: "failed"}
    silent.refresh_from_db()
    send.assert_called_once_with(args=[silent.pk], task_id=silent.task_id, queue="celery")
    assert "stopped answering" in ReportRun.objects.get(pk=exhausted.pk).error


def test_the_sweeper_sends_again_a_run_whose_message_was_lost(results_data, settings):
    settings.REPORTS_STALE_AFTER_SECONDS = 600
    lost = request(results_data)
    ReportRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    fresh = request(results_data)

    with mock.patch("expo.reports.runs.build_report_run.apply_async") as send:
        runs.sweep_stale_runs()

    assert [c.kwargs["args"] for c in send.call_args_list] == [[lost.pk]]
    assert fresh.pk != lost.pk


def test_a_run_the_sweeper_took_back_is_not_finished_by_its_old_worker(results_data, settings):
    """The old worker wakes up after the sweeper failed the run: it must not mark it done."""
    run = request(results_data, formats=["json"])
    real = runs.render_formats

    def slow(**kwargs):
        yield from real(**kwargs)
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error="given up")

    with mock.patch("expo.reports.runs.render_formats", side_effect=slow):
        assert runs.execute(run.pk) is None

    run.refresh_from_db()
    assert (run.status, run.files.count()) == ("failed", 0)


def test_scheduled_and_admin_runs_record_their_source(edition):
    run = runs.report_run_request(
        kind="pipeline", edition=edition, formats=["json"], language="zh-hans", source=RunSource.ADMIN
    )
    assert run.get_source_display()
    assert run.source == "admin"
