"""The reports pages through HTTP: organizers ask, watch and download; nobody else gets in."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from expo.models import ReportFile, ReportRun
from expo.reports import runs
from tests.factories import MemberUnitUserFactory, OrganizerFactory, exhibitor_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, organizer):
    client.force_login(organizer)
    return client


def done_run(edition, user=None, fmt="pdf"):
    run = ReportRun.objects.create(kind="results", edition=edition, formats=[fmt], language="en", requested_by=user)
    run.status = "done"
    run.save()
    report_file = ReportFile(run=run, format=fmt, size=9)
    report_file.file.save(fmt, ContentFile(b"%PDF-1.7 fake"), save=True)
    return run


def test_an_organizer_requests_a_report_and_is_sent_to_its_run(
    staff, edition, organizer, django_capture_on_commit_callbacks
):
    from unittest import mock

    with (
        mock.patch("expo.reports.runs.build_report_run.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = staff.post(
            reverse("staff:report_runs"),
            {"kind": "progress", "edition": edition.pk, "language": "zh-hans", "formats": ["pdf", "xlsx"]},
        )

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert (run.kind, run.language, run.formats, run.requested_by) == (
        "progress",
        "zh-hans",
        ["xlsx", "pdf"],
        organizer,
    )
    send.assert_called_once()


def test_a_request_without_a_format_shows_the_error_and_queues_nothing(staff, edition, english):
    response = staff.post(
        reverse("staff:report_runs"),
        {"kind": "results", "edition": edition.pk, "language": "en"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert "Choose at least one format." in response.content.decode()
    assert not ReportRun.objects.exists()


def test_the_list_shows_runs_with_their_status_and_files_in_constant_queries(
    staff, edition, organizer, django_assert_num_queries, django_assert_max_num_queries
):
    done_run(edition, organizer)
    url = reverse("staff:report_runs")
    staff.get(url)  # warm the session and the user
    with django_assert_max_num_queries(8) as few:
        response = staff.get(url)
    for _ in range(5):
        done_run(edition, organizer, fmt="xlsx")
    with django_assert_num_queries(len(few)):
        response = staff.get(url)

    body = response.content.decode()
    assert body.count('href="/staff/reports/') >= 12
    assert "XLSX" in body
    assert "PDF" in body


def test_the_run_page_refreshes_itself_while_pending_and_links_files_when_done(staff, edition):
    pending = runs.report_run_request(kind="results", edition=edition, formats=["json"], language="en")
    response = staff.get(pending.get_absolute_url())
    assert 'http-equiv="refresh"' in response.content.decode()

    done = done_run(edition)
    body = staff.get(done.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in body
    assert reverse("staff:report_download", args=[done.pk, "pdf"]) in body


def test_a_failed_run_shows_its_error(staff, edition):
    run = ReportRun.objects.create(
        kind="results", edition=edition, formats=["pdf"], language="en", status="failed", error="ValueError: no font"
    )
    assert "ValueError: no font" in staff.get(run.get_absolute_url()).content.decode()


def test_download_is_an_attachment_with_the_right_type(staff, edition):
    run = done_run(edition)

    response = staff.get(reverse("staff:report_download", args=[run.pk, "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"expo13-results-en-{run.pk}.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 fake"


def test_download_of_a_missing_format_is_404(staff, edition):
    run = done_run(edition)
    assert staff.get(reverse("staff:report_download", args=[run.pk, "xlsx"])).status_code == 404
    assert staff.get(reverse("staff:report_download", args=[run.pk, "exe"])).status_code == 404


@pytest.mark.parametrize("who", ["commerce", "exhibitor"])
def test_only_organizers_see_reports(client, edition, who):
    run = done_run(edition)
    user = MemberUnitUserFactory() if who == "commerce" else exhibitor_user()
    client.force_login(user)

    for url in (
        reverse("staff:report_runs"),
        run.get_absolute_url(),
        reverse("staff:report_download", args=[run.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("staff:report_runs"), {"kind": "results"}).status_code == 403
    assert ReportRun.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, edition):
    run = done_run(edition)
    response = client.get(reverse("staff:report_download", args=[run.pk, "pdf"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_admin_requests_a_run_through_the_same_service(client, edition, django_capture_on_commit_callbacks):
    from unittest import mock

    admin_user = OrganizerFactory(username="boss", is_superuser=True)
    client.force_login(admin_user)
    with (
        mock.patch("expo.reports.runs.build_report_run.apply_async") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("admin:expo_reportrun_add"),
            {"kind": "pipeline", "edition": edition.pk, "language": "en", "formats": ["json"]},
        )

    assert response.status_code == 302, response.content.decode()[:2000]
    run = ReportRun.objects.get()
    assert (run.kind, run.source, run.requested_by) == ("pipeline", "admin", admin_user)
    send.assert_called_once()
    changelist = client.get(reverse("admin:expo_reportrun_changelist"))
    assert changelist.status_code == 200
    assert client.post(reverse("admin:expo_reportrun_delete", args=[run.pk])).status_code == 403
