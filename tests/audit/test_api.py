"""expo.audit: what a row holds (actor, UTC time, object, changes), masking, bulk writes, logins."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from delegations.enums import ProtocolAction
from expo import audit
from expo.models import ActivityLog, AuditAction, Edition
from tests.factories import TEST_PASSWORD, EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_time_object_changes_and_address(edition):
    user = UserFactory(username="wangfang")
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    request.user = user
    before = timezone.now()

    entry = audit.record(
        action=AuditAction.IMPORT,
        obj=edition,
        request=request,
        changes={"amount": (Decimal("12.50"), Decimal("13.00")), "day": [None, datetime.date(2021, 9, 23)]},
        details={"rows": 3},
    )

    stored = ActivityLog.objects.get()
    assert stored.pk == entry.pk
    assert (stored.actor, stored.actor_username, stored.action) == (user, "wangfang", "import")
    assert (stored.content_type, stored.object_id, stored.object_repr) == (
        ContentType.objects.get_for_model(Edition),
        str(edition.pk),
        str(edition),
    )
    assert stored.changes == {"amount": ["12.50", "13.00"], "day": [None, "2021-09-23"]}
    assert stored.details == {"rows": 3}
    assert stored.ip_address == "203.0.113.7"
    assert stored.at.tzinfo is not None
    assert stored.at.utcoffset() == datetime.timedelta(0)
    assert before <= stored.at <= timezone.now()


def test_an_anonymous_request_records_no_actor():
    request = RequestFactory().get("/")
    request.user = None

    entry = audit.record(action=AuditAction.LOGOUT, request=request)

    assert (entry.actor_id, entry.actor_username, entry.content_type_id, entry.object_id) == (None, "", None, "")


def test_an_unknown_action_is_refused_and_writes_nothing():
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(action="tea_break")
    assert not ActivityLog.objects.exists()


def test_protected_values_are_masked_in_changes():
    entry = audit.record(
        action=ProtocolAction.DELEGATE_CHANGE,
        changes={
            "passport_number": ["E12345689", "G98765432"],
            "date_of_birth": [datetime.date(1965, 3, 12), "1971-01-02"],
            "phone": ["+86 138 0000 0012", ""],
            "liaison_phone": [None, "+7 912 345 67 89"],
            "rank": [3, 4],
        },
    )

    assert ActivityLog.objects.get(pk=entry.pk).changes == {
        "passport_number": ["E1•••••89", "G9•••••32"],
        "date_of_birth": ["19••-••-••", "19••-••-••"],
        "phone": ["+86 •••• ••12", ""],
        "liaison_phone": ["", "+7 •••• ••89"],
        "rank": [3, 4],
    }
    assert "12345" not in str(ActivityLog.objects.values_list("changes", flat=True).get())


def test_changes_between_lists_only_what_differs():
    assert audit.changes_between(
        {"amount": Decimal("1.00"), "stage": "signed", "title": "A"},
        {"amount": Decimal("2.00"), "stage": "signed", "title": "B"},
    ) == {"amount": [Decimal("1.00"), Decimal("2.00")], "title": ["A", "B"]}
    assert audit.changes_between(None, {"stage": "signed"}) == {"stage": [None, "signed"]}


def test_record_many_writes_one_row_per_object_in_one_insert(django_assert_num_queries):
    editions = EditionFactory.create_batch(3)
    actor = UserFactory()
    ContentType.objects.get_for_model(Edition)  # cached, as it is in a running process

    with django_assert_num_queries(1):
        entries = audit.record_many(
            action=AuditAction.IMPORT,
            objects=editions,
            actor=actor,
            changes=lambda e: {"number": [None, e.number]},
            details={"source": "test"},
        )

    assert len(entries) == 3
    assert sorted(ActivityLog.objects.values_list("object_id", "changes", "actor_id")) == sorted(
        (str(e.pk), {"number": [None, e.number]}, actor.pk) for e in editions
    )


def _record_then_fail():
    with transaction.atomic():
        audit.record(action=AuditAction.IMPORT)
        raise RuntimeError("the action failed")


def test_a_rolled_back_transaction_leaves_no_row():
    with pytest.raises(RuntimeError):
        _record_then_fail()

    assert not ActivityLog.objects.exists()


# Logins --------------------------------------------------------------------------------


def test_a_login_and_a_logout_are_logged_with_the_address(client):
    user = UserFactory(username="liming")

    assert client.login(username="liming", password=TEST_PASSWORD)
    client.logout()

    rows = list(ActivityLog.objects.order_by("pk").values_list("action", "actor_id", "actor_username"))
    assert rows == [("login", user.pk, "liming"), ("logout", user.pk, "liming")]


def test_a_failed_login_keeps_the_username_and_address_never_the_password(client):
    UserFactory(username="liming")

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "liming", "password": "wrong-Secret-42"},
        REMOTE_ADDR="198.51.100.23",
    )

    assert response.status_code == 200
    entry = ActivityLog.objects.get()
    assert (entry.action, entry.actor_id, entry.actor_username, entry.ip_address) == (
        AuditAction.LOGIN_FAILED,
        None,
        "liming",
        "198.51.100.23",
    )
    stored = str(ActivityLog.objects.values_list("changes", "details", "object_repr").get())
    assert "wrong-Secret-42" not in stored
    assert "*" not in stored


def test_a_successful_admin_login_is_logged_once(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.10"
    )

    assert response.status_code == 302
    assert list(
        ActivityLog.objects.exclude(action="user_rights").values_list("action", "actor_username", "ip_address")
    ) == [("login", "boss", "192.0.2.10")]
