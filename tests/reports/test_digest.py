"""The weekly progress digest: built by the same code as any run, mailed once a week to the
committee's mailing list, on a django-celery-beat schedule."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core import mail

from expo.models import ReportRun
from expo.reports.digest import send_weekly_digest
from expo.reports.tasks import send_progress_digest

pytestmark = pytest.mark.django_db


def test_the_digest_goes_to_the_mailing_list_once_a_week(edition, settings, today):
    settings.COMMITTEE_MAILING_LIST = ["committee@expo.example.org", "secretariat@expo.example.org"]

    assert send_weekly_digest(today=today) == 1
    assert send_weekly_digest(today=today + datetime.timedelta(days=2)) == 0  # same ISO week

    [message] = mail.outbox
    assert message.to == ["committee@expo.example.org", "secretariat@expo.example.org"]
    assert "2021-W36" in message.subject
    names = sorted(name for name, _content, _type in message.attachments)
    assert names == ["expo13-progress-2021-W36.pdf", "expo13-progress-2021-W36.xlsx"]
    pdf = next(content for name, content, _type in message.attachments if name.endswith(".pdf"))
    assert pdf.startswith(b"%PDF")
    run = ReportRun.objects.get()
    assert (run.kind, run.source, run.status, run.digest_week) == ("progress", "schedule", "done", "2021-W36")
    assert f"http://127.0.0.1:8000/staff/reports/{run.pk}/" in message.body
    assert "&#x27;" not in message.body
    assert "&amp;" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f"/staff/reports/{run.pk}/" in html
    assert run.emailed_at is not None

    assert send_weekly_digest(today=today + datetime.timedelta(days=7)) == 1  # next week
    assert len(mail.outbox) == 2


def test_a_failed_mail_is_sent_again_by_the_next_try(edition, today, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(self, fail_silently=False):
        raise OSError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    with pytest.raises(OSError, match="mail server down"):
        send_weekly_digest(today=today)
    assert ReportRun.objects.get().emailed_at is None
    monkeypatch.undo()

    assert send_weekly_digest(today=today) == 1
    assert ReportRun.objects.count() == 1  # the built run was reused


def test_no_current_edition_no_digest(db):
    assert send_progress_digest.apply().get() == 0
    assert not mail.outbox


def test_the_schedule_sends_the_digest_on_monday_mornings_and_sweeps_runs():
    schedule = django_settings.CELERY_BEAT_SCHEDULE
    digest = schedule["expo.send_progress_digest"]["schedule"]
    assert (digest.day_of_week, digest.hour, digest.minute) == ({1}, {8}, {0})
    assert schedule["expo.sweep_stale_report_runs"]["task"] == "expo.sweep_stale_report_runs"
