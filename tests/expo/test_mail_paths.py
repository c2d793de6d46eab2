"""Every mail is sent by a Celery task enqueued on commit: no request sends one, and the
periodic tasks and the workers' limits are configured in one place (expo/settings.py)."""

import ast
import pathlib

import pytest
from celery.app.task import Task
from django.conf import settings
from django.core import mail

from expo import verification
from expo.celery import app
from tests.exhibitors.test_portal_views import SIGNUP
from tests.factories import EditionFactory, UserFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
PRODUCT = ("expo", "exhibitors", "events", "delegations", "projects", "matchmaking")
# What sends a mail at once: Django's mail API and the product's own senders.
SENDERS = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "send_templated_mail",
    "send_verification_mail",
    "send_application_email",
    "send_meeting_email",
    "send_registration_email",
    "send_report_returned_email",
    "send_weekly_digest",
}
# The only modules that may name them, each run by a worker (a task or what a task calls).
WORKER_SIDE = (
    "expo/mail.py",  # the mail API itself
    "expo/tasks.py",
    "expo/verification.py",  # send_verification_mail: called by its task beside it
    "expo/reports/digest.py",  # the weekly digest: called by expo.reports.tasks
    "matchmaking/services.py",  # send_due_reminders: the beat task matchmaking.send_meeting_reminders
    "/notifications.py",  # each app's mails: called by its tasks
    "/tasks.py",
)


def _product_modules():
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path


def _names_used(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.rsplit(".", 1)[-1])
    return names


def _names_called(path) -> set[str]:
    """The functions and classes the module calls by name (``x(...)``, ``m.x(...)``); a
    task's ``x.delay`` is not a call of ``x``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


def test_only_worker_side_modules_send_mail():
    """A view, form, admin or service that sends a mail itself holds a web worker for as long
    as the mail server takes, and sends it even if the transaction then rolls back."""
    offenders = {
        relative: sorted(_names_called(path) & SENDERS)
        for relative, path in _product_modules()
        if not any(allowed in relative for allowed in WORKER_SIDE) and _names_called(path) & SENDERS
    }
    assert offenders == {}


def test_the_check_sees_a_direct_send():
    """The negative control: the check finds the synchronous send the registration view had."""
    before = ast.parse(
        "def _send_link(attendee):\n    send_templated_mail(template='x', recipients=[attendee.email])\n"
    )
    called = {n.func.id for n in ast.walk(before) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert called & SENDERS == {"send_templated_mail"}


def test_enqueuing_services_use_the_task_on_commit():
    for relative, task in (
        ("events/services.py", "send_registration_email"),
        ("exhibitors/services.py", "tasks.send_application_email"),
    ):
        text = (ROOT / relative).read_text(encoding="utf-8")
        assert f"transaction.on_commit(partial({task}.delay" in text, relative


@pytest.fixture
def queued(monkeypatch):
    """The tasks sent to the broker (the test runs no worker): their names, in order."""
    names = []
    monkeypatch.setattr(Task, "apply_async", lambda self, *args, **kwargs: names.append(self.name))
    return names


@pytest.mark.django_db
def test_a_password_reset_enqueues_its_mail_and_sends_nothing(client, queued, django_capture_on_commit_callbacks):
    EditionFactory(is_current=True)
    UserFactory(email="liming@commerce.example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password_reset/", {"email": "liming@commerce.example.org"})

    assert response.status_code == 302
    assert queued == ["expo.send_mail"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_exhibitor_sign_up_enqueues_the_verification_mail(client, queued, django_capture_on_commit_callbacks):
    EditionFactory(is_current=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/exhibitor/signup/", SIGNUP).status_code == 302

    assert queued == ["expo.send_verification_mail"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_verification_task_mails_the_link_and_skips_a_verified_account(eager_tasks):
    user = UserFactory(email="buyer@example.com", email_verified_at=None)
    assert verification.send_verification_mail_task(user.pk, "http://testserver/", "/matchmaking/", "en") == 1
    assert "http://testserver/accounts/verify/" in mail.outbox[0].body

    user.email_verified_at = user.date_joined
    user.save()
    assert verification.send_verification_mail_task(user.pk, "http://testserver/", "", "en") == 0


def test_workers_have_time_limits_and_the_mail_server_a_timeout():
    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    assert settings.EMAIL_TIMEOUT > 0
    assert app.conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert app.conf.task_soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT


def test_the_beat_schedule_is_defined_once():
    """Periodic tasks are the settings' CELERY_BEAT_SCHEDULE only: one assignment, each entry
    a registered task, and no code or migration that writes django-celery-beat's tables."""
    settings_text = (ROOT / "expo/settings.py").read_text(encoding="utf-8")
    assert settings_text.count("CELERY_BEAT_SCHEDULE =") == 1
    assert "CELERY_BEAT_SCHEDULE[" not in settings_text
    assert "CELERY_BEAT_SCHEDULE.update" not in settings_text
    app.loader.import_default_modules()
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(app.tasks)
    writers = [
        relative
        for relative, path in _product_modules()
        if relative != "expo/settings.py"
        and {"PeriodicTask", "IntervalSchedule", "CrontabSchedule", "CELERY_BEAT_SCHEDULE", "beat_schedule"}
        & _names_used(path)
    ]
    assert writers == []
    migrations = [p for package in PRODUCT for p in (ROOT / package).rglob("migrations/*.py")]
    assert [p for p in migrations if "django_celery_beat" in p.read_text(encoding="utf-8")] == []
