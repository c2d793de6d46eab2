"""Issue 15, item 7: a run whose worker died is seen within two minutes (heartbeats), a broker
outage is answered with a message, and the staff dashboard says when workers or beat are
missing."""

import datetime
import time
import uuid
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from expo.health import WORKERS_CACHE_KEY
from expo.models import ReportRun, RunStatus, ServiceHeartbeat
from expo.reports import runs
from expo.tasks import beat_heartbeat
from tests.factories import OrganizerFactory
from tests.helpers import login_verified, start_worker

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DEAD = "The worker building this report stopped responding"


@pytest.fixture
def staff(client, organizer):
    login_verified(client, organizer)
    return client


def running(edition, *, silent_for: float) -> ReportRun:
    run = ReportRun.objects.create(kind="results", edition=edition, formats=["json"], language="en", attempts=1)
    at = timezone.now() - datetime.timedelta(seconds=silent_for)
    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=at, heartbeat_at=at)
    run.refresh_from_db()
    return run


def heartbeat_of(run_id: int) -> datetime.datetime:
    return ReportRun.objects.filter(pk=run_id).values_list("heartbeat_at", flat=True).get()


# Heartbeats ------------------------------------------------------------------------------


def test_the_defaults_find_a_dead_worker_within_two_minutes(settings):
    sweep = settings.CELERY_BEAT_SCHEDULE["expo.sweep_stale_report_runs"]["schedule"]
    assert settings.REPORTS_HEARTBEAT_SECONDS <= 30
    assert settings.REPORTS_STALE_AFTER_SECONDS == 90
    assert settings.REPORTS_STALE_AFTER_SECONDS + sweep <= 120
    assert settings.REPORTS_STALE_AFTER_SECONDS >= 4 * settings.REPORTS_HEARTBEAT_SECONDS


@pytest.mark.timeout(60)
def test_a_run_beats_while_a_single_long_step_builds(transactional_db, edition, settings):
    """No progress callback for a long time (one big PDF): the thread still beats."""
    settings.REPORTS_HEARTBEAT_SECONDS = 0.05
    run = runs.report_run_request(kind="results", edition=edition, formats=["json"], language="en")
    beats: list[datetime.datetime] = []

    def one_long_step(**kwargs):
        first = heartbeat_of(run.pk)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(beats) < 3:
            now = heartbeat_of(run.pk)
            if now != first and (not beats or now != beats[-1]):
                beats.append(now)
            time.sleep(0.02)
        yield "json", b"{}"

    with mock.patch("expo.reports.runs.render_formats", side_effect=one_long_step):
        done = runs.execute(run.pk)

    assert done.status == "done"
    assert len(beats) == 3
    assert beats == sorted(beats)


@pytest.mark.timeout(60)
def test_the_heartbeat_thread_stops_with_its_block_and_when_the_run_is_taken_away(transactional_db, edition, settings):
    run = running(edition, silent_for=5)
    with runs.heartbeat(run.pk, every=0.05) as thread:
        deadline = time.monotonic() + 20
        while heartbeat_of(run.pk) == run.heartbeat_at and time.monotonic() < deadline:
            time.sleep(0.02)
        assert heartbeat_of(run.pk) > run.heartbeat_at
    assert not thread.is_alive()

    ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
    with runs.heartbeat(run.pk, every=0.01) as thread:
        thread.join(timeout=20)
        assert not thread.is_alive()  # the run is not running: nothing to beat for
    for alias in connections:
        connections[alias].close()


def test_a_run_silent_for_more_than_90_seconds_says_its_worker_stopped_responding(staff, edition):
    dead, alive = running(edition, silent_for=95), running(edition, silent_for=30)

    dead_page = staff.get(reverse("staff:report_run", args=[dead.pk]), **EN).content.decode()
    alive_page = staff.get(reverse("staff:report_run", args=[alive.pk]), **EN).content.decode()

    assert DEAD in dead_page
    assert reverse("staff:report_rebuild", args=[dead.pk]) in dead_page
    assert 'http-equiv="refresh"' not in dead_page
    assert DEAD not in alive_page
    assert reverse("staff:report_rebuild", args=[alive.pk]) not in alive_page
    assert 'http-equiv="refresh"' in alive_page


def test_a_run_no_worker_took_says_the_workers_may_be_stopped(staff, edition):
    run = ReportRun.objects.create(kind="results", edition=edition, formats=["json"], language="en")
    ReportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3))

    page = staff.get(reverse("staff:report_run", args=[run.pk]), **EN).content.decode()

    assert "No worker has taken this report yet" in page


def test_the_sweeper_requeues_a_run_silent_for_more_than_90_seconds(edition):
    dead, alive = running(edition, silent_for=95), running(edition, silent_for=60)

    with mock.patch("expo.reports.runs.build_report_run.apply_async") as send:
        assert runs.sweep_stale_runs() == {"requeued": 1, "failed": 0}

    assert ReportRun.objects.get(pk=dead.pk).status == "queued"
    assert ReportRun.objects.get(pk=alive.pk).status == "running"
    assert [c.kwargs["args"] for c in send.call_args_list] == [[dead.pk]]


def test_build_again_fails_the_dead_run_and_queues_a_new_one_with_the_same_request(
    staff, edition, organizer, django_capture_on_commit_callbacks
):
    dead = running(edition, silent_for=120)
    ReportRun.objects.filter(pk=dead.pk).update(formats=["json", "pdf"], language="zh-hans", parameters={"x": 1})

    with (
        mock.patch("expo.reports.runs.build_report_run.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = staff.post(reverse("staff:report_rebuild", args=[dead.pk]), **EN)

    new = ReportRun.objects.exclude(pk=dead.pk).get()
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    dead.refresh_from_db()
    assert (dead.status, dead.error) == ("failed", "The worker building this report stopped responding.")
    assert (new.status, new.kind, new.formats, new.language, new.parameters, new.requested_by) == (
        "queued",
        "results",
        ["json", "pdf"],
        "zh-hans",
        {"x": 1},
        organizer,
    )
    send.assert_called_once_with(args=[new.pk], task_id=new.task_id, queue="celery")


@pytest.mark.parametrize("status", ["done", "queued", "running"])
def test_build_again_refuses_a_run_that_is_done_or_alive(staff, edition, status):
    run = running(edition, silent_for=10)
    ReportRun.objects.filter(pk=run.pk).update(status=status)

    response = staff.post(reverse("staff:report_rebuild", args=[run.pk]), follow=True, **EN)

    assert ReportRun.objects.count() == 1
    assert ReportRun.objects.get().status == status
    assert "there is nothing to build again" in response.content.decode()


def test_build_again_is_for_organizers_only(client, edition):
    from tests.factories import MemberUnitUserFactory

    dead = running(edition, silent_for=120)
    client.force_login(MemberUnitUserFactory())

    assert client.post(reverse("staff:report_rebuild", args=[dead.pk])).status_code == 403
    assert client.get(reverse("staff:report_rebuild", args=[dead.pk])).status_code in (403, 405)
    assert ReportRun.objects.count() == 1


# Broker down -----------------------------------------------------------------------------


def test_requesting_a_report_with_the_broker_down_answers_a_message_and_leaves_nothing_queued(
    transactional_db, staff, edition
):
    """Committed for real (no test transaction around it), as in production."""
    refused = BrokerError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with mock.patch("kombu.messaging.Producer.publish", side_effect=refused):
        response = staff.post(
            reverse("staff:report_runs"),
            {"kind": "results", "edition": edition.pk, "language": "en", "formats": ["json"]},
            **EN,
        )

    assert response.status_code == 503
    assert "The task queue cannot be reached" in response.content.decode()
    assert list(ReportRun.objects.values_list("status", flat=True)) == ["failed"]
    assert "The task queue cannot be reached" in ReportRun.objects.get().error


def test_the_worker_check_with_the_broker_down_answers_a_message(staff):
    with mock.patch("kombu.messaging.Producer.publish", side_effect=BrokerError("refused")):
        response = staff.post(reverse("staff:worker_check"), follow=True, **EN)

    assert response.status_code == 200
    assert "The task queue cannot be reached" in response.content.decode()


# Staff dashboard: workers and beat -------------------------------------------------------


def test_the_dashboard_says_no_worker_answers_without_slowing_the_page(staff):
    cache.delete(WORKERS_CACHE_KEY)

    started = time.monotonic()
    html = staff.get(reverse("staff:dashboard"), **EN).content.decode()
    elapsed = time.monotonic() - started

    assert "none is answering" in html
    assert "unknown while no worker runs its tasks" in html
    assert elapsed < 2.5  # the ping waits WORKER_PING_TIMEOUT_SECONDS (0.5 s)
    started = time.monotonic()
    staff.get(reverse("staff:dashboard"), **EN)
    assert time.monotonic() - started < 1.0  # the answer is cached


def test_the_dashboard_does_not_ask_the_workers_while_the_broker_is_down(staff, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    cache.delete(WORKERS_CACHE_KEY)

    html = staff.get(reverse("staff:dashboard"), **EN).content.decode()

    assert "Task queue: not reachable" in html
    assert "cannot be asked while the task queue is not reachable" in html
    assert "127.0.0.1" not in html


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_the_dashboard_sees_a_real_worker_and_says_when_beat_is_missing(transactional_db, client, tmp_path):
    login_verified(client, OrganizerFactory(username="secretary", is_superuser=True))
    queue = f"health-test-{uuid.uuid4().hex[:8]}"
    with open(tmp_path / "worker.log", "w+") as log:
        worker = start_worker(queue, log)
        try:
            deadline = time.monotonic() + 60
            html = ""
            while time.monotonic() < deadline:
                cache.delete(WORKERS_CACHE_KEY)
                html = client.get(reverse("staff:dashboard"), **EN).content.decode()
                if "1 answering" in html:
                    break
            assert "1 answering" in html
            assert "Scheduler (<code>beat</code>): not running" in html

            ServiceHeartbeat.objects.create(name="beat", at=timezone.now() - datetime.timedelta(minutes=4))
            assert (
                "Scheduler (<code>beat</code>): not running"
                in client.get(reverse("staff:dashboard"), **EN).content.decode()
            )

            beat_heartbeat.apply()
            html = client.get(reverse("staff:dashboard"), **EN).content.decode()
            assert "Scheduler (<code>beat</code>): running" in html
        finally:
            worker.terminate()
            worker.wait(timeout=30)
