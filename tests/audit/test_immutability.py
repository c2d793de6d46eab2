"""Activity-log rows cannot be changed or deleted: not by the model, the queryset, the admin
(superusers included), nor, on PostgreSQL, by raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from expo import audit
from expo.models import ActivityLog, ActivityLogImmutable, AuditAction
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(edition):
    return audit.record(
        action=AuditAction.IMPORT, obj=edition, actor=UserFactory(username="clerk"), changes={"rows": [0, 3]}
    )


def _unchanged(entry):
    stored = ActivityLog.objects.values_list("action", "actor_username", "changes").get(pk=entry.pk)
    assert stored == ("import", "clerk", {"rows": [0, 3]})


def test_the_model_refuses_to_save_an_existing_row(entry):
    entry.actor_username = "someone-else"

    with pytest.raises(ActivityLogImmutable):
        entry.save()
    _unchanged(entry)


def test_the_model_refuses_to_delete(entry):
    with pytest.raises(ActivityLogImmutable):
        entry.delete()
    _unchanged(entry)


@pytest.mark.parametrize(
    "attempt",
    [
        lambda qs: qs.update(actor_username="someone-else"),
        lambda qs: qs.delete(),
        lambda qs: qs.bulk_update(list(qs), ["actor_username"]),
        lambda qs: qs.update_or_create(pk=qs.get().pk, defaults={"actor_username": "x"}),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create"],
)
def test_the_queryset_refuses_to_change_or_delete(entry, attempt):
    with pytest.raises(ActivityLogImmutable):
        attempt(ActivityLog.objects.filter(pk=entry.pk))
    _unchanged(entry)


def test_the_admin_shows_it_read_only_even_to_a_superuser(superuser_client, entry):
    url = f"/admin/expo/activitylog/{entry.pk}/change/"

    page = superuser_client.get(url)

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert "clerk" in page.content.decode()
    assert superuser_client.post(url, {"actor_username": "someone-else", "action": "login"}).status_code == 403
    assert superuser_client.post(f"/admin/expo/activitylog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert superuser_client.get("/admin/expo/activitylog/add/").status_code == 403
    bulk = superuser_client.post(
        "/admin/expo/activitylog/", {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    _unchanged(entry)


def test_the_admin_changelist_offers_no_delete_action(superuser_client, entry):
    response = superuser_client.get("/admin/expo/activitylog/")

    assert response.status_code == 200
    assert "delete_selected" not in response.content.decode()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE expo_activitylog SET actor_username = 'someone-else' WHERE id = %s",
        "DELETE FROM expo_activitylog WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_raw_update_and_delete(entry, sql):
    with (
        pytest.raises(DatabaseError, match="cannot be changed or deleted"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    _unchanged(entry)


@pytest.mark.postgres
def test_the_database_still_accepts_new_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO expo_activitylog (at, actor_username, action, object_id, object_repr, changes, details) "
            "VALUES (now(), 'raw', 'import', '', '', '{}', '{}')"
        )
    assert ActivityLog.objects.get().actor_username == "raw"
