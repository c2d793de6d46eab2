import datetime

import pytest
from django.core import mail
from django.utils import timezone

from exhibitors.models import BoothApplication
from exhibitors.services import hold_booth
from exhibitors.tasks import release_expired_holds, send_application_email
from tests.factories import ExhibitorMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_release_task_expires_due_holds_and_mails_the_exhibitor(
    booth, exhibitor, eager_tasks, django_capture_on_commit_callbacks
):
    ExhibitorMemberFactory(exhibitor=exhibitor, user=UserFactory(email="li.ming@exhibitor.example.org"))
    hold_booth(exhibitor=exhibitor, booth=booth, now=timezone.now() - datetime.timedelta(days=3), hold_minutes=60)

    with django_capture_on_commit_callbacks(execute=True):
        assert release_expired_holds.delay().get() == 1

    assert BoothApplication.objects.get().status == "expired"
    assert mail.outbox[0].to == sorted([exhibitor.contact_email, "li.ming@exhibitor.example.org"])
    assert "您对展位 S001 的预留已过期" in mail.outbox[0].subject


def test_email_task_for_a_deleted_application_does_nothing(db):
    assert send_application_email(987654, "confirmed") == 0
    assert mail.outbox == []


def test_beat_schedule_runs_the_release(settings):
    assert (
        settings.CELERY_BEAT_SCHEDULE["exhibitors.release_expired_holds"]["task"] == "exhibitors.release_expired_holds"
    )
