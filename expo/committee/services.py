"""Executive committee services: progress reports (save, submit, accept, return), their
attachments' checks, the monthly reporting period and the reminders.

Periods are calendar months, stored as the month's first day. A month's report is due on
``settings.COMMITTEE_REPORT_DUE_DAY``; from ``COMMITTEE_REMIND_DAYS_BEFORE`` days before that
day a unit that still has reports to send gets one reminder, after it one overdue notice.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from expo import audit, uploads
from expo.committee import tasks
from expo.committee.periods import current_period, period_of
from expo.errors import DomainError
from expo.locking import lock_row, lock_rows
from expo.models import (
    MemberUnit,
    ProgressReport,
    ProgressReportVersion,
    ReportAttachment,
    ReportComment,
    ReportCommentKind,
    ReportStatus,
    WorkItem,
)


class ReportNotEditable(DomainError):
    pass


# Periods ---------------------------------------------------------------------------------


# Attachments -----------------------------------------------------------------------------


def validate_report_attachment(file) -> str:
    """An attachment is at most COMMITTEE_MAX_ATTACHMENT_BYTES and really is a PDF, DOCX, XLSX,
    JPEG or PNG file, whatever its name says (expo.uploads). Returns its content type."""
    return uploads.check_upload(file, kind=uploads.REPORT_ATTACHMENT)


# Progress reports -------------------------------------------------------------------------


def unit_is_involved(*, work_item: WorkItem, unit: MemberUnit) -> bool:
    return work_item.lead_unit_id == unit.pk or work_item.co_units.filter(pk=unit.pk).exists()


@transaction.atomic
def report_save(
    *,
    work_item: WorkItem,
    unit: MemberUnit,
    by,
    narrative: str,
    percent: int,
    problems: str = "",
    attachment=None,
    attachments=(),
    submit: bool = False,
    period: datetime.date | None = None,
) -> ProgressReport:
    """Create or update ``unit``'s report on ``work_item`` for ``period`` (the current one by
    default), as a draft or submitted, with any number of new attachments. Only drafts and
    returned reports can change. Submitting makes a new version (with the attachments added
    since the last one), which the secretariat's answer will refer to."""
    if not unit_is_involved(work_item=work_item, unit=unit):
        raise DomainError(_("Your unit does not work on this item."))
    period = period_of(period or current_period())
    report = next(iter(lock_rows(ProgressReport.objects.filter(work_item=work_item, unit=unit, period=period))), None)
    if report is None:
        report = ProgressReport(work_item=work_item, unit=unit, period=period)
    elif not report.is_editable:
        raise ReportNotEditable(_("This report was already submitted; it can no longer be changed."))
    if not 0 <= percent <= 100:
        raise DomainError(_("The percentage is between 0 and 100."))
    report.narrative, report.percent, report.problems = narrative, percent, problems
    if submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_by, report.submitted_at = by, timezone.now()
    elif report.status != ReportStatus.RETURNED:
        report.status = ReportStatus.DRAFT
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        # The first report of the period, sent twice at the same moment: nothing to lock yet,
        # so the unique constraint decides and the second sender is told.
        raise ReportNotEditable(
            _("Your unit's report for this month was saved a moment ago. Open it from the list to change it.")
        ) from error
    for file in [attachment, *attachments]:
        if file is not None:
            attachment_add(report=report, file=file)
    if submit:
        _new_version(report=report, by=by)
    return report


def _new_version(*, report: ProgressReport, by) -> ProgressReportVersion:
    """Record what was just submitted as the report's next version; the attachments added
    since the previous version come with it. The caller holds the report's row lock."""
    number = report.versions.count() + 1
    version = ProgressReportVersion.objects.create(
        report=report,
        number=number,
        narrative=report.narrative,
        percent=report.percent,
        problems=report.problems,
        submitted_by=by,
        submitted_at=report.submitted_at or timezone.now(),
    )
    report.attachments.filter(version__isnull=True).update(version=version)
    return version


def attachment_add(*, report: ProgressReport, file) -> ReportAttachment:
    content_type = validate_report_attachment(file)
    return ReportAttachment.objects.create(
        report=report, file=file, original_name=file.name[:255], content_type=content_type, size=file.size
    )


@transaction.atomic
def report_submit(*, report: ProgressReport, by) -> ProgressReport:
    report = lock_row(ProgressReport.objects, pk=report.pk)
    if not report.is_editable:
        raise ReportNotEditable(_("This report was already submitted."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = by, timezone.now()
    report.save()
    _new_version(report=report, by=by)
    return report


@transaction.atomic
def report_comment_add(*, report: ProgressReport, by, text: str, from_secretariat: bool) -> ReportComment:
    """A message in the report's thread, about its latest submitted version (none for a draft
    that was never submitted)."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a message first."))
    report = lock_row(ProgressReport.objects, pk=report.pk)
    if not from_secretariat and report.status == ReportStatus.DRAFT and not report.versions.exists():
        raise DomainError(_("Submit the report first: the thread starts with the first submission."))
    return ReportComment.objects.create(
        report=report,
        version=report.versions.order_by("-number").first(),
        author=by,
        from_secretariat=from_secretariat,
        kind=ReportCommentKind.COMMENT,
        text=text,
    )


def _review(*, report: ProgressReport, by, status: str, comment: str) -> ProgressReport:
    report = lock_row(ProgressReport.objects, pk=report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError(_("Only a submitted report can be accepted or returned."))
    previous = {"status": report.status, "secretariat_comment": report.secretariat_comment}
    report.status, report.secretariat_comment = status, comment
    report.reviewed_by, report.reviewed_at = by, timezone.now()
    report.save()
    ReportComment.objects.create(
        report=report,
        version=report.versions.order_by("-number").first(),
        author=by,
        from_secretariat=True,
        kind=ReportCommentKind.ACCEPTED if status == ReportStatus.ACCEPTED else ReportCommentKind.RETURNED,
        text=comment,
    )
    audit.record(
        action=audit.AuditAction.REPORT_ACCEPT if status == ReportStatus.ACCEPTED else audit.AuditAction.REPORT_RETURN,
        actor=by,
        obj=report,
        changes=audit.changes_between(previous, {"status": status, "secretariat_comment": comment}),
    )
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, by, comment: str = "") -> ProgressReport:
    return _review(report=report, by=by, status=ReportStatus.ACCEPTED, comment=comment)


@transaction.atomic
def report_return(*, report: ProgressReport, by, comment: str) -> ProgressReport:
    """Return a report to its unit with the secretariat's comment. Side effect: an email to
    the unit (its contact address and its users), queued after the commit."""
    if not comment.strip():
        raise DomainError(_("Say what the unit should change: a returned report needs a comment."))
    report = _review(report=report, by=by, status=ReportStatus.RETURNED, comment=comment.strip())
    transaction.on_commit(lambda: tasks.send_report_returned_email.delay(report.pk))
    return report


def reviewable(report: ProgressReport) -> bool:
    return report.status == ReportStatus.SUBMITTED
