"""Issue 15, item 9: the small ones, each a 500 or a leak before. One test per finding, named
after what it proves."""

import datetime
import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from delegations.models import Delegate
from expo import audit, security, uploads
from expo.committee import services as committee
from expo.models import ReportRun, ReportStatus
from tests.committee.factories import ProgressReportFactory
from tests.delegations.factories import DelegateFactory
from tests.factories import MemberUnitUserFactory, OrganizerFactory
from tests.helpers import PRODUCTION_SECRET, clean_env, run_python

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def superuser_client(client):
    client.force_login(OrganizerFactory(username="root", is_superuser=True, offices=["secretariat"]))
    return client


# Dates out of range ------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "x"])
def test_the_protocol_desk_ignores_a_day_out_of_range(superuser_client, edition, day):
    response = superuser_client.get(reverse("protocol:desk"), {"day": day}, **EN)

    assert response.status_code == 200
    assert response.context["day"] != day
    assert datetime.date(1900, 1, 1) <= response.context["day"] <= datetime.date(2999, 12, 31)


def _date_hierarchies():
    return sorted(
        (f"{model._meta.app_label}/{model._meta.model_name}", model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    )


@pytest.mark.parametrize(("path", "field"), _date_hierarchies())
@pytest.mark.parametrize(
    "drill",
    [
        {"year": "9999", "month": "12", "day": "31"},
        {"year": "9999", "month": "12"},
        {"year": "9999"},
        {"year": "1"},
        {"year": "0001", "month": "1", "day": "1"},
    ],
    ids=["day", "month", "year", "year-1", "first-day"],
)
def test_admin_date_drill_downs_at_the_edges_of_time_are_refused_not_500(superuser_client, path, field, drill):
    query = {f"{field}__{part}": value for part, value in drill.items()}

    response = superuser_client.get(f"/admin/{path}/", query, **EN)

    assert response.status_code == 400
    assert response.content.decode() == "The year to show must be between 1900 and 2999."


@pytest.mark.parametrize(("path", "field"), _date_hierarchies())
def test_admin_date_drill_downs_inside_the_range_still_work(superuser_client, path, field):
    query = {f"{field}__year": "2999", f"{field}__month": "12", f"{field}__day": "31"}

    assert superuser_client.get(f"/admin/{path}/", query).status_code == 200


# Logins ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_a_login_with_a_300_character_user_name_is_a_form_error(client, path):
    from axes.models import AccessAttempt

    response = client.post(path, {"username": "u" * 300, "password": "whatever-it-is"}, **EN)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Ensure this value has at most 150 characters (it has 300)." in str(errors)
    assert AccessAttempt.objects.filter(username="u" * 300).count() == 0


# /healthz: see tests/expo/test_health.py (status words only, details in the log).


# Attachments -------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _png(size=(4, 4), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_attachment_downloads_under_its_detected_extension_not_the_uploaders(client, media):
    report = ProgressReportFactory(status=ReportStatus.SUBMITTED)
    attachment = committee.attachment_add(report=report, file=SimpleUploadedFile("photo.exe", _png()))
    assert (attachment.original_name, attachment.content_type) == ("photo.exe", uploads.PNG)

    client.force_login(MemberUnitUserFactory(member_unit=report.unit))
    for url in (attachment.file.url, reverse("portal:committee_attachment", args=[attachment.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="photo.png"'
    client.force_login(OrganizerFactory(offices=["secretariat"]))
    response = client.get(reverse("staff:committee_attachment", args=[attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="photo.png"'


# The committee's reports are the secretariat's ---------------------------------------------


@pytest.fixture
def submitted_report(edition):
    return ProgressReportFactory(
        work_item__edition=edition, status=ReportStatus.SUBMITTED, narrative="SUBMITTED-NARRATIVE"
    )


@pytest.mark.parametrize("office", ["protocol", "exhibition", "investment"])
def test_only_the_secretariat_reads_the_committees_progress_reports(client, submitted_report, office):
    attachment = committee.attachment_add(report=submitted_report, file=SimpleUploadedFile("a.png", _png()))
    digest = ReportRun.objects.create(kind="progress", edition=submitted_report.work_item.edition, formats=["json"])
    client.force_login(OrganizerFactory(offices=[office]))

    assert client.get(reverse("staff:committee")).status_code == 403
    assert client.get(reverse("staff:committee_review", args=[submitted_report.pk])).status_code == 403
    assert client.get(reverse("staff:committee_attachment", args=[attachment.pk])).status_code == 403
    assert client.get("/admin/expo/progressreport/").status_code == 403
    assert client.get(f"/admin/expo/progressreport/{submitted_report.pk}/change/").status_code == 403
    assert client.get(reverse("staff:report_run", args=[digest.pk])).status_code == 403
    runs_page = client.get(reverse("staff:report_runs"), **EN)
    assert runs_page.status_code == 200
    assert digest not in runs_page.context["runs"]
    assert "progress" not in dict(runs_page.context["form"].fields["kind"].choices)
    refused = client.post(
        reverse("staff:report_runs"),
        {"kind": "progress", "edition": digest.edition_id, "language": "en", "formats": ["json"]},
    )
    assert refused.status_code == 200
    assert ReportRun.objects.count() == 1


def test_the_secretariat_still_reads_the_committees_progress_reports(client, submitted_report):
    digest = ReportRun.objects.create(kind="progress", edition=submitted_report.work_item.edition, formats=["json"])
    client.force_login(OrganizerFactory(offices=["secretariat"]))

    assert client.get(reverse("staff:committee_review", args=[submitted_report.pk])).status_code == 200
    assert client.get("/admin/expo/progressreport/").status_code == 200
    assert client.get(reverse("staff:report_run", args=[digest.pk])).status_code == 200


def test_the_admin_does_not_show_a_units_drafts(superuser_client, submitted_report):
    draft = ProgressReportFactory(
        work_item=submitted_report.work_item, period=datetime.date(2020, 1, 1), status=ReportStatus.DRAFT
    )

    listing = superuser_client.get("/admin/expo/progressreport/")
    change = superuser_client.get(f"/admin/expo/progressreport/{draft.pk}/change/")

    assert [r.pk for r in listing.context["cl"].result_list] == [submitted_report.pk]
    assert change.status_code == 302  # "doesn't exist", as for any object one may not see
    assert superuser_client.get(f"/admin/expo/progressreport/{submitted_report.pk}/change/").status_code == 200


# Pictures ----------------------------------------------------------------------------------


def test_a_12000_by_12000_png_is_refused_as_an_exhibit_image(english):
    bomb = _png(size=(12000, 12000), mode="1")  # 144 million pixels in a few kilobytes
    assert len(bomb) < 100_000

    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(SimpleUploadedFile("big.png", bomb), kind=uploads.EXHIBIT_IMAGE)

    assert refused.value.code == "too_many_pixels"
    assert refused.value.messages == ["The picture is 12000 × 12000 pixels; at most 40 million pixels are accepted."]
    assert uploads.sniff(SimpleUploadedFile("big.png", bomb)) is None
    with pytest.raises(ValidationError) as refused:  # past Pillow's own bomb limit
        uploads.check_upload(SimpleUploadedFile("b.png", _png(size=(14000, 14000), mode="1")), kind=uploads.LOGO)
    assert refused.value.messages == ["The picture has far too many pixels; at most 40 million are accepted."]
    assert uploads.check_upload(SimpleUploadedFile("ok.png", _png(size=(4000, 3000))), kind=uploads.EXHIBIT_IMAGE)


# The proxy's headers -----------------------------------------------------------------------


@pytest.mark.slow
def test_the_proxy_headers_are_not_trusted_without_a_trusted_proxy(settings, rf):
    assert settings.TRUSTED_PROXY_COUNT == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None
    request = rf.post("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert audit.client_ip(request) == "192.0.2.7"
    assert security.client_ip(request) == "192.0.2.7"
    assert rf.get("/", HTTP_X_FORWARDED_PROTO="https").is_secure() is False

    behind_one = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        clean_env(
            SECRET_KEY=PRODUCTION_SECRET,
            DATABASE_URL="sqlite:////tmp/unused.sqlite3",
            CELERY_BROKER_URL="redis://127.0.0.1:1/0",
            TRUSTED_PROXY_COUNT="1",
            ALLOWED_HOSTS="x",
        ),
    )
    assert behind_one.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", behind_one.stderr


# Birth dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (datetime.date(1, 1, 1), "A date of birth before 1900-01-01 is not possible."),
        (datetime.date(1899, 12, 31), "A date of birth before 1900-01-01 is not possible."),
        (datetime.date(2999, 1, 1), "A date of birth is in the past."),
    ],
)
def test_a_delegate_born_in_year_1_or_in_the_future_is_refused(superuser_client, born, message, english):
    delegate = DelegateFactory()
    delegate.date_of_birth = born
    with pytest.raises(ValidationError) as refused:
        delegate.full_clean()
    assert refused.value.message_dict["date_of_birth"] == [message]

    form_class = admin.site._registry[Delegate].get_form(_admin_request(superuser_client), delegate)
    data = {**form_class(instance=DelegateFactory.build()).initial, "date_of_birth": born.isoformat()}
    form = form_class(data=data, instance=delegate)
    assert form.errors["date_of_birth"] == [message]


def test_a_delegate_import_refuses_a_birth_date_in_year_1(english):
    from delegations.imports import COLUMNS, ImportFailed, import_delegates
    from tests.factories import EditionFactory

    edition = EditionFactory(number=14)
    row = "foreign,RU,,Aleksey Orlov,,,male,,4,,,,0001-01-01,"
    source = io.BytesIO(f"{','.join(COLUMNS)}\n{row}\n".encode())

    with pytest.raises(ImportFailed) as failed:
        import_delegates(rows_source=source, file_format="csv", edition=edition)

    assert [(e.line, e.message) for e in failed.value.errors] == [
        (2, "A date of birth before 1900-01-01 is not possible.")
    ]
    assert not Delegate.objects.exists()


def _admin_request(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = OrganizerFactory(username="protocol-head", is_superuser=True, offices=["protocol"])
    return request


@pytest.mark.parametrize(("path", "field"), _date_hierarchies())
@pytest.mark.parametrize(
    "query",
    [
        {"__gte": "0001-01-01", "__lt": "0001-01-02"},
        {"__gte": "9999-12-31", "__lt": "10000-01-01"},
        {"__gte": "9999-12-31"},
    ],
    ids=["first-day", "last-day", "from-the-last-day"],
)
def test_admin_date_filters_at_the_edges_of_time_are_refused_not_500(superuser_client, path, field, query):
    response = superuser_client.get(f"/admin/{path}/", {f"{field}{lookup}": value for lookup, value in query.items()})

    assert response.status_code == 400
    assert superuser_client.get(f"/admin/{path}/", {f"{field}__gte": "2026-12-01"}).status_code == 200
