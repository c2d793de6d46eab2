"""Every upload's checks in one place: its size, its real type read from its content (never
its name), and a random stored name with the extension of the detected type.

A kind of upload (an exhibitor's logo, an exhibit's picture, a progress report's attachment)
names its folder under ``MEDIA_ROOT``, the setting that holds its size limit and the content
types it accepts. Files are never served from ``MEDIA_ROOT`` directly: ``expo.media_views``
checks who may see each one.
"""

import sys
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from expo.packages import PackageLimits, PackageRefused, check_package

PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

EXTENSIONS = {PNG: "png", JPEG: "jpg", WEBP: "webp", PDF: "pdf", DOCX: "docx", XLSX: "xlsx"}
CONTENT_TYPES = {extension: content_type for content_type, extension in EXTENSIONS.items()}
# Served inline (with nosniff); anything else is downloaded as an attachment.
INLINE_TYPES = frozenset({PNG, JPEG, WEBP})
IMAGE_TYPES = {PNG: "PNG", JPEG: "JPEG", WEBP: "WEBP"}

# Markup a browser could run if it ever took a picture for a page: a picture that holds it is
# a polyglot, not a picture.
MARKUP = (b"<html", b"<script", b"<!doctype", b"<body", b"<iframe", b"<svg", b"<?php", b"<object", b"<embed")


@dataclass(frozen=True)
class UploadKind:
    name: str
    folder: str
    limit_setting: str
    content_types: frozenset[str]
    too_large: str
    bad_type: str

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.limit_setting)

    @property
    def is_image(self) -> bool:
        return self.content_types <= INLINE_TYPES


LOGO = UploadKind(
    name="logo",
    folder="logos",
    limit_setting="EXHIBITORS_MAX_IMAGE_BYTES",
    content_types=frozenset({PNG, JPEG, WEBP}),
    too_large=gettext_lazy("The image is %(size)s; the limit is %(limit)s."),
    bad_type=gettext_lazy("The file is not a picture we can read. Upload a JPEG, PNG or WebP image."),
)
EXHIBIT_IMAGE = UploadKind(
    name="exhibit_image",
    folder="exhibits",
    limit_setting="EXHIBITORS_MAX_IMAGE_BYTES",
    content_types=frozenset({PNG, JPEG, WEBP}),
    too_large=LOGO.too_large,
    bad_type=LOGO.bad_type,
)
REPORT_ATTACHMENT = UploadKind(
    name="report_attachment",
    folder="committee/reports",
    limit_setting="COMMITTEE_MAX_ATTACHMENT_BYTES",
    content_types=frozenset({PDF, DOCX, XLSX, JPEG, PNG}),
    too_large=gettext_lazy("The file is %(size)s; the limit is %(limit)s."),
    bad_type=gettext_lazy(
        "This kind of file is not accepted. Attach a PDF, Word (DOCX), Excel (XLSX), JPEG or PNG file."
    ),
)
KINDS = {kind.folder: kind for kind in (LOGO, EXHIBIT_IMAGE, REPORT_ATTACHMENT)}


# Detection ---------------------------------------------------------------------------------


def sniff(file, *, strict: bool = False) -> str | None:
    """The content type of ``file`` from its content, or None when it is none we accept
    anywhere. Pictures must open and verify in Pillow and hold no markup; office files must
    be the zip packages they claim, within the limits of ``office_package_limits`` (with
    ``strict``, a package beyond them raises PackageRefused, which says why). The file's
    position is left where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(16)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG if _is_picture(file, "PNG") else None
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG if _is_picture(file, "JPEG") else None
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP if _is_picture(file, "WEBP") else None
        if head.startswith(b"PK\x03\x04"):
            return _office_type(file, strict=strict)
        return None
    finally:
        file.seek(position)


def image_format(file) -> str | None:
    """The format Pillow reads in ``file`` (``"GIF"``, ``"SVG"`` for SVG text), for messages."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(512).lstrip().lower()
        if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
            return "SVG"
        file.seek(0)
        with Image.open(file) as image:
            return image.format
    except Exception:  # noqa: BLE001 - any failure to read means "not a picture we know"
        return None
    finally:
        file.seek(position)


def _is_picture(file, expected_format: str) -> bool:
    """A picture's signature alone proves nothing (a PNG signature followed by HTML is no PNG)."""
    file.seek(0)
    content = file.read().lower()
    if any(marker in content for marker in MARKUP):
        return False
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused just below
            image = Image.open(file)  # reads the header only: the size is known undecoded
        with image:
            if image.format != expected_format or _too_many_pixels(image.size):
                return False
            image.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds (incl. DecompressionBombError)
        return False
    return True


def _too_many_pixels(size: tuple[int, int]) -> bool:
    width, height = size
    return width * height > settings.UPLOADS_MAX_IMAGE_PIXELS


def image_size(file) -> tuple[int, int] | None:
    """A picture's width and height from its header (nothing decoded), or None. A picture
    so large that Pillow refuses to open it (a decompression bomb) counts as endless."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                return image.size
    except Image.DecompressionBombError:
        return (sys.maxsize, 1)
    except Exception:  # noqa: BLE001 - any failure to read means "no size we know"
        return None
    finally:
        file.seek(position)


def office_package_limits() -> PackageLimits:
    return PackageLimits(
        members=settings.UPLOADS_OFFICE_MAX_MEMBERS,
        uncompressed_bytes=settings.UPLOADS_OFFICE_MAX_UNCOMPRESSED_BYTES,
        ratio=settings.IMPORT_XLSX_MAX_RATIO,
    )


def _office_type(file, *, strict: bool = False) -> str | None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            check_package(archive, office_package_limits())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    except PackageRefused:
        if strict:
            raise
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


# Checks ------------------------------------------------------------------------------------


def check_upload(file, *, kind: UploadKind) -> str:
    """Raise ValidationError (codes ``too_large``, ``bad_format``, ``bad_type``, ``bad_package``
    for a zip bomb) unless ``file``
    fits ``kind``'s size limit and really is one of its types. Returns the content type."""
    limit = kind.max_bytes
    if file.size > limit:
        raise ValidationError(
            kind.too_large % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}, code="too_large"
        )
    if kind.is_image:
        size = image_size(file)
        if size is not None and _too_many_pixels(size):
            megapixels = settings.UPLOADS_MAX_IMAGE_PIXELS // 1_000_000
            if size[0] == sys.maxsize:
                message = _("The picture has far too many pixels; at most %(megapixels)s million are accepted.") % {
                    "megapixels": megapixels
                }
            else:
                message = _(
                    "The picture is %(width)s × %(height)s pixels; at most %(megapixels)s million pixels are accepted."
                ) % {"width": size[0], "height": size[1], "megapixels": megapixels}
            raise ValidationError(message, code="too_many_pixels")
    try:
        content_type = sniff(file, strict=True)
    except PackageRefused as exc:
        raise ValidationError(exc.message, code="bad_package") from None
    if content_type in kind.content_types:
        return content_type
    if kind.is_image:
        found = image_format(file)
        if found is not None and found not in IMAGE_TYPES.values():
            raise ValidationError(
                _("Pictures in %(format)s are not accepted. Upload a JPEG, PNG or WebP image.") % {"format": found},
                code="bad_format",
            )
    raise ValidationError(str(kind.bad_type), code="bad_type")


# Names -------------------------------------------------------------------------------------


def download_name(original: str, content_type: str) -> str:
    """The name a file is downloaded under: the uploader's, with the extension of the type
    detected in its content (a PNG sent as ``photo.exe`` downloads as ``photo.png``)."""
    stem = PurePosixPath(original.replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    return f"{stem.strip(' .') or 'file'}.{EXTENSIONS.get(content_type, 'bin')}"


def stored_name(*, kind: UploadKind, file=None, filename: str = "") -> str:
    """A random name under the kind's folder, with the extension of the detected type: the
    name a user gave is never part of a path on our disk. ``file`` is sniffed; without a file
    or a type we know, the extension is ``bin`` (served as a download)."""
    content_type = sniff(file) if file is not None else None
    return f"{kind.folder}/{uuid.uuid4().hex}.{EXTENSIONS.get(content_type, 'bin')}"


def pending_file(instance, field_name: str):
    """The file being saved on ``instance.<field_name>`` inside an ``upload_to`` callable."""
    field_file = getattr(instance, field_name, None)
    return getattr(field_file, "_file", None)


def kind_of(name: str) -> UploadKind | None:
    """The kind of a stored name (``logos/ab12….png`` is a logo)."""
    return KINDS.get(str(PurePosixPath(name).parent))


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lstrip(".").lower(), "application/octet-stream")
