"""Who may use what: the organizer's offices as groups, and the role checks views use.

Roles:
- organizer: an active staff user; each belongs to one or more offices (groups), which
  decide the admin models they may manage;
- member unit user: a user with ``member_unit`` set, for the department portal;
- exhibitor user: a user who belongs to an exhibitor (with the exhibitors app).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS

from expo.enums import Office

# The app labels whose models each office manages in the admin. Every office may view
# editions and member units; the secretariat manages the committee and the users.
OFFICE_APPS: dict[str, tuple[str, ...]] = {
    Office.SECRETARIAT: ("expo", "events", "django_celery_beat", "django_celery_results"),
    Office.EXHIBITION: ("exhibitors",),
    Office.PROTOCOL: ("delegations", "events"),
    Office.INVESTMENT: ("projects",),
}
SHARED_VIEW_PERMISSIONS = (("expo", "view_edition"), ("expo", "view_memberunit"))


def sync_office_groups(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Group]:
    """Create the office groups and give each the permissions of its apps. Idempotent."""
    groups = {}
    all_permissions = list(Permission.objects.using(using).select_related("content_type"))
    for office in Office:
        group, _ = Group.objects.using(using).get_or_create(name=office.value)
        apps = OFFICE_APPS[office]
        wanted = [p for p in all_permissions if p.content_type.app_label in apps]
        wanted += [p for p in all_permissions if (p.content_type.app_label, p.codename) in SHARED_VIEW_PERMISSIONS]
        group.permissions.set(wanted)
        groups[office.value] = group
    return groups


def office_names(user) -> set[str]:
    """The offices a user works in, cached on the user object for the request."""
    if not user.is_authenticated or not user.is_staff:
        return set()
    if not hasattr(user, "_office_names"):
        user._office_names = set(user.groups.filter(name__in=Office.values).values_list("name", flat=True))
    return user._office_names


def is_organizer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def in_office(user, office: str) -> bool:
    return is_organizer(user) and (user.is_superuser or office in office_names(user))


def member_unit_of(user):
    """The member unit a portal user reports for, or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    return user.member_unit


def require_organizer(user) -> None:
    if not is_organizer(user):
        raise PermissionDenied


def require_member_unit(user):
    unit = member_unit_of(user)
    if unit is None:
        raise PermissionDenied
    return unit
