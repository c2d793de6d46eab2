import pytest

from expo.models import Edition
from tests.factories import EditionFactory, MemberUnitFactory, MemberUnitUserFactory, OrganizerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client):
    client.force_login(OrganizerFactory(is_superuser=True, offices=["secretariat"]))
    return client


@pytest.mark.parametrize("unit_count", [1, 30])
def test_member_unit_list_runs_constant_queries(organizer_client, unit_count, django_assert_num_queries):
    MemberUnitFactory.create_batch(unit_count)

    with django_assert_num_queries(6):
        response = organizer_client.get("/admin/expo/memberunit/")

    assert response.status_code == 200


@pytest.mark.parametrize("user_count", [1, 30])
def test_user_list_runs_constant_queries(organizer_client, user_count, django_assert_num_queries):
    MemberUnitUserFactory.create_batch(user_count)

    with django_assert_num_queries(6):
        response = organizer_client.get("/admin/expo/user/")

    assert response.status_code == 200


@pytest.mark.parametrize("edition_count", [1, 30])
def test_edition_list_runs_constant_queries(organizer_client, edition_count, django_assert_num_queries):
    previous = None
    for _ in range(edition_count):
        previous = EditionFactory(previous=previous)

    with django_assert_num_queries(6):
        response = organizer_client.get("/admin/expo/edition/")

    assert response.status_code == 200


def test_member_units_filter_by_kind_and_search(organizer_client):
    MemberUnitFactory(kind="municipality", name_en="Siping")
    MemberUnitFactory(kind="agency", name_en="Changchun Customs")

    by_kind = organizer_client.get("/admin/expo/memberunit/", {"kind__exact": "municipality"})
    by_search = organizer_client.get("/admin/expo/memberunit/", {"q": "customs"})

    assert [u.name_en for u in by_kind.context["cl"].result_list] == ["Siping"]
    assert [u.name_en for u in by_search.context["cl"].result_list] == ["Changchun Customs"]


def test_make_current_action(organizer_client, edition):
    response = organizer_client.post(
        "/admin/expo/edition/", {"action": "make_current", "_selected_action": [edition.previous.pk]}
    )

    assert response.status_code == 302
    assert list(Edition.objects.filter(is_current=True).values_list("number", flat=True)) == [12]


def test_protocol_staff_may_view_but_not_change_the_committee(client, edition):
    client.force_login(OrganizerFactory(offices=["protocol"]))
    unit = MemberUnitFactory()

    assert client.get("/admin/expo/memberunit/").status_code == 200
    assert client.post(f"/admin/expo/memberunit/{unit.pk}/change/", {"code": "hacked"}).status_code == 403
    assert client.get("/admin/expo/user/").status_code == 403


def test_member_unit_users_cannot_enter_the_admin(client):
    client.force_login(MemberUnitUserFactory())

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
