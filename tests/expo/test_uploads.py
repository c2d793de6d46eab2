import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from exhibitors.models import Exhibitor
from expo import uploads
from expo.models import ReportAttachment, ReportStatus
from tests.committee.factories import ProgressReportFactory
from tests.factories import (
    ExhibitFactory,
    ExhibitorFactory,
    MemberUnitUserFactory,
    OrganizerFactory,
    exhibitor_user,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def picture(image_format="PNG", size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 79, 138)).save(buffer, format=image_format)
    return buffer.getvalue()


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


pytestmark = pytest.mark.usefixtures("english", "media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name, content, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Checks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_format", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("WEBP", "image/webp")]
)
def test_pictures_are_recognised_by_their_content(image_format, content_type):
    assert uploads.check_upload(upload("x.bin", picture(image_format)), kind=uploads.LOGO) == content_type


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"%PDF-1.4 a brochure", "brochure.png"),
        (b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "evil.png"),
        (picture() + b"<script>alert(1)</script>", "polyglot.png"),
        (b"GIF89a" + b"\0" * 20, "anim.jpg"),
        (b"", "empty.png"),
    ],
)
def test_a_picture_name_on_something_else_is_refused(content, name):
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload(name, content), kind=uploads.EXHIBIT_IMAGE)

    assert caught.value.code == "bad_type"
    assert caught.value.messages == ["The file is not a picture we can read. Upload a JPEG, PNG or WebP image."]


def test_svg_is_not_accepted_as_a_picture():
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("logo.png", svg, "image/svg+xml"), kind=uploads.LOGO)

    assert caught.value.messages == ["Pictures in SVG are not accepted. Upload a JPEG, PNG or WebP image."]


def test_attachments_accept_office_files_but_not_pictures_of_other_kinds():
    kind = uploads.REPORT_ATTACHMENT
    assert uploads.check_upload(upload("plan.pdf", docx()), kind=kind) == uploads.DOCX
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("photo.webp", picture("WEBP")), kind=kind)


def test_an_oversized_file_is_refused_before_it_is_read(settings, english):
    settings.EXHIBITORS_MAX_IMAGE_BYTES = 1000

    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload("big.png", b"\0" * 1001), kind=uploads.LOGO)

    assert (caught.value.code, caught.value.messages) == (
        "too_large",
        ["The image is 1001\xa0bytes; the limit is 1000\xa0bytes."],
    )


# Through the exhibitor portal --------------------------------------------------------------


def profile_data(exhibitor: Exhibitor) -> dict:
    fields = ["kind", "name", "name_en", "province", "city", "industry", "contact_name", "contact_email"]
    return {**{f: getattr(exhibitor, f) for f in fields}, "country": "CN"}


@pytest.mark.django_db
def test_an_oversized_logo_is_refused_in_chinese_and_nothing_is_saved(client, settings, media):
    settings.EXHIBITORS_MAX_IMAGE_BYTES = 1000
    exhibitor = ExhibitorFactory()
    client.force_login(exhibitor_user(exhibitor=exhibitor))
    content = picture()
    logo = upload("logo.png", content + b"\0" * (2048 - len(content)))

    response = client.post("/exhibitor/profile/", {**profile_data(exhibitor), "logo": logo}, **ZH)

    assert response.status_code == 200
    error = response.context["form"].errors["logo"][0]
    assert error == "图片大小为 2.0\xa0KB，上限为 1000\xa0字节。"
    exhibitor.refresh_from_db()
    assert exhibitor.logo.name == ""
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_stored_names_are_random_and_take_the_detected_type(client, media):
    exhibitor = ExhibitorFactory()
    client.force_login(exhibitor_user(exhibitor=exhibitor))
    names = []
    for _ in range(2):
        logo = upload("my-company-logo.jpg", picture("PNG"), "image/jpeg")
        assert client.post("/exhibitor/profile/", {**profile_data(exhibitor), "logo": logo}).status_code == 302
        exhibitor.refresh_from_db()
        names.append(exhibitor.logo.name)

    assert names[0] != names[1]
    assert all(re.fullmatch(r"logos/[0-9a-f]{32}\.png", name) for name in names)
    assert (media / names[1]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# Serving -----------------------------------------------------------------------------------


@pytest.fixture
def exhibit(db):
    return ExhibitFactory(image=upload("tea.png", picture()), is_published=False)


def test_an_unpublished_picture_is_hidden_from_another_exhibitor_and_anonymous(client, exhibit):
    url = exhibit.image.url
    assert re.fullmatch(r"/media/exhibits/[0-9a-f]{32}\.png", url)

    assert client.get(url).status_code == 404
    client.force_login(exhibitor_user())
    assert client.get(url).status_code == 404
    client.force_login(MemberUnitUserFactory())
    assert client.get(url).status_code == 404


def test_an_unpublished_picture_is_shown_to_its_exhibitor_and_organizers(client, exhibit):
    for user in (exhibitor_user(exhibitor=exhibit.exhibitor), OrganizerFactory()):
        client.force_login(user)
        response = client.get(exhibit.image.url)
        assert (response.status_code, response["Cache-Control"]) == (200, "private, no-store")


def test_anyone_sees_a_published_picture_inline_with_its_type(client, exhibit):
    exhibit.is_published = True
    exhibit.save()

    response = client.get(exhibit.image.url)

    assert response.status_code == 200
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/png", "nosniff")
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == picture()


def test_a_logo_is_public_once_its_exhibitor_shows_a_published_exhibit(client, exhibit):
    exhibitor = exhibit.exhibitor
    exhibitor.logo = upload("logo.webp", picture("WEBP"), "image/webp")
    exhibitor.save()
    url = exhibitor.logo.url

    assert client.get(url).status_code == 404
    ExhibitFactory(exhibitor=exhibitor, is_published=True)
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/webp")


def test_files_inmedia_root_without_an_owner_are_not_served(client, exhibit, media):
    (media / "exhibits" / "stray.png").write_bytes(picture())
    (media / "notes.txt").write_text("secret")
    client.force_login(OrganizerFactory())

    assert client.get("/media/exhibits/stray.png").status_code == 404
    assert client.get("/media/notes.txt").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404


@pytest.mark.django_db
def test_an_attachment_is_downloaded_under_its_name_by_its_unit_only(client):
    report = ProgressReportFactory(status=ReportStatus.DRAFT)
    attachment = ReportAttachment.objects.create(
        report=report,
        file=upload("进度.docx", docx()),
        original_name="进度.docx",
        content_type=uploads.DOCX,
        size=10,
    )
    assert re.fullmatch(r"committee/reports/[0-9a-f]{32}\.docx", attachment.file.name)
    unit_user = MemberUnitUserFactory(member_unit=report.unit)
    client.force_login(unit_user)

    for url in (attachment.file.url, f"/portal/committee/attachments/{attachment.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert "filename*=utf-8''%E8%BF%9B%E5%BA%A6.docx" in response["Content-Disposition"]
        assert (response["Content-Type"], response["X-Content-Type-Options"]) == (uploads.DOCX, "nosniff")

    client.force_login(OrganizerFactory())  # a draft is the unit's own until it is submitted
    assert client.get(attachment.file.url).status_code == 404
    client.force_login(MemberUnitUserFactory())
    assert client.get(attachment.file.url).status_code == 404
