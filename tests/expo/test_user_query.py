"""The user of each request, loaded by a query compiled once per process (expo.auth): the same
user, member unit and exhibitor as the ORM's, in one query, and nobody for an unknown id."""

import pytest

from expo.auth import ExpoModelBackend, user_by_pk
from tests.factories import MemberUnitUserFactory, OrganizerFactory, exhibitor_user

pytestmark = pytest.mark.django_db

FIELDS = ("pk", "username", "email", "password", "is_active", "is_staff", "is_superuser", "last_login", "date_joined")


def _same(loaded, user):
    assert type(loaded) is type(user)
    assert [getattr(loaded, name) for name in FIELDS] == [getattr(user, name) for name in FIELDS]
    assert loaded._state.db == "default"
    assert not loaded._state.adding


def test_a_unit_member_comes_with_the_unit_in_one_query(django_assert_num_queries):
    user = MemberUnitUserFactory()
    with django_assert_num_queries(1):
        loaded = ExpoModelBackend().get_user(user.pk)
        assert loaded.member_unit.code == user.member_unit.code
    _same(loaded, user)


def test_an_exhibitor_account_comes_with_its_exhibitor_in_one_query(django_assert_num_queries):
    user = exhibitor_user()
    with django_assert_num_queries(1):
        loaded = ExpoModelBackend().get_user(user.pk)
        assert loaded.exhibitor_member.exhibitor.name == user.exhibitor_member.exhibitor.name
    _same(loaded, user)


def test_an_organizer_without_unit_or_exhibitor(django_assert_num_queries):
    user = OrganizerFactory()
    loaded = ExpoModelBackend().get_user(user.pk)
    _same(loaded, user)
    with django_assert_num_queries(0):
        assert loaded.member_unit is None
    assert not hasattr(loaded, "exhibitor_member")


@pytest.mark.parametrize("user_id", [987654, "987654", "not a number", None])
def test_nobody_for_an_unknown_or_malformed_id(user_id):
    assert user_by_pk(user_id) is None


def test_a_disabled_user_is_nobody():
    user = OrganizerFactory(is_active=False)
    assert ExpoModelBackend().get_user(user.pk) is None


def test_a_session_id_in_text_loads_the_user():
    """Sessions keep the id as text."""
    user = OrganizerFactory()
    assert ExpoModelBackend().get_user(str(user.pk)).pk == user.pk
