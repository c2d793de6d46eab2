"""Rights of accounts: no self-promotion, only superusers change rights and staff passwords,
offices hold the permissions of their table only, and every change is in the activity log."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import accounts
from expo.enums import Office
from expo.models import ActivityLog, AuditAction, User
from expo.roles import OFFICE_PERMISSIONS, office_permission_keys, sync_office_groups
from tests.factories import TEST_PASSWORD, MemberUnitUserFactory, OrganizerFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Larch-Forest-Morning-77"


@pytest.fixture
def secretariat(client):
    user = OrganizerFactory(username="mi.shu", offices=[Office.SECRETARIAT])
    client.force_login(user)
    return user


@pytest.fixture
def root():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def change_data(user, **extra) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "member_unit": user.member_unit_id or "",
    }
    data.update(extra)
    return data


def rows(action, user) -> list[dict]:
    return list(
        ActivityLog.objects.filter(action=action, object_id=str(user.pk))
        .order_by("pk")
        .values_list("changes", flat=True)
    )


# No self-promotion ------------------------------------------------------------------------------


def test_secretariat_cannot_make_itself_superuser(client, secretariat):
    form = client.get(f"/admin/expo/user/{secretariat.pk}/change/")
    response = client.post(
        f"/admin/expo/user/{secretariat.pk}/change/", change_data(secretariat, is_superuser="on", is_staff="on")
    )

    secretariat.refresh_from_db()
    assert (form.status_code, response.status_code) == (200, 403)
    assert 'name="is_superuser"' not in form.content.decode()
    assert secretariat.is_superuser is False
    assert rows(AuditAction.USER_RIGHTS, secretariat)[-1] == {"groups": [[], ["secretariat"]]}


def test_secretariat_cannot_grant_rights_to_a_user_it_may_edit_even_by_a_forged_form(client, secretariat):
    unit_user = MemberUnitUserFactory(username="commerce")
    group = Group.objects.get(name=Office.SECRETARIAT)
    permission = Permission.objects.get(codename="add_periodictask")

    form = client.get(f"/admin/expo/user/{unit_user.pk}/change/")
    response = client.post(
        f"/admin/expo/user/{unit_user.pk}/change/",
        change_data(
            unit_user,
            first_name="Wei",
            is_superuser="on",
            is_staff="on",
            groups=[group.pk],
            user_permissions=[permission.pk],
        ),
    )

    unit_user.refresh_from_db()
    assert (form.status_code, response.status_code) == (200, 302)
    for name in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{name}"' not in form.content.decode()
    assert unit_user.first_name == "Wei"
    assert (unit_user.is_superuser, unit_user.is_staff) == (False, False)
    assert (list(unit_user.groups.all()), list(unit_user.user_permissions.all())) == ([], [])
    assert rows(AuditAction.USER_RIGHTS, unit_user) == []


def test_secretariat_cannot_edit_a_superuser(client, secretariat, root):
    response = client.post(f"/admin/expo/user/{root.pk}/change/", change_data(root, email="mine@evil.example"))

    root.refresh_from_db()
    assert response.status_code == 403
    assert root.email == "root@example.org"
    assert client.get(f"/admin/expo/user/{root.pk}/change/").status_code == 200  # read-only view


def test_secretariat_cannot_edit_another_staff_account(client, secretariat):
    protocol = OrganizerFactory(username="li.na", offices=[Office.PROTOCOL])

    response = client.post(f"/admin/expo/user/{protocol.pk}/change/", change_data(protocol, email="x@evil.example"))

    protocol.refresh_from_db()
    assert (response.status_code, protocol.email) == (403, "li.na@example.org")


@pytest.mark.parametrize("target", ["superuser", "staff", "self"])
def test_secretariat_cannot_set_a_staff_users_password(client, secretariat, root, target):
    user = {"superuser": root, "staff": OrganizerFactory(), "self": secretariat}[target]
    url = f"/admin/expo/user/{user.pk}/password/"

    page = client.get(url)
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})

    user.refresh_from_db()
    assert (page.status_code, response.status_code) == (403, 403)
    assert user.check_password(TEST_PASSWORD)
    assert rows(AuditAction.USER_PASSWORD, user) == []


def test_secretariat_resets_a_member_unit_users_password_and_it_is_logged(client, secretariat):
    unit_user = MemberUnitUserFactory(username="commerce")

    response = client.post(
        f"/admin/expo/user/{unit_user.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        REMOTE_ADDR="10.1.2.3",
    )

    unit_user.refresh_from_db()
    assert response.status_code == 302
    assert unit_user.check_password(NEW_PASSWORD)
    entry = ActivityLog.objects.get(action=AuditAction.USER_PASSWORD)
    assert (entry.actor_username, entry.object_id, entry.changes, entry.ip_address) == (
        "mi.shu",
        str(unit_user.pk),
        {"usable_password": [True, True]},
        "10.1.2.3",
    )
    assert "md5$" not in str(entry.changes)
    assert NEW_PASSWORD not in str(entry.changes)


def test_superuser_sets_a_staff_users_password(client, root):
    staff = OrganizerFactory()
    client.force_login(root)

    response = client.post(
        f"/admin/expo/user/{staff.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    staff.refresh_from_db()
    assert (response.status_code, staff.check_password(NEW_PASSWORD)) == (302, True)
    assert rows(AuditAction.USER_PASSWORD, staff) == [{"usable_password": [True, True]}]


# Superusers ----------------------------------------------------------------------------------------


def test_superuser_grants_staff_and_an_office_and_both_are_logged_with_old_and_new(client, root):
    unit_user = MemberUnitUserFactory(username="commerce")
    protocol = sync_office_groups()[Office.PROTOCOL]
    client.force_login(root)

    response = client.post(
        f"/admin/expo/user/{unit_user.pk}/change/", change_data(unit_user, is_staff="on", groups=[protocol.pk])
    )

    unit_user.refresh_from_db()
    assert response.status_code == 302
    assert (unit_user.is_staff, [g.name for g in unit_user.groups.all()]) == (True, ["protocol"])
    entries = ActivityLog.objects.filter(action=AuditAction.USER_RIGHTS, object_id=str(unit_user.pk)).order_by("pk")
    assert [(e.actor_username, e.changes) for e in entries] == [
        ("root", {"is_staff": [False, True]}),
        ("root", {"groups": [[], ["protocol"]]}),
    ]


def test_superuser_cannot_change_their_own_rights(client, root):
    client.force_login(root)

    form = client.get(f"/admin/expo/user/{root.pk}/change/")
    # A form without is_superuser and is_staff would take both away, were they editable.
    response = client.post(f"/admin/expo/user/{root.pk}/change/", change_data(root, first_name="Root"))

    root.refresh_from_db()
    assert 'name="is_superuser"' not in form.content.decode()
    assert response.status_code == 302
    assert (root.first_name, root.is_superuser, root.is_staff) == ("Root", True, True)
    assert rows(AuditAction.USER_RIGHTS, root) == [{"is_superuser": [None, True], "is_staff": [None, True]}]


def test_rights_services_refuse_the_actors_own_account_and_non_superusers(root):
    secretariat = OrganizerFactory(offices=[Office.SECRETARIAT])
    target = MemberUnitUserFactory()

    with pytest.raises(accounts.RightsRefused):
        accounts.user_set_rights(user=root, by=root, is_superuser=False)
    with pytest.raises(accounts.RightsRefused):
        accounts.user_set_rights(user=target, by=secretariat, is_superuser=True)
    with pytest.raises(accounts.RightsRefused):
        accounts.user_set_password(user=root, by=secretariat, password=NEW_PASSWORD)

    accounts.user_set_rights(user=target, by=root, is_staff=True, group_names=["investment"])
    target.refresh_from_db()
    assert (root.is_superuser, target.is_staff, [g.name for g in target.groups.all()]) == (True, True, ["investment"])
    assert [e.actor_username for e in ActivityLog.objects.filter(object_id=str(target.pk))] == ["root", "root"]


# Periodic tasks and task results ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/django_celery_beat/periodictask/",
        "/admin/django_celery_beat/periodictask/add/",
        "/admin/django_celery_results/taskresult/",
        "/admin/auth/group/",
        "/admin/otp_totp/totpdevice/",
    ],
)
def test_secretariat_cannot_open_tasks_results_groups_or_devices(client, secretariat, url):
    assert client.get(url).status_code == 403


def test_a_permission_given_directly_does_not_open_periodic_tasks_to_a_non_superuser(client, secretariat, root):
    secretariat.user_permissions.add(*Permission.objects.filter(content_type__app_label="django_celery_beat"))
    schedule = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.SECONDS)

    response = client.post(
        "/admin/django_celery_beat/periodictask/add/",
        {"name": "x", "task": "expo.anything", "interval": schedule.pk, "enabled": "on", "args": "[]", "kwargs": "{}"},
    )

    assert response.status_code == 403
    assert not PeriodicTask.objects.filter(name="x").exists()
    client.force_login(root)
    assert client.get("/admin/django_celery_beat/periodictask/add/").status_code == 200


def test_index_of_the_secretariat_lists_no_rights_or_task_admins(client, secretariat):
    text = client.get("/admin/").content.decode()

    assert "/admin/expo/user/" in text
    for url in ("/admin/django_celery_beat/", "/admin/django_celery_results/", "/admin/auth/", "/admin/otp_totp/"):
        assert url not in text


# The offices' table ----------------------------------------------------------------------------------


def test_offices_hold_no_permission_on_rights_tasks_or_devices():
    groups = sync_office_groups()

    held = {
        f"{p.content_type.app_label}.{p.codename}"
        for group in groups.values()
        for p in group.permissions.select_related("content_type")
    }
    forbidden = {
        h
        for h in held
        if h.split(".")[0] in ("auth", "django_celery_beat", "django_celery_results", "otp_totp", "axes")
    }
    assert forbidden == set()
    assert "expo.delete_user" not in held


def test_a_new_model_grants_nothing_to_any_office_until_declared():
    new_type = ContentType.objects.create(app_label="expo", model="somethingnew")
    Permission.objects.create(content_type=new_type, codename="change_somethingnew", name="Can change something new")

    groups = sync_office_groups()

    for group in groups.values():
        assert not group.permissions.filter(content_type=new_type).exists()


def test_every_declared_permission_exists():
    existing = set(Permission.objects.values_list("content_type__app_label", "codename"))

    for office in OFFICE_PERMISSIONS:
        assert office_permission_keys(office) - existing == set()


# The activity log of accounts, whatever the door --------------------------------------------------------


def test_shell_changes_of_rights_password_and_activity_are_logged_without_an_actor():
    user = MemberUnitUserFactory(username="commerce")
    group = sync_office_groups()[Office.EXHIBITION]

    user = User.objects.get(pk=user.pk)
    user.is_superuser = True
    user.set_password(NEW_PASSWORD)
    user.is_active = False
    user.save()
    group.user_set.add(user)
    user.user_permissions.add(Permission.objects.get(codename="view_project"))

    entries = ActivityLog.objects.filter(object_id=str(user.pk)).order_by("pk")
    assert [(e.action, e.actor_id, e.changes) for e in entries] == [
        (AuditAction.USER_RIGHTS, None, {"is_superuser": [False, True]}),
        (AuditAction.USER_CHANGE, None, {"is_active": [True, False]}),
        (AuditAction.USER_PASSWORD, None, {"usable_password": [True, True]}),
        (AuditAction.USER_RIGHTS, None, {"groups": [[], ["exhibition"]]}),
        (AuditAction.USER_RIGHTS, None, {"user_permissions": [[], ["projects.view_project"]]}),
    ]


def test_removing_a_user_from_an_office_is_logged_with_old_and_new():
    user = OrganizerFactory(offices=[Office.PROTOCOL, Office.INVESTMENT])

    user.groups.remove(Group.objects.get(name=Office.PROTOCOL))
    user.groups.clear()

    assert rows(AuditAction.USER_RIGHTS, user)[-2:] == [
        {"groups": [["investment", "protocol"], ["investment"]]},
        {"groups": [["investment"], []]},
    ]


def test_two_step_devices_created_confirmed_and_deleted_are_logged():
    user = OrganizerFactory(username="li.na")

    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=False)
    device.confirmed = True
    device.save()
    device.delete()

    entries = ActivityLog.objects.filter(action=AuditAction.OTP_DEVICE, object_id=str(user.pk)).order_by("pk")
    assert [(e.details["event"], e.changes) for e in entries] == [
        ("created", {"confirmed": [None, False]}),
        ("confirmed", {"confirmed": [False, True]}),
        ("deleted", {"confirmed": [True, None]}),
    ]


def test_deactivate_action_of_the_secretariat_skips_staff_and_logs_each_user(client, secretariat, root):
    unit_user = MemberUnitUserFactory()
    staff = OrganizerFactory()

    client.post(
        "/admin/expo/user/",
        {"action": "deactivate", "_selected_action": [unit_user.pk, staff.pk, root.pk, secretariat.pk]},
    )

    assert dict(
        User.objects.filter(pk__in=[unit_user.pk, staff.pk, root.pk, secretariat.pk]).values_list(
            "username", "is_active"
        )
    ) == {
        unit_user.username: False,
        staff.username: True,
        "root": True,
        "mi.shu": True,
    }
    assert rows(AuditAction.USER_CHANGE, unit_user) == [{"is_active": [True, False]}]


def test_an_account_an_organizer_creates_counts_as_verified(client, root):
    client.force_login(root)

    response = client.post(
        "/admin/expo/user/add/",
        {"username": "newexhibitor", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert User.objects.get(username="newexhibitor").email_verified_at is not None


def test_a_superuser_changing_an_offices_permissions_in_the_admin_is_logged(client, root):
    group = sync_office_groups()[Office.INVESTMENT]
    before = sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all())
    extra = Permission.objects.get(codename="view_delegate")
    client.force_login(root)

    response = client.post(
        f"/admin/auth/group/{group.pk}/change/",
        {"name": group.name, "permissions": [*group.permissions.values_list("pk", flat=True), extra.pk]},
    )

    assert response.status_code == 302
    entry = ActivityLog.objects.get(action=AuditAction.USER_RIGHTS, content_type__model="group")
    assert (entry.actor_username, entry.changes) == (
        "root",
        {"permissions": [before, sorted([*before, "delegations.view_delegate"])]},
    )


def test_a_change_left_out_of_update_fields_is_logged_when_it_is_saved():
    user = MemberUnitUserFactory()
    user = User.objects.get(pk=user.pk)

    user.is_staff = True
    user.save(update_fields=["first_name"])
    user.save(update_fields=["is_staff"])

    assert rows(AuditAction.USER_RIGHTS, user) == [{"is_staff": [False, True]}]


@pytest.mark.parametrize(
    ("office", "url", "others"),
    [
        (Office.EXHIBITION, "/admin/exhibitors/livebroadcast/", "/admin/matchmaking/meeting/"),
        (Office.INVESTMENT, "/admin/matchmaking/meeting/", "/admin/exhibitors/livebroadcast/"),
        (Office.INVESTMENT, "/admin/matchmaking/lead/", "/admin/exhibitors/livebroadcast/"),
    ],
)
def test_broadcasts_belong_to_the_exhibition_office_and_matchmaking_to_investment(client, office, url, others):
    client.force_login(OrganizerFactory(offices=[office]))

    assert client.get(url).status_code == 200
    assert client.get(others).status_code == 403
