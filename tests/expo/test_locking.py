"""``expo.locking.lock_rows``: what it locks, how long it waits, what a person is told, and
the test seam that switches it off; the page of a ``DomainError`` no view caught."""

import json

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from exhibitors.models import Pavilion
from expo.edition_guard import DomainErrorMiddleware
from expo.errors import DomainError, EditionClosed, InvalidInput, LockTimeout
from expo.locking import lock_row, lock_rows, locks_disabled, locks_enabled
from expo.models import Edition
from expo.ratelimit import RateLimited
from tests.factories import EditionFactory, PavilionFactory
from tests.helpers import RowLockHeld

pytestmark = pytest.mark.django_db

EN = "Someone else is changing this right now; please try again."
ZH = "其他人正在修改此内容，请稍后重试。"


def _sql(function) -> str:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        function()
    return "\n".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.postgres
def test_lock_rows_locks_only_the_querysets_own_table_with_the_timeout(settings):
    settings.LOCK_TIMEOUT_MS = 1234
    pavilion = PavilionFactory()

    sql = _sql(lambda: lock_rows(Pavilion.objects.select_related("edition").filter(pk=pavilion.pk)))

    assert "set_config('lock_timeout', '1234ms', true)" in sql
    assert 'FOR UPDATE OF "exhibitors_pavilion"' in sql
    assert 'expo_edition"' not in sql.split("FOR UPDATE", 1)[1]


@pytest.mark.postgres
def test_lock_rows_orders_by_primary_key_when_the_queryset_has_no_order():
    editions = [EditionFactory() for _ in range(3)]

    sql = _sql(lambda: lock_rows(Edition.objects.filter(pk__in=[e.pk for e in editions]).order_by()))

    assert 'ORDER BY "expo_edition"."id" ASC' in sql


@pytest.mark.postgres
def test_shared_locks_read_for_share():
    edition = EditionFactory()

    sql = _sql(lambda: lock_rows(Edition.objects.filter(pk=edition.pk).values_list("status"), shared=True))

    assert f'"expo_edition"."id" = {edition.pk}' in sql
    assert "DESC FOR SHARE\n" in sql


def test_lock_row_returns_the_row_or_raises_does_not_exist():
    edition = EditionFactory()
    with transaction.atomic():
        assert lock_row(Edition.objects, pk=edition.pk) == edition
        with pytest.raises(Edition.DoesNotExist):
            lock_row(Edition.objects, pk=edition.pk + 1000)


@pytest.mark.postgres
def test_the_seam_switches_the_locks_off_and_back_on_even_after_an_error():
    edition = EditionFactory()
    query = Edition.objects.filter(pk=edition.pk)

    def inside():
        with locks_disabled():
            assert not locks_enabled()
            assert "FOR UPDATE" not in _sql(lambda: lock_rows(query))
            assert "FOR SHARE" not in _sql(lambda: lock_rows(query.values_list("status"), shared=True))
            raise ZeroDivisionError  # an error inside the block

    with pytest.raises(ZeroDivisionError):
        inside()

    assert locks_enabled()
    assert "FOR UPDATE" in _sql(lambda: lock_rows(query))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("language", "message"), [("en", EN), ("zh-hans", ZH)])
@pytest.mark.parametrize("options", [{}, {"nowait": True}, {"shared": True}], ids=["wait", "nowait", "shared"])
def test_a_row_held_too_long_raises_lock_timeout_with_a_message(settings, language, message, options):
    settings.LOCK_TIMEOUT_MS = 100
    edition = EditionFactory()
    query = Edition.objects.filter(pk=edition.pk)
    if options.get("shared"):
        query = query.values_list("status")

    with (
        RowLockHeld(edition),
        translation.override(language),
        pytest.raises(LockTimeout) as refused,
        transaction.atomic(),
    ):
        lock_rows(query, **options)

    assert refused.value.message == message
    assert refused.value.status_code == 409
    assert isinstance(refused.value, DomainError)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_the_locks_off_a_held_row_does_not_make_anyone_wait(settings):
    settings.LOCK_TIMEOUT_MS = 100
    edition = EditionFactory()

    with RowLockHeld(edition), locks_disabled(), transaction.atomic():
        assert lock_rows(Edition.objects.filter(pk=edition.pk)) == [edition]


# The page of a DomainError no view caught -------------------------------------------------------


def _answer(error, **headers):
    request = RequestFactory().post("/somewhere/", **headers)
    return DomainErrorMiddleware(lambda r: None).process_exception(request, error)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (LockTimeout(), 409),
        (EditionClosed(), 409),
        (DomainError("No."), 409),
        (InvalidInput({"email": "Not an address."}), 400),
        (RateLimited(seconds=60), 429),
    ],
)
def test_an_uncaught_domain_error_is_a_page_with_its_status_and_message(error, status):
    response = _answer(error)

    assert response.status_code == status
    assert error.message in response.content.decode()


def test_json_clients_get_the_message_as_json():
    response = _answer(LockTimeout(), HTTP_ACCEPT="application/json")

    assert response.status_code == 409
    assert json.loads(response.content) == {"error": LockTimeout().message}


def test_other_exceptions_are_left_to_django():
    assert _answer(ValueError("a bug")) is None


def test_invalid_input_is_a_validation_error_by_field_too():
    error = InvalidInput({"email": "Not an address.", None: "Whole form."})

    assert error.message_dict == {"email": ["Not an address."], "__all__": ["Whole form."]}
    assert error.message == str(error) == "Not an address. Whole form."


@pytest.mark.postgres
def test_the_timeout_is_set_once_a_transaction_and_again_after_a_savepoint_rolls_back(settings):
    settings.LOCK_TIMEOUT_MS = 4321
    edition = EditionFactory()
    query = Edition.objects.filter(pk=edition.pk)

    def lock_twice_then_roll_back_a_savepoint_and_lock():
        lock_rows(query)
        lock_rows(query.values_list("status"), shared=True)
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            raise ZeroDivisionError  # Django rolls this savepoint back
        lock_rows(query)
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone() == ("4321ms",)

    sql = _sql(lock_twice_then_roll_back_a_savepoint_and_lock)

    assert sql.count("set_config('lock_timeout', '4321ms', true)") == 2
