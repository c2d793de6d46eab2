"""Import runs: one import of a large file, done by a Celery worker, and how far it got."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from expo.models.reports import RunStatus


def upload_import_file(instance, filename):
    """The file waits under a random name, outside every served folder, until its run ends."""
    return f"imports/{uuid.uuid4().hex}.{PurePosixPath(filename).suffix.lstrip('.').lower() or 'bin'}"


class ImportRun(models.Model):
    """An import queued from an admin import page: its file, who asked, its status and result."""

    kind = models.CharField(_("import"), max_length=40)
    edition = models.ForeignKey(
        "expo.Edition", verbose_name=_("edition"), on_delete=models.PROTECT, related_name="import_runs"
    )
    file = models.FileField(_("file"), upload_to=upload_import_file, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    summary = models.TextField(_("result"), blank=True)
    errors = models.JSONField(_("problems"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
    )
    task_id = models.CharField(_("task"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.kind} · {self.original_name} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
