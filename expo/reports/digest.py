"""The weekly progress digest: the progress report of the current edition as PDF and XLSX,
e-mailed to the committee's mailing list once per ISO week."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from expo import mail
from expo.models import ReportFormat, ReportKind, ReportLanguage, ReportRun, RunSource, RunStatus
from expo.reports import runs
from expo.reports.render import CONTENT_TYPES
from expo.selectors import current_edition

log = logging.getLogger(__name__)
DIGEST_FORMATS = [ReportFormat.PDF, ReportFormat.XLSX]


def iso_week(day) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_weekly_digest(*, today=None) -> int:
    """Build this week's digest (once: a second call in the same week finds it) and mail it.
    Returns the number of messages sent (0 or 1)."""
    edition = current_edition()
    if edition is None:
        return 0
    today = today or timezone.localdate()
    week = iso_week(today)
    try:
        with transaction.atomic():
            run = ReportRun.objects.create(
                kind=ReportKind.PROGRESS,
                edition=edition,
                formats=DIGEST_FORMATS,
                language=ReportLanguage.CHINESE,
                source=RunSource.SCHEDULE,
                parameters={"today": today.isoformat()},
                digest_week=week,
            )
    except IntegrityError:
        run = ReportRun.objects.get(kind=ReportKind.PROGRESS, edition=edition, digest_week=week)
    if run.emailed_at is not None:
        return 0
    if run.status != RunStatus.DONE:
        runs.execute(run.pk)
        run.refresh_from_db()
    if run.status != RunStatus.DONE:
        return 0
    with transaction.atomic():
        # Only one sender marks the digest as mailed; a concurrent one sends nothing.
        if not ReportRun.objects.filter(pk=run.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
            return 0
        _mail(run, week)
    return 1


def _mail(run: ReportRun, week: str) -> None:
    """The digest in Chinese (the committee's language), plain text and HTML, with a link to
    the run's page and the PDF and XLSX attached."""
    rendered = mail.render_mail(
        template="expo/email/weekly_digest",
        context={
            "edition": run.edition,
            "week": week,
            "link": mail.absolute_url(reverse("staff:report_run", args=[run.pk])),
        },
        language=ReportLanguage.CHINESE,
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=settings.COMMITTEE_MAILING_LIST,
    )
    message.attach_alternative(rendered.html, "text/html")
    for report_file in run.files.all():
        with report_file.file.open("rb") as handle:
            message.attach(
                f"expo{run.edition.number}-progress-{week}.{report_file.format}",
                handle.read(),
                _content_type(report_file.format),
            )
    message.send()


def _content_type(fmt: str) -> str:
    return CONTENT_TYPES[fmt]
