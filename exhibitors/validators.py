from expo.uploads import EXHIBIT_IMAGE, check_upload


def validate_image_upload(file) -> None:
    """An image is at most EXHIBITORS_MAX_IMAGE_BYTES and really is a JPEG, PNG or WebP
    picture, whatever its name says (expo.uploads)."""
    check_upload(file, kind=EXHIBIT_IMAGE)
