"""Uploaded files, served only after a check of who may see each one.

Nothing under ``MEDIA_ROOT`` is served as it lies: ``MEDIA_URL`` routes here, so a file's
``.url`` (in templates and in the admin) leads through these rules:

- an exhibitor's logo: everyone once the exhibitor shows a published exhibit in the online
  exhibition, else only its own exhibitor users and organizers;
- an exhibit's picture: everyone while the exhibit is published, else the same people;
- a progress report's attachment: the unit that wrote the report, and the secretariat once
  the report was submitted (as the committee views).

Anyone else gets 404, so a private file's existence is not revealed. Pictures are served
inline with their detected type and ``X-Content-Type-Options: nosniff``, anything else as
an attachment.
"""

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from exhibitors.models import Exhibit, Exhibitor
from expo import uploads
from expo.committee_selectors import REVIEWED_STATES
from expo.enums import Office
from expo.models import ReportAttachment
from expo.roles import in_office, is_organizer, member_unit_of

PUBLIC_MAX_AGE = 3600


@dataclass(frozen=True)
class Grant:
    public: bool = False
    filename: str | None = None  # given: downloaded under this name
    content_type: str | None = None


def _own_exhibitor_id(user) -> int | None:
    if not user.is_authenticated or not user.is_active:
        return None
    member = getattr(user, "exhibitor_member", None)
    return member.exhibitor_id if member is not None else None


def _exhibitor_logo(user, name: str) -> Grant | None:
    exhibitor = Exhibitor.objects.filter(logo=name).only("pk").first()
    if exhibitor is None:
        return None
    if Exhibit.objects.filter(exhibitor=exhibitor, is_published=True).exists():
        return Grant(public=True)
    return Grant() if is_organizer(user) or _own_exhibitor_id(user) == exhibitor.pk else None


def _exhibit_image(user, name: str) -> Grant | None:
    exhibit = Exhibit.objects.filter(image=name).only("pk", "exhibitor_id", "is_published").first()
    if exhibit is None:
        return None
    if exhibit.is_published:
        return Grant(public=True)
    return Grant() if is_organizer(user) or _own_exhibitor_id(user) == exhibit.exhibitor_id else None


def _report_attachment(user, name: str) -> Grant | None:
    attachment = ReportAttachment.objects.filter(file=name).select_related("report").first()
    if attachment is None:
        return None
    report = attachment.report
    unit = member_unit_of(user)
    own = unit is not None and unit.pk == report.unit_id
    if own or (in_office(user, Office.SECRETARIAT) and report.status in REVIEWED_STATES):
        return Grant(
            filename=uploads.download_name(attachment.original_name, attachment.content_type),
            content_type=attachment.content_type,
        )
    return None


RULES = {
    uploads.LOGO.folder: _exhibitor_logo,
    uploads.EXHIBIT_IMAGE.folder: _exhibit_image,
    uploads.REPORT_ATTACHMENT.folder: _report_attachment,
}


@require_safe
def media_file(request, name: str):
    kind = uploads.kind_of(name)
    rule = RULES.get(kind.folder) if kind is not None else None
    grant = rule(request.user, name) if rule is not None else None
    if grant is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = file_response(handle, name=name, filename=grant.filename, content_type=grant.content_type)
    if grant.public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)  # personal files stay out of caches
    return response


def file_response(handle, *, name: str, filename: str | None = None, content_type: str | None = None) -> FileResponse:
    """Pictures inline with their type, anything else downloaded; never sniffed by the browser."""
    content_type = content_type or uploads.content_type_of(name)
    inline = content_type in uploads.INLINE_TYPES and filename is None
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename or name.rsplit("/", 1)[-1], content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
