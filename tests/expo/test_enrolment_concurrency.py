"""A one-time enrolment link opened by two sessions at the same moment shows the secret to
one of them only (PostgreSQL, threads), and the negative control shows why."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from expo import otp
from expo.models import EnrolmentLink
from tests.factories import OrganizerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def open_twice_at_once(monkeypatch, raw, user) -> list[str]:
    """Both sessions check the link, wait for each other, then spend it."""
    barrier = threading.Barrier(2)
    monkeypatch.setattr(otp, "_before_spending", lambda: barrier.wait(timeout=10))
    outcomes = []

    def work():
        try:
            otp.enrolment_link_open(raw=raw, user=user)
            outcomes.append("opened")
        except otp.EnrolmentRefused:
            outcomes.append("refused")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_sessions_opening_a_link_at_once_get_one_secret(monkeypatch):
    user = OrganizerFactory(username="li.na")
    _link, raw = otp.enrolment_link_issue(user=user, by=None)

    assert open_twice_at_once(monkeypatch, raw, user) == ["opened", "refused"]
    assert EnrolmentLink.objects.get().used_at is not None


def test_without_the_conditional_spend_both_sessions_get_a_secret(monkeypatch):
    """Negative control: spending the link with a plain write lets both sessions through."""
    user = OrganizerFactory(username="li.na")
    _link, raw = otp.enrolment_link_issue(user=user, by=None)

    def unconditional(link):
        return EnrolmentLink.objects.filter(pk=link.pk).update(used_at=timezone.now()) == 1

    monkeypatch.setattr(otp, "_spend", unconditional)

    assert open_twice_at_once(monkeypatch, raw, user) == ["opened", "opened"]
