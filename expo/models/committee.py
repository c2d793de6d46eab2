"""The executive committee's records: meetings, work items, progress reports and their history."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expo import uploads
from expo.i18n import localized
from expo.models.base import TimeStamped
from expo.models.editions import Edition, MemberUnit


def upload_report_attachment(instance, filename):
    """Random names: what a unit called its file never becomes a path on our disk."""
    return uploads.stored_name(
        kind=uploads.REPORT_ATTACHMENT, file=uploads.pending_file(instance, "file"), filename=filename
    )


class WorkItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    AT_RISK = "at_risk", _("at risk")
    DONE = "done", _("done")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("reminder before the deadline")
    OVERDUE = "overdue", _("overdue notice")


class Meeting(TimeStamped):
    """A meeting of an edition's executive committee; its decisions become work items."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="meetings")
    number = models.PositiveSmallIntegerField(_("number"))
    date = models.DateField(_("date"))
    place_zh = models.CharField(_("place (Chinese)"), max_length=200)
    place_en = models.CharField(_("place (English)"), max_length=200)
    chair_zh = models.CharField(_("chair (Chinese)"), max_length=200)
    chair_en = models.CharField(_("chair (English)"), max_length=200)
    attending_units = models.ManyToManyField(
        MemberUnit, verbose_name=_("attending units"), related_name="meetings_attended", blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["-edition__number", "number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="meeting_number_unique")]

    def __str__(self):
        return _("%(edition)s, committee meeting %(number)s") % {"edition": self.edition, "number": self.number}

    @property
    def place(self) -> str:
        return localized(self, "place")

    @property
    def chair(self) -> str:
        return localized(self, "chair")


class WorkItem(TimeStamped):
    """A preparatory task the committee set: a requirement at the top, its tasks below."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="work_items")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Its place in the tree, e.g. 1 or 1.2."))
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        MemberUnit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_work_items"
    )
    co_units = models.ManyToManyField(MemberUnit, verbose_name=_("co-units"), related_name="co_work_items", blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=WorkItemStatus.choices, default=WorkItemStatus.NOT_STARTED
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("set by meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_items",
    )

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["edition", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="work_item_code_unique"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="work_item_parent_not_self"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("portal:committee_item", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")


class ProgressReport(TimeStamped):
    """What a unit reports on a work item for one period (a calendar month, stored as its
    first day; see expo.committee.periods.period_of)."""

    work_item = models.ForeignKey(
        WorkItem, verbose_name=_("work item"), on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        MemberUnit, verbose_name=_("member unit"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    period = models.DateField(_("period"), help_text=_("The first day of the month reported on."))
    narrative = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"), default=0)
    problems = models.TextField(_("problems needing coordination"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    secretariat_comment = models.TextField(_("secretariat's comment"), blank=True)
    submitted_by = models.ForeignKey(
        "User", verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "User", verbose_name=_("reviewed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period", "work_item__sort_order", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["work_item", "unit", "period"], name="progress_report_one_per_period"),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100),
                name="progress_report_percent_range",
                violation_error_message=_("The percentage is between 0 and 100."),
            ),
        ]

    def __str__(self):
        return f"{self.work_item.code} · {self.unit.short_name} · {self.period:%Y-%m}"

    def get_absolute_url(self):
        return reverse("portal:committee_report", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ProgressReportVersion(models.Model):
    """What a unit submitted, each time it submitted: the secretariat answers a version."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    narrative = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(_("percent complete"))
    problems = models.TextField(_("problems needing coordination"), blank=True)
    submitted_by = models.ForeignKey(
        "User", verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique")]

    def __str__(self):
        return f"{self.report} · v{self.number}"


class ReportCommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned")


class ReportComment(models.Model):
    """One message of the thread between a unit and the secretariat about a report, tied to
    the version it answers."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="comments"
    )
    version = models.ForeignKey(
        ProgressReportVersion,
        verbose_name=_("version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = models.ForeignKey("User", verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+")
    from_secretariat = models.BooleanField(_("from the secretariat"), default=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportCommentKind.choices, default="comment")
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class ReportAttachment(models.Model):
    report = models.ForeignKey(
        ProgressReport, verbose_name=_("progress report"), on_delete=models.CASCADE, related_name="attachments"
    )
    version = models.ForeignKey(
        ProgressReportVersion,
        verbose_name=_("version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        help_text=_("The submission it came with; empty while the report is a draft."),
    )
    file = models.FileField(_("file"), upload_to=upload_report_attachment)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class ReportReminder(models.Model):
    """One reminder or overdue notice sent to a unit for a period: never twice."""

    unit = models.ForeignKey(MemberUnit, verbose_name=_("member unit"), on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("period"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "kind"], name="report_reminder_once_per_period")
        ]

    def __str__(self):
        return f"{self.unit} · {self.period:%Y-%m} · {self.get_kind_display()}"
