"""Report runs: one generation of an executive-committee report and the files it produced."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    RESULTS = "results", _("Results of the edition")
    PROGRESS = "progress", _("Progress digest of the committee")
    PIPELINE = "pipeline", _("Project pipeline")


class ReportFormat(models.TextChoices):
    JSON = "json", "JSON"
    XLSX = "xlsx", "XLSX (Excel)"
    PDF = "pdf", "PDF"


class ReportLanguage(models.TextChoices):
    CHINESE = "zh-hans", "简体中文"
    ENGLISH = "en", "English"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class RunSource(models.TextChoices):
    PAGE = "page", _("reports page")
    ADMIN = "admin", _("administration")
    SCHEDULE = "schedule", _("schedule")


def upload_report_file(instance, filename):
    """Generated files live under random names; only organizers download them, through a view."""
    return f"reports/{uuid.uuid4().hex}.{instance.format}"


class ReportRun(models.Model):
    """One generation of a report: what was asked, by whom, how far it got and what it made."""

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="report_runs"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=ReportLanguage.choices, default=ReportLanguage.CHINESE
    )
    formats = models.JSONField(_("formats"), default=list)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    source = models.CharField(_("requested from"), max_length=10, choices=RunSource.choices, default=RunSource.PAGE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
    )
    task_id = models.CharField(_("task"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    digest_week = models.CharField(
        _("digest week"), max_length=10, blank=True, help_text=_("ISO week of a scheduled digest, e.g. 2026-W49.")
    )

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="report_run_status_heartbeat")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_at_most_100"),
            # The weekly digest is sent once a week, however often the schedule fires.
            models.UniqueConstraint(
                fields=["kind", "edition", "digest_week"],
                condition=~Q(digest_week=""),
                name="report_run_one_digest_a_week",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.edition} · #{self.pk}"

    def get_absolute_url(self):
        return reverse("staff:report_run", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def worker_lost(self) -> bool:
        """Running, but no sign of life for REPORTS_STALE_AFTER_SECONDS: its worker died or
        was stopped (the sweeper re-queues it when beat runs)."""
        if self.status != RunStatus.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return last < timezone.now() - datetime.timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)

    @property
    def waiting_too_long(self) -> bool:
        """Never started and queued for longer than REPORTS_STALE_AFTER_SECONDS: no worker
        is taking work."""
        if self.status != RunStatus.QUEUED or self.started_at is not None:
            return False
        return self.created_at < timezone.now() - datetime.timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class ReportFile(models.Model):
    """One file of a run: at most one per format."""

    run = models.ForeignKey(ReportRun, verbose_name=_("report run"), on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=upload_report_file, max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["run", "format"]
        constraints = [models.UniqueConstraint(fields=["run", "format"], name="report_file_one_per_format")]

    def __str__(self):
        return f"{self.run} · {self.format}"

    def get_absolute_url(self):
        return reverse("staff:report_download", args=[self.run_id, self.format])


class ServiceHeartbeat(models.Model):
    """The last sign of life of a background service (``beat``: written by a task that beat
    sends every minute), read by the staff dashboard."""

    name = models.CharField(_("service"), max_length=40, primary_key=True)
    at = models.DateTimeField(_("last sign of life"))

    class Meta:
        verbose_name = _("service heartbeat")
        verbose_name_plural = _("service heartbeats")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} · {self.at:%Y-%m-%d %H:%M:%S}"
