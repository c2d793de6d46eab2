"""Large admin imports run as Celery tasks (issue 15): stored, queued, claimed once, imported
all or nothing within limits, and followed by the organizer on the import page."""

import csv
import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from exhibitors.models import Exhibitor
from expo import import_runs
from expo.celery import app as celery_app
from expo.models import ActivityLog, AuditAction, ImportRun, RunStatus

pytestmark = pytest.mark.django_db

EXHIBITOR_COLUMNS = (
    "name", "name_en", "kind", "country", "province", "city", "industry", "contact_name", "contact_phone",
    "contact_email", "website", "mode", "pavilion",
)  # fmt: skip
IMPORT_URL = "admin:exhibitors_exhibitor_import"


def exhibitors_csv(*names: str, blank_lines: int = 0) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXHIBITOR_COLUMNS)
    for name in names:
        writer.writerow(
            [
                name,
                "",
                "enterprise",
                "KR",
                "",
                "",
                "electronics",
                "Kim",
                "",
                f"{len(name)}@example.org",
                "",
                "online",
                "",
            ]
        )
    out.write("\n" * blank_lines)
    writer.writerow(
        ["Late Co.", "", "enterprise", "KR", "", "", "electronics", "Kim", "", "late@example.org", "", "online", ""]
    )
    return out.getvalue().encode()


@pytest.fixture
def queued_run(admin_client, edition, settings, django_capture_on_commit_callbacks):
    """A POST of a file above the inline limit: the run it queued, and its task not yet sent."""
    settings.IMPORT_INLINE_MAX_BYTES = 10
    admin_client.cookies["django_language"] = "en"

    def post(content: bytes):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = admin_client.post(
                reverse(IMPORT_URL), {"file": SimpleUploadedFile("rows.csv", content), "edition": edition.pk}
            )
        run = ImportRun.objects.get()
        assert response.status_code == 302
        assert response.headers["Location"] == f"{reverse(IMPORT_URL)}?run={run.pk}"
        assert len(callbacks) == 1
        return run, callbacks

    return post


def test_a_large_admin_import_is_queued_then_imported_once_by_a_worker(admin_client, queued_run, admin_user):
    before = Exhibitor.objects.count()
    run, callbacks = queued_run(exhibitors_csv("Hanbit Energy Co.", "Seoul Foods Co."))

    assert (run.status, run.kind, run.requested_by, run.original_name) == (
        RunStatus.QUEUED,
        "exhibitors",
        admin_user,
        "rows.csv",
    )
    assert run.file.name.startswith("imports/")
    assert "rows" not in run.file.name
    page = admin_client.get(f"{reverse(IMPORT_URL)}?run={run.pk}").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Status: queued" in page
    assert Exhibitor.objects.count() == before

    celery_app.conf.task_always_eager = True
    try:
        callbacks[0]()  # the worker: expo.run_import, with its time limits
    finally:
        celery_app.conf.task_always_eager = False

    run.refresh_from_db()
    assert (run.status, run.progress, run.errors) == (RunStatus.DONE, 100, [])
    assert run.summary.startswith("3 ")
    assert run.file.name == ""
    assert Exhibitor.objects.count() == before + 3
    assert ActivityLog.objects.filter(action=AuditAction.IMPORT, actor=admin_user).count() == 1
    page = admin_client.get(f"{reverse(IMPORT_URL)}?run={run.pk}").content.decode()
    assert "http-equiv" not in page
    assert run.summary in page

    assert import_runs.execute(run.pk) is None  # a redelivered message does nothing
    assert Exhibitor.objects.count() == before + 3


def test_a_queued_import_of_a_hostile_file_fails_with_its_problems_by_line(admin_client, queued_run):
    before = Exhibitor.objects.count()
    run, _callbacks = queued_run(exhibitors_csv("Hanbit Energy Co.", blank_lines=5000))

    import_runs.execute(run.pk)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.summary == "The file has 1 problem; nothing was imported."
    assert run.errors == [
        [1003, "more than 1000 empty rows follow one another here. Remove the empty rows and import the file again."]
    ]
    assert run.file.name == ""
    assert Exhibitor.objects.count() == before
    page = admin_client.get(f"{reverse(IMPORT_URL)}?run={run.pk}").content.decode()
    assert "<td>1003</td><td>more than 1000 empty rows follow one another here." in page


def test_a_small_admin_import_still_runs_while_the_page_waits(admin_client, edition, settings):
    before = Exhibitor.objects.count()

    response = admin_client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile("rows.csv", exhibitors_csv("Hanbit Energy Co.")), "edition": edition.pk},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:exhibitors_exhibitor_changelist")
    assert Exhibitor.objects.count() == before + 2
    assert ImportRun.objects.count() == 0


def test_the_import_page_shows_only_runs_of_its_own_kind(admin_client, queued_run):
    run, _callbacks = queued_run(exhibitors_csv("Hanbit Energy Co."))

    assert admin_client.get(f"{reverse('admin:projects_project_import')}?run={run.pk}").status_code == 404
    assert admin_client.get(f"{reverse(IMPORT_URL)}?run={run.pk + 1}").status_code == 404
    assert admin_client.get(f"{reverse(IMPORT_URL)}?run=1%00").status_code in (400, 404)
    assert admin_client.get(f"{reverse(IMPORT_URL)}?run=x").status_code == 404


def test_the_memory_limit_turns_an_allocation_beyond_it_into_a_memory_error():
    with import_runs.memory_limit(64 * 1024 * 1024), pytest.raises(MemoryError):
        bytearray(512 * 1024 * 1024)

    assert len(bytearray(128 * 1024 * 1024)) == 128 * 1024 * 1024  # the limit is gone afterwards


def test_an_import_queued_while_the_broker_is_down_fails_with_a_message(
    admin_client, edition, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from expo.import_runs import run_import

    def broker_down(*args, **kwargs):
        raise OperationalError("[Errno 111] Connection refused")

    monkeypatch.setattr(run_import, "apply_async", broker_down)  # the broker, outside our code
    settings.IMPORT_INLINE_MAX_BYTES = 10
    admin_client.cookies["django_language"] = "en"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(IMPORT_URL),
            {"file": SimpleUploadedFile("rows.csv", exhibitors_csv("Hanbit Energy Co.")), "edition": edition.pk},
        )

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.file.name) == (RunStatus.FAILED, "")
    assert run.summary == "The task queue cannot be reached, so the file was not imported. Try again later."
    assert run.summary in admin_client.get(response.headers["Location"]).content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("claimable", "expected"), [(None, 1), (("queued", "running"), 4)], ids=["guarded", "seam-off"]
)
def test_two_workers_given_the_same_run_at_once_take_it_once(edition, monkeypatch, claimable, expected):
    """The same message delivered twice, to two workers at the same moment: one claims the run.
    The negative control lets a running run be claimed again and shows both taking it."""
    if claimable is not None:
        monkeypatch.setattr(import_runs, "CLAIMABLE", claimable)
    run = ImportRun.objects.create(kind="exhibitors", edition=edition, file_format="csv", original_name="rows.csv")
    barrier = threading.Barrier(4)
    taken = []

    def worker():
        try:
            barrier.wait()
            taken.append(import_runs.claim(run.pk))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert taken.count(True) == expected
    assert ImportRun.objects.get(pk=run.pk).status == RunStatus.RUNNING


def test_a_run_whose_worker_died_is_taken_again_once_its_time_limit_has_passed(edition, settings):
    settings.IMPORT_TASK_TIME_LIMIT = 600
    now = timezone.now()
    alive = ImportRun.objects.create(
        kind="exhibitors", edition=edition, status=RunStatus.RUNNING, started_at=now - datetime.timedelta(seconds=600)
    )
    lost = ImportRun.objects.create(
        kind="exhibitors", edition=edition, status=RunStatus.RUNNING, started_at=now - datetime.timedelta(seconds=700)
    )
    done = ImportRun.objects.create(kind="exhibitors", edition=edition, status=RunStatus.DONE, started_at=now)

    assert [import_runs.claim(run.pk) for run in (alive, lost, done)] == [False, True, False]
