from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_image_upload(file) -> None:
    """An image is at most EXHIBITORS_MAX_IMAGE_BYTES and really is a JPEG, PNG or WebP
    picture, whatever its name says."""
    limit = settings.EXHIBITORS_MAX_IMAGE_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The image is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The file is not a picture we can read. Upload a JPEG, PNG or WebP image."), code="not_image"
        ) from None
    finally:
        file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Pictures in %(format)s are not accepted. Upload a JPEG, PNG or WebP image.") % {"format": image_format},
            code="bad_format",
        )
