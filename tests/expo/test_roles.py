import pytest
from django.contrib.auth.models import Group

from expo.roles import in_office, is_organizer, member_unit_of, sync_office_groups
from tests.factories import MemberUnitUserFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sync_office_groups_is_idempotent():
    sync_office_groups()
    before = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}

    sync_office_groups()

    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert after == before
    assert sorted(after) == ["exhibition", "investment", "protocol", "secretariat"]


def test_secretariat_manages_the_committee_and_other_offices_only_view_it():
    groups = sync_office_groups()

    secretariat = set(groups["secretariat"].permissions.values_list("codename", flat=True))
    protocol = set(groups["protocol"].permissions.values_list("codename", flat=True))
    assert {"change_edition", "change_memberunit", "add_user"} <= secretariat
    assert {"view_edition", "view_memberunit"} <= protocol
    assert not {"change_edition", "change_memberunit", "view_user"} & protocol


def test_roles_of_each_kind_of_user():
    organizer = OrganizerFactory(offices=["protocol"])
    unit_user = MemberUnitUserFactory()
    plain = UserFactory()

    assert (is_organizer(organizer), in_office(organizer, "protocol"), in_office(organizer, "investment")) == (
        True,
        True,
        False,
    )
    assert (is_organizer(unit_user), member_unit_of(unit_user)) == (False, unit_user.member_unit)
    assert (is_organizer(plain), member_unit_of(plain)) == (False, None)


def test_a_deactivated_unit_user_has_no_unit():
    user = MemberUnitUserFactory(is_active=False)

    assert member_unit_of(user) is None
