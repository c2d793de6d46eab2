"""The core's models, one module per subject; ``from expo.models import X`` is the way in.

Django loads the ``expo`` app's models from this package, so every module is imported here.
"""

from expo.models.audit import (
    ActivityLog,
    ActivityLogImmutable,
    ActivityLogQuerySet,
    AuditAction,
)
from expo.models.base import (
    TimeStamped,
)
from expo.models.committee import (
    Meeting,
    ProgressReport,
    ProgressReportVersion,
    ReminderKind,
    ReportAttachment,
    ReportComment,
    ReportCommentKind,
    ReportReminder,
    ReportStatus,
    WorkItem,
    WorkItemStatus,
    upload_report_attachment,
)
from expo.models.editions import (
    Edition,
    MemberUnit,
)
from expo.models.imports import (
    ImportRun,
    upload_import_file,
)
from expo.models.otp import (
    EnrolmentLink,
)
from expo.models.reports import (
    ReportFile,
    ReportFormat,
    ReportKind,
    ReportLanguage,
    ReportRun,
    RunSource,
    RunStatus,
    ServiceHeartbeat,
    upload_report_file,
)
from expo.models.users import (
    User,
)

__all__ = [
    "ActivityLog",
    "ActivityLogImmutable",
    "ActivityLogQuerySet",
    "AuditAction",
    "Edition",
    "EnrolmentLink",
    "ImportRun",
    "Meeting",
    "MemberUnit",
    "ProgressReport",
    "ProgressReportVersion",
    "ReminderKind",
    "ReportAttachment",
    "ReportComment",
    "ReportCommentKind",
    "ReportFile",
    "ReportFormat",
    "ReportKind",
    "ReportLanguage",
    "ReportReminder",
    "ReportRun",
    "ReportStatus",
    "RunSource",
    "RunStatus",
    "ServiceHeartbeat",
    "TimeStamped",
    "User",
    "WorkItem",
    "WorkItemStatus",
    "upload_import_file",
    "upload_report_attachment",
    "upload_report_file",
]
