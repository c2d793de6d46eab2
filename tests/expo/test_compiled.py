"""``expo.compiled.CompiledQuery``: compiled once, the same rows as the ORM's (objects with their
``select_related`` relations, value tuples, flat values), each argument in its place, the ORM
when a queryset cannot be compiled; and ``expo.locking.lock_compiled``, its locks, timeout and
seam."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from exhibitors.models import Booth
from expo.compiled import CompiledQuery
from expo.errors import LockTimeout
from expo.locking import lock_compiled, locks_disabled
from expo.models import Edition
from tests.factories import BoothFactory, EditionFactory, PavilionFactory
from tests.helpers import RowLockHeld

pytestmark = pytest.mark.django_db


def _counting(build):
    calls = []

    def counted(*args):
        calls.append(args)
        return build(*args)

    return counted, calls


def test_objects_come_with_their_relations_as_the_orms_in_one_query(django_assert_num_queries):
    booth = BoothFactory(code="A17")
    query = CompiledQuery(lambda pk: Booth.objects.select_related("pavilion__edition").filter(pk=pk))

    with django_assert_num_queries(1):
        [loaded] = query.rows(booth.pk)
        assert loaded.pavilion.edition.number == booth.pavilion.edition.number

    orm = Booth.objects.get(pk=booth.pk)
    assert loaded == orm
    assert [getattr(loaded, f.attname) for f in Booth._meta.concrete_fields] == [
        getattr(orm, f.attname) for f in Booth._meta.concrete_fields
    ]
    assert (loaded._state.db, loaded._state.adding) == ("default", False)


def test_built_and_compiled_once_then_only_run(django_assert_num_queries):
    editions = [EditionFactory() for _ in range(3)]
    build, calls = _counting(lambda pk: Edition.objects.filter(pk=pk).values_list("number", "status"))
    query = CompiledQuery(build)

    for edition in editions:
        assert query.rows(edition.pk) == [(edition.number, edition.status)]

    assert len(calls) == 2  # with the two sets of stand-ins only
    assert query.rows(10**9) == []


def test_each_argument_goes_to_its_place():
    pavilion = PavilionFactory()
    wanted = BoothFactory(pavilion=pavilion, code="W1")
    while wanted.pk == pavilion.pk:  # the keys must differ for the swap below to find nothing
        wanted = BoothFactory(pavilion=pavilion, code=f"W{wanted.pk}")
    BoothFactory(pavilion=PavilionFactory(), code="W1")
    query = CompiledQuery(
        lambda pavilion_id, pk: Booth.objects.filter(pk=pk, pavilion_id=pavilion_id).values_list("code", flat=True),
        arity=2,
    )

    assert query.rows(pavilion.pk, wanted.pk) == [wanted.code]
    assert query.rows(wanted.pk, pavilion.pk) == []  # not swapped
    assert query.rows(pavilion.pk + 1000, wanted.pk) == []


def test_a_queryset_using_an_argument_twice_is_not_compiled_and_runs_through_the_orm():
    edition = EditionFactory()
    build, calls = _counting(lambda pk: Edition.objects.filter(pk=pk).exclude(number=pk))
    query = CompiledQuery(build)

    assert query.sql() is None
    assert query.rows(edition.pk) == [edition]
    assert len(calls) == 3  # the stand-ins twice, then the real argument


def test_dictionaries_are_refused_as_a_programming_error():
    with pytest.raises(TypeError):
        CompiledQuery(lambda pk: Edition.objects.filter(pk=pk).values("number")).rows(1)


# lock_compiled -------------------------------------------------------------------------------


def _sql(function) -> str:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        function()
    return "\n".join(q["sql"] for q in queries.captured_queries)


BOOTH = CompiledQuery(lambda pk: Booth.objects.select_related("pavilion").filter(pk=pk))
STATUS = CompiledQuery(lambda pk: Edition.objects.filter(pk=pk).values_list("status", flat=True))


@pytest.mark.postgres
def test_locks_its_table_only_with_the_timeout_in_the_same_round_trip(settings, django_assert_num_queries):
    settings.LOCK_TIMEOUT_MS = 1234
    booth = BoothFactory()

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert lock_compiled(BOOTH, booth.pk, table="exhibitors_booth") == [booth]
        status = lock_compiled(STATUS, booth.pavilion.edition_id, table="expo_edition", shared=True)

    assert status == [Edition.objects.get(pk=booth.pavilion.edition_id).status]
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) == 2  # the timeout went with the first lock, once
    assert "set_config('lock_timeout', '1234ms', true)" in sql[0]
    assert sql[0].endswith('FOR UPDATE OF "exhibitors_booth"')
    assert sql[1].endswith("FOR SHARE")
    assert "set_config" not in sql[1]


@pytest.mark.postgres
def test_the_seam_reads_without_locking():
    booth = BoothFactory()
    with locks_disabled():
        sql = _sql(lambda: lock_compiled(BOOTH, booth.pk, table="exhibitors_booth"))
    assert "FOR UPDATE" not in sql
    assert "FOR UPDATE" in _sql(lambda: lock_compiled(BOOTH, booth.pk, table="exhibitors_booth"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shared", [False, True], ids=["update", "share"])
def test_a_row_held_too_long_raises_lock_timeout(settings, shared):
    settings.LOCK_TIMEOUT_MS = 100
    edition = EditionFactory()
    query = STATUS if shared else CompiledQuery(lambda pk: Edition.objects.filter(pk=pk))

    with (
        RowLockHeld(edition),
        translation.override("en"),
        pytest.raises(LockTimeout),
        transaction.atomic(),
    ):
        lock_compiled(query, edition.pk, table="expo_edition", shared=shared)


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Edition.objects.filter(pk=pk).exclude(number=pk + 1),  # changed by build
        lambda pk: Edition.objects.filter(pk=pk).exclude(pk=-pk),  # out of the field's range
    ],
    ids=["changed", "negated"],
)
def test_an_argument_changed_on_its_way_is_found_out_and_runs_through_the_orm(build):
    edition = EditionFactory(number=7)
    query = CompiledQuery(build)

    assert query.sql() is None
    assert query.rows(edition.pk) == list(build(edition.pk))


def test_a_text_argument_such_as_a_badge_code():
    from events.models import Attendee
    from tests.factories import AttendeeFactory

    attendee = AttendeeFactory()
    AttendeeFactory()
    query = CompiledQuery(lambda code: Attendee.objects.select_related("edition").filter(code=code))

    assert query.sql() is not None
    [found] = query.rows(attendee.code)
    assert (found, found.edition) == (attendee, attendee.edition)
    assert query.rows("NOSUCHCODE") == []
    assert query.rows("31000") == []  # a stand-in's digits are only a code like any other
