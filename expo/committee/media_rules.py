"""Who may see a progress report's attachment (registered with ``expo.media_views`` at
start-up): the unit that wrote the report, and the secretariat once the report was
submitted (as the committee views)."""

from expo import uploads
from expo.committee.selectors import REVIEWED_STATES
from expo.enums import Office
from expo.media_views import Grant, register_media_rule
from expo.models import ReportAttachment
from expo.roles import in_office, member_unit_of


def report_attachment(user, name: str) -> Grant | None:
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


def register() -> None:
    register_media_rule(uploads.REPORT_ATTACHMENT, report_attachment)
