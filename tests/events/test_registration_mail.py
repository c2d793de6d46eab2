"""The registration mail is a Celery task enqueued on commit: the request sends nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Attendee
from events.tasks import send_registration_email
from tests.factories import EditionFactory, EventFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PERSON = {
    "name": "Park Min-ji",
    "organization": "Hanbit Trading",
    "email": "minji@hanbit.example",
    "country": "KR",
    "kind": "merchant",
    "industry": "green_food",
    "phone": "",
}


@pytest.fixture
def future_event():
    start = timezone.now() + datetime.timedelta(days=30)
    edition = EditionFactory(number=13, is_current=True)
    return EventFactory(edition=edition, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def test_a_registration_enqueues_one_task_and_sends_nothing_until_the_worker_runs(
    client, future_event, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(send_registration_email, "delay", lambda *args: queued.append(args))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(f"/programme/events/{future_event.pk}/", PERSON, **EN).status_code == 302
    assert queued == []  # nothing before the commit
    for callback in callbacks:
        callback()

    attendee = Attendee.objects.get()
    [(attendee_id, link, language, known)] = queued
    assert (attendee_id, link, language, known) == (
        attendee.pk,
        f"http://testserver/programme/my/{attendee.code}/",
        "en",
        False,
    )
    assert mail.outbox == []

    send_registration_email(*queued[0])  # the worker

    [message] = mail.outbox
    assert message.to == ["minji@hanbit.example"]
    assert link in message.body
    assert message.attachments[0][0] == f"badge-{attendee.code}.pdf"


def test_with_the_broker_behind_the_request_the_mail_waits_for_a_worker(
    client, future_event, django_capture_on_commit_callbacks
):
    """Not eager (as in production): the task goes to the broker and the request sends no mail."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/programme/register/", PERSON, **EN)

    assert Attendee.objects.filter(email="minji@hanbit.example").exists()
    assert mail.outbox == []


def test_the_task_of_a_vanished_attendee_sends_nothing(db):
    assert send_registration_email(0, "https://expo.example/programme/my/X/", "en") == 0
    assert mail.outbox == []
