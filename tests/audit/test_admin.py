"""The activity log's admin list: filters, search, and a constant number of queries."""

import pytest

from exhibitors.enums import ExhibitionAction
from expo import audit
from expo.models import AuditAction
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows(count):
    actors = UserFactory.create_batch(3)
    editions = EditionFactory.create_batch(2)
    for n in range(count):
        audit.record(
            action=AuditAction.IMPORT if n % 2 else AuditAction.LOGIN,
            actor=actors[n % 3],
            obj=editions[n % 2] if n % 2 else actors[n % 3],
            changes={"number": [n, n + 1]},
        )
    return actors


@pytest.mark.parametrize("item_count", [1, 30])
def test_changelist_runs_constant_queries(superuser_client, item_count, django_assert_num_queries):
    _rows(item_count)
    superuser_client.get("/admin/expo/activitylog/")  # content types and the site's apps cached, as in a running server

    # session, user, the date hierarchy, the actor and object type filters (2 each), rows
    with django_assert_num_queries(8):
        response = superuser_client.get("/admin/expo/activitylog/")

    assert response.status_code == 200
    logged = [e for e in response.context["cl"].result_list if not e.action.startswith(("user_", "otp_"))]
    assert len(logged) == item_count + 1  # and the superuser's own login (its account's rows apart)


def test_changelist_filters_by_action_actor_and_object_type(superuser_client):
    actors = _rows(6)

    by_action = superuser_client.get("/admin/expo/activitylog/?action__exact=import")
    by_actor = superuser_client.get(f"/admin/expo/activitylog/?actor__id__exact={actors[0].pk}")
    by_search = superuser_client.get(f"/admin/expo/activitylog/?q={actors[1].username}")

    assert {e.action for e in by_action.context["cl"].result_list} == {"import"}
    assert len(by_action.context["cl"].result_list) == 3
    assert {e.actor_id for e in by_actor.context["cl"].result_list} == {actors[0].pk}
    assert {e.actor_username for e in by_search.context["cl"].result_list} == {actors[1].username}


def test_a_staff_user_without_the_view_permission_cannot_see_it(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/admin/expo/activitylog/").status_code == 403


def test_rows_of_the_system_show_it_as_the_actor(superuser_client, english):
    audit.record(action=ExhibitionAction.BOOTH_EXPIRE)

    response = superuser_client.get("/admin/expo/activitylog/?action__exact=booth_expire", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert '<td class="field-display_actor">system</td>' in response.content.decode()
