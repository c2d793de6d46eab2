"""Issue 15, item 9: two identical submissions at the same moment. Both pass every check
before either has written, so only the unique constraint can decide: the second gets a
friendly answer, never an IntegrityError (a 500).

The race is forced every time, not hoped for: the first submission runs in a transaction
held open until the second one waits on the unique index, then commits."""

import datetime
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from events.models import Attendee
from events.services import attendee_register
from exhibitors.services import SignUpConflict, exhibitor_sign_up
from expo.committee import services as committee
from expo.errors import DomainError
from expo.models import ProgressReport
from tests.committee.factories import WorkItemFactory
from tests.factories import EditionFactory, MemberUnitUserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _someone_waits_for_a_lock(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("the second submission never waited for the first")


def second_while_first_commits(first, second) -> dict:
    """Run ``first`` and hold its transaction open; run ``second`` until it waits on the
    first's row; commit the first; return what the second returned or raised."""
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def run_first():
        try:
            with translation.override("en"), transaction.atomic():
                outcome["first"] = first()
                holding.set()
                release.wait(30)
        finally:
            holding.set()
            connection.close()

    def run_second():
        try:
            with translation.override("en"):
                outcome["second"] = second()
        except Exception as exc:  # the answer under test
            outcome["error"] = exc
        finally:
            connection.close()

    first_thread = threading.Thread(target=run_first)
    first_thread.start()
    holding.wait(30)
    second_thread = threading.Thread(target=run_second)
    second_thread.start()
    try:
        _someone_waits_for_a_lock()
    finally:
        release.set()
        first_thread.join(30)
        second_thread.join(30)
    return outcome


def test_two_identical_public_registrations_at_once_give_one_attendee_and_the_same_answer():
    edition = EditionFactory(number=14)
    person = {"edition": edition, "kind": "merchant", "name": "Park", "email": "park@hanbit.example", "country": "KR"}

    outcome = second_while_first_commits(lambda: attendee_register(**person), lambda: attendee_register(**person))

    assert "error" not in outcome, outcome.get("error")
    assert outcome["first"].created is True
    assert outcome["second"].created is False
    assert outcome["second"].attendee.pk == outcome["first"].attendee.pk
    assert Attendee.objects.filter(email="park@hanbit.example").count() == 1


def test_the_race_is_real_a_bare_insert_on_the_same_schedule_fails():
    """Negative control: without the service's handling, the second insert of the same
    schedule ends in the IntegrityError that used to be a 500."""
    edition = EditionFactory(number=14)

    def insert():
        return Attendee.objects.create(edition=edition, kind="merchant", name="Park", email="p@x.example", country="KR")

    outcome = second_while_first_commits(insert, insert)

    assert isinstance(outcome.get("error"), IntegrityError)


def test_two_identical_exhibitor_sign_ups_at_once_give_the_second_a_message():
    company = {
        "kind": "enterprise",
        "name": "吉林矩阵科技有限公司",
        "name_en": "Jilin Matrix Technology Co., Ltd.",
        "country": "CN",
        "province": "Jilin",
        "city": "Changchun",
        "industry": "electronics",
        "contact_name": "张伟",
        "contact_phone": "+86 431 8888 0000",
        "contact_email": "contact@matrix.example.org",
    }

    def sign_up():
        return exhibitor_sign_up(
            company=company,
            username="matrix",
            email="zhang@matrix.example.org",
            password="a-long-Pass-phrase-2026",
            base_url="http://testserver/",
        )

    outcome = second_while_first_commits(sign_up, sign_up)

    assert isinstance(outcome.get("error"), SignUpConflict)
    assert outcome["error"].message == (
        "This company or user name was registered a moment ago. If it was you, log in; otherwise choose another."
    )
    assert outcome["first"].username == "matrix"


def test_two_first_reports_of_a_month_at_once_give_the_second_a_message():
    user = MemberUnitUserFactory()
    item = WorkItemFactory(lead_unit=user.member_unit, deadline=datetime.date.today() + datetime.timedelta(days=30))

    def report():
        return committee.report_save(work_item=item, unit=user.member_unit, by=user, narrative="按计划推进", percent=40)

    outcome = second_while_first_commits(report, report)

    assert isinstance(outcome.get("error"), DomainError)
    assert "saved a moment ago" in outcome["error"].message
    assert ProgressReport.objects.filter(work_item=item).count() == 1
