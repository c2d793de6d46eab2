"""Uploads kept in an S3 bucket (expo/storage.py), against moto's S3 server on the loopback:
written through the real portal views into the bucket and not on the disk, served only through
the permission views, read back by the import worker (the backup's round trip through a bucket
is in tests/expo/test_backup.py)."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from exhibitors.models import Exhibit, Exhibitor
from expo import storage
from expo.celery import app as celery_app
from expo.models import ImportRun, ReportAttachment, RunStatus
from tests.committee.factories import WorkItemFactory
from tests.expo.test_import_runs import IMPORT_URL, exhibitors_csv
from tests.factories import (
    ExhibitorFactory,
    MemberUnitFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    PavilionFactory,
    exhibitor_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PROFILE_FIELDS = ("kind", "name", "name_en", "province", "city", "industry", "contact_name", "contact_email")


def png(colour=(11, 79, 138)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def files_on_disk(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def owner(client):
    exhibitor = ExhibitorFactory()
    user = exhibitor_user(exhibitor=exhibitor)
    client.force_login(user)
    return exhibitor


def upload_logo(client, exhibitor, content: bytes) -> Exhibitor:
    data = {**{f: getattr(exhibitor, f) for f in PROFILE_FIELDS}, "country": "CN"}
    logo = SimpleUploadedFile("my-logo.png", content, content_type="image/png")
    assert client.post("/exhibitor/profile/", {**data, "logo": logo}).status_code == 302
    exhibitor.refresh_from_db()
    return exhibitor


def test_the_settings_choose_the_bucket_only_when_one_is_named(settings, s3_storage):
    assert not storage.media_is_local()
    assert (default_storage.bucket_name, default_storage.endpoint_url) == (s3_storage.name, s3_storage.server.endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert storage.media_is_local()


def test_a_logo_uploaded_in_the_portal_lands_in_the_bucket_not_on_the_disk(client, owner, s3_storage, settings):
    content = png()

    exhibitor = upload_logo(client, owner, content)

    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", exhibitor.logo.name)
    assert s3_storage.names() == [exhibitor.logo.name]
    assert s3_storage.read(exhibitor.logo.name) == content
    assert files_on_disk(settings) == []
    # The address pages print is the product's permission view, never the bucket's.
    assert exhibitor.logo.url == f"/media/{exhibitor.logo.name}"
    assert s3_storage.server.endpoint not in client.get("/exhibitor/profile/").content.decode()


def test_the_objects_are_private_in_the_bucket(client, owner, s3_storage):
    exhibitor = upload_logo(client, owner, png())

    acl = s3_storage.server.client().get_object_acl(Bucket=s3_storage.name, Key=exhibitor.logo.name)

    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert all(grant["Grantee"]["Type"] == "CanonicalUser" for grant in acl["Grants"])


def test_a_private_logo_in_the_bucket_is_served_to_its_exhibitor_only(client, owner, s3_storage):
    content = png()
    exhibitor = upload_logo(client, owner, content)
    url = exhibitor.logo.url

    response = client.get(url)
    assert (response.status_code, response["Content-Type"], response["Cache-Control"]) == (
        200,
        "image/png",
        "private, no-store",
    )
    assert b"".join(response.streaming_content) == content

    client.force_login(exhibitor_user())  # another exhibitor
    assert client.get(url).status_code == 404
    client.force_login(MemberUnitUserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    client.force_login(OrganizerFactory())
    assert client.get(url).status_code == 200


def test_a_published_exhibit_picture_in_the_bucket_is_public_and_an_unpublished_one_is_not(
    client, owner, s3_storage, settings
):
    pavilion = PavilionFactory()
    content = png((200, 30, 30))
    data = {"pavilion": pavilion.pk, "name": "Ginseng tea", "category": "Food", "description": ""}
    image = SimpleUploadedFile("tea.png", content, content_type="image/png")

    assert client.post("/exhibitor/exhibits/new/", {**data, "image": image}).status_code == 302

    exhibit = Exhibit.objects.get()
    assert s3_storage.names() == [exhibit.image.name]
    assert files_on_disk(settings) == []
    assert client.get(exhibit.image.url).status_code == 200
    client.logout()
    assert client.get(exhibit.image.url).status_code == 404
    Exhibit.objects.filter(pk=exhibit.pk).update(is_published=True)
    response = client.get(exhibit.image.url)
    assert (response.status_code, response["Cache-Control"]) == (200, "public, max-age=3600")
    assert b"".join(response.streaming_content) == content


def test_a_file_gone_from_the_bucket_is_404(client, owner, s3_storage):
    exhibitor = upload_logo(client, owner, png())
    s3_storage.server.client().delete_object(Bucket=s3_storage.name, Key=exhibitor.logo.name)

    assert client.get(exhibitor.logo.url).status_code == 404


def test_a_name_in_the_bucket_without_a_row_is_served_to_nobody(client, owner, s3_storage):
    default_storage.save("logos/" + "0" * 32 + ".png", io.BytesIO(png()))

    assert client.get("/media/logos/" + "0" * 32 + ".png").status_code == 404
    client.force_login(OrganizerFactory())
    assert client.get("/media/logos/" + "0" * 32 + ".png").status_code == 404


def test_a_progress_report_attachment_lands_in_the_bucket_and_only_its_unit_downloads_it(
    client, edition, s3_storage, settings
):
    unit, other = MemberUnitFactory(), MemberUnitFactory()
    item = WorkItemFactory(edition=edition, lead_unit=unit, co_units=[other])
    content = b"%PDF-1.4 progress of the 5G theme exhibition\n%%EOF"
    client.force_login(MemberUnitUserFactory(member_unit=unit))

    response = client.post(
        f"/portal/committee/items/{item.pk}/report/",
        {
            "narrative": "x",
            "percent": "10",
            "problems": "",
            "action": "save",
            "attachment": SimpleUploadedFile("plan.pdf", content, "application/pdf"),
        },
    )

    assert response.status_code == 302
    attachment = ReportAttachment.objects.get()
    assert s3_storage.names() == [attachment.file.name]
    assert files_on_disk(settings) == []
    download = client.get(f"/portal/committee/attachments/{attachment.pk}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, content)
    media = client.get(attachment.file.url)
    assert (media.status_code, b"".join(media.streaming_content)) == (200, content)

    client.force_login(MemberUnitUserFactory(member_unit=MemberUnitFactory()))
    assert client.get(f"/portal/committee/attachments/{attachment.pk}/").status_code == 404
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(exhibitor_user())
    assert client.get(attachment.file.url).status_code == 404
    client.logout()
    assert client.get(attachment.file.url).status_code == 404


def test_a_large_import_is_stored_in_the_bucket_read_back_by_the_worker_and_removed(
    admin_client, edition, s3_storage, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 10
    content = exhibitors_csv("Hanbit Energy Co.", "Seoul Foods Co.")
    before = Exhibitor.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("rows.csv", content), "edition": edition.pk})
    run = ImportRun.objects.get()
    assert s3_storage.names() == [run.file.name]
    assert s3_storage.read(run.file.name) == content

    celery_app.conf.task_always_eager = True
    try:
        callbacks[0]()  # the worker reads the file from the bucket
    finally:
        celery_app.conf.task_always_eager = False

    run.refresh_from_db()
    assert (run.status, run.errors) == (RunStatus.DONE, [])
    assert Exhibitor.objects.count() == before + 3
    assert s3_storage.names() == []  # the file is removed once imported
    assert files_on_disk(settings) == []
