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

# The permissions of each office, model by model and chosen on purpose: a model that is not
# declared here (a new one, or Django's and the libraries' own: users' rights, periodic
# tasks, task results, two-step devices) grants nothing to any office. Superusers have every
# permission; the rights of accounts (superuser, staff, groups, permissions, staff
# passwords) are theirs alone, whatever an office holds (``expo.admin.UserAdmin``). Two-step
# enrolment links (``expo.enrolmentlink``) are left out on purpose: superusers' only.
CRUD = ("add", "change", "delete", "view")
VIEW = ("view",)
EDIT = ("add", "change", "view")

OFFICE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    Office.SECRETARIAT: {
        "expo.edition": EDIT,
        "expo.memberunit": CRUD,
        "expo.user": EDIT,
        "expo.meeting": CRUD,
        "expo.workitem": CRUD,
        "expo.progressreport": CRUD,
        "expo.progressreportversion": VIEW,
        "expo.reportcomment": VIEW,
        "expo.reportattachment": VIEW,
        "expo.reportreminder": VIEW,
        "expo.reportrun": EDIT,
        "expo.reportfile": VIEW,
        "expo.activitylog": VIEW,
        "events.venue": CRUD,
        "events.room": CRUD,
        "events.person": CRUD,
        "events.event": CRUD,
        "events.eventrole": CRUD,
        "events.attendee": CRUD,
        "events.registration": CRUD,
        "events.checkin": CRUD,
        "events.activityproposal": VIEW,
        "events.merchantinvitation": VIEW,
        "events.merchantinvitationtarget": VIEW,
    },
    Office.EXHIBITION: {
        "exhibitors.pavilion": CRUD,
        "exhibitors.booth": CRUD,
        "exhibitors.exhibitor": CRUD,
        "exhibitors.exhibitormember": CRUD,
        "exhibitors.participation": CRUD,
        "exhibitors.boothapplication": CRUD,
        "exhibitors.exhibit": CRUD,
        "exhibitors.livebroadcast": CRUD,
    },
    Office.PROTOCOL: {
        "delegations.delegation": CRUD,
        "delegations.delegate": CRUD,
        "delegations.invitationchange": VIEW,
        "delegations.invitationreminder": VIEW,
        "delegations.travel": CRUD,
        "delegations.hotelstay": CRUD,
        "delegations.leadermeeting": CRUD,
        "delegations.eventattendance": CRUD,
        "delegations.protecteddataaccess": VIEW,
        "events.venue": CRUD,
        "events.room": CRUD,
        "events.person": CRUD,
        "events.event": CRUD,
        "events.eventrole": CRUD,
        "events.attendee": CRUD,
        "events.registration": CRUD,
        "events.checkin": CRUD,
    },
    Office.INVESTMENT: {
        "projects.project": CRUD,
        "projects.projectchange": VIEW,
        "matchmaking.matchmakingsession": CRUD,
        "matchmaking.meeting": CRUD,
        "matchmaking.lead": VIEW,
    },
}
# Every office may view editions and member units.
SHARED_PERMISSIONS: dict[str, tuple[str, ...]] = {"expo.edition": VIEW, "expo.memberunit": VIEW}


def office_permission_keys(office: str) -> set[tuple[str, str]]:
    """The (app label, codename) pairs ``office`` is granted, e.g. ("expo", "view_edition")."""
    keys = set()
    for table in (OFFICE_PERMISSIONS[office], SHARED_PERMISSIONS):
        for model, verbs in table.items():
            app_label, model_name = model.split(".")
            keys.update((app_label, f"{verb}_{model_name}") for verb in verbs)
    return keys


def sync_office_groups(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Group]:
    """Create the office groups and give each exactly the permissions of its table (a
    declared permission whose model is not migrated yet is skipped). Idempotent."""
    groups = {}
    by_key = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.using(using).select_related("content_type")
    }
    for office in Office:
        group, _ = Group.objects.using(using).get_or_create(name=office.value)
        wanted = [by_key[key] for key in sorted(office_permission_keys(office)) if key in by_key]
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
