import io
import re
import zlib

import pytest
import segno
from django.urls import reverse
from PIL import Image

from events.badges import badge_pdf, badge_qr_png
from tests.factories import AttendeeFactory

pytestmark = pytest.mark.django_db

CODE = "HBKM234567"


@pytest.fixture
def merchant(edition):
    return AttendeeFactory(
        edition=edition,
        kind="merchant",
        name="Kim Min-jun",
        organization="Hanbit Trading Co., Ltd.",
        country="KR",
        code=CODE,
    )


def qr_modules(png: bytes, *, scale: int = 12, border: int = 4) -> list[list[bool]]:
    """The dark and light modules of a QR code PNG, read at the centre of each module."""
    image = Image.open(io.BytesIO(png)).convert("L")
    size = image.width // scale - 2 * border
    return [
        [
            image.getpixel(((border + col) * scale + scale // 2, (border + row) * scale + scale // 2)) < 128
            for col in range(size)
        ]
        for row in range(size)
    ]


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects, with its compressed streams (WeasyPrint packs the page tree in them) inflated."""
    inflated = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf_objects(pdf)))


def cache_directives(response) -> set[str]:
    return {d.strip() for d in response["Cache-Control"].split(",")}


# The QR code and the PDF ---------------------------------------------------------------


def test_badge_qr_png_is_a_printable_png_of_the_bare_code(merchant):
    png = badge_qr_png(attendee=merchant)

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (348, 348)
    # What a scanner reads is the code alone, with error correction M: the modules are
    # exactly those of that QR code.
    expected = segno.make(CODE, error="m", boost_error=False, micro=False)
    assert expected.version == 1
    assert qr_modules(png) == [[bool(bit) for bit in row] for row in expected.matrix]


@pytest.mark.parametrize("kind", ["merchant", "media", "guest"])
@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_badge_pdf_is_one_a6_portrait_page(edition, kind):
    attendee = AttendeeFactory(edition=edition, kind=kind, name="李娜", organization="吉林日报社", country="CN")

    pdf = badge_pdf(attendee=attendee)

    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1
    assert re.findall(rb"/MediaBox\s*\[0 0 297\.6\d* 419\.5\d*\]", pdf_objects(pdf))  # 105 x 148 mm


# The public pages ------------------------------------------------------------------------


def test_badge_urls_reverse_under_programme_badge():
    assert reverse("badges:badge", args=[CODE]) == f"/programme/badge/{CODE}/"
    assert reverse("badges:png", args=[CODE]) == f"/programme/badge/{CODE}.png"
    assert reverse("badges:pdf", args=[CODE]) == f"/programme/badge/{CODE}.pdf"


def test_badge_page_shows_the_badge(client, merchant):
    response = client.get(f"/programme/badge/{CODE}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert cache_directives(response) == {"private", "no-store"}
    html = response.content.decode()
    assert '<p class="pass__name" data-user-content>Kim Min-jun</p>' in html
    assert '<p class="pass__org" data-user-content>Hanbit Trading Co., Ltd.</p>' in html
    assert '<p class="pass__country">South Korea</p>' in html
    assert '<p class="pass__edition" lang="zh-Hans">第13届中国—东北亚博览会</p>' in html
    assert '<p class="pass__edition-en" lang="en">13th China-Northeast Asia Expo</p>' in html
    assert '<p class="pass__band">Trade visitor</p>' in html
    assert "<dt>Registered as</dt><dd>merchant (trade visitor)</dd>" in html
    assert f'<img src="/programme/badge/{CODE}.png" alt="QR code of the badge"' in html
    assert f'<figcaption class="pass__code">{CODE}</figcaption>' in html
    assert f'href="/programme/badge/{CODE}.pdf"' in html
    assert f'href="/programme/badge/{CODE}.png" download="badge-{CODE}.png"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None  # no inline script, only files


def test_badge_page_speaks_chinese_by_default(client, merchant):
    html = client.get(f"/programme/badge/{CODE}/").content.decode()

    assert '<p class="pass__country">韩国</p>' in html


def test_badge_png_download(client, merchant):
    response = client.get(f"/programme/badge/{CODE}.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert cache_directives(response) == {"private", "no-store"}
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_badge_pdf_download_is_an_attachment(client, merchant):
    response = client.get(f"/programme/badge/{CODE}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="badge-{CODE}.pdf"'
    assert cache_directives(response) == {"private", "no-store"}
    assert response.content.startswith(b"%PDF-")
    assert page_count(response.content) == 1


@pytest.mark.parametrize("suffix", ["/", ".png", ".pdf"])
def test_badge_of_an_unknown_code_is_not_found(client, merchant, suffix):
    assert client.get(f"/programme/badge/HBKM234568{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["/", ".png", ".pdf"])
def test_online_visitors_have_no_badge(client, edition, suffix):
    visitor = AttendeeFactory(edition=edition, kind="online_visitor")

    assert client.get(f"/programme/badge/{visitor.code}{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["/", ".png", ".pdf"])
def test_badge_refuses_post(client, merchant, suffix):
    assert client.post(f"/programme/badge/{CODE}{suffix}").status_code == 405
