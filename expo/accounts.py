"""Accounts' rights: who may change them, and the activity log of every change.

Rules (enforced here for services and the shell, and by ``expo.admin.UserAdmin`` in the admin):
- only a superuser may make or unmake a superuser or staff user, change groups or
  permissions, set a staff user's password, or change a superuser's account at all;
- nobody changes the rights of their own account, superusers included: another superuser
  must (a superuser cannot lock themselves out, nor escalate a stolen session quietly).

Every change of an account's rights (superuser, staff, groups, permissions), password,
activity, name or email, and of its two-step devices, is written to the activity log with
old and new values (never a password hash), whatever the door: the admin, a service, the
shell, a signal. The request that made the change (its user and address) is known through
``CurrentRequestMiddleware``; outside a request the actor is the system (None).
"""

import contextlib
import contextvars

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import is_password_usable
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import audit
from expo.models import AuditAction

RIGHTS = ("is_superuser", "is_staff")
TRACKED = ("is_superuser", "is_staff", "is_active", "password", "username", "email")
M2M_RIGHTS = ("groups", "user_permissions")

_current_request: contextvars.ContextVar = contextvars.ContextVar("expo_current_request", default=None)


class CurrentRequestMiddleware:
    """Makes the request known to the activity log's signal handlers (who changed an account)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def current_request():
    return _current_request.get()


_current_actor: contextvars.ContextVar = contextvars.ContextVar("expo_current_actor", default=None)


@contextlib.contextmanager
def acting_as(actor):
    """Within the block, changes of accounts are logged as ``actor``'s (a service's caller
    outside a request: the shell, a command)."""
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)


def _record(**kwargs) -> None:
    audit.record(actor=_current_actor.get(), request=current_request(), **kwargs)


# Who may change what ------------------------------------------------------------------------


def may_change_rights(actor, target) -> bool:
    """Whether ``actor`` may change ``target``'s superuser and staff status, groups and
    permissions: superusers only, never on their own account."""
    return bool(actor.is_active and actor.is_superuser and actor.pk != target.pk)


def may_change_account(actor, target) -> bool:
    """Whether ``actor`` may change ``target``'s account at all (name, email, activity,
    member unit): a superuser's or a staff user's account only by a superuser; anybody
    else's by whoever may change users."""
    if target.pk is not None and (target.is_superuser or target.is_staff):
        return bool(actor.is_active and actor.is_superuser)
    return True


def may_set_password(actor, target) -> bool:
    """Whether ``actor`` may set ``target``'s password without knowing the old one: a staff
    user's or a superuser's only by a superuser."""
    if target.is_staff or target.is_superuser:
        return bool(actor.is_active and actor.is_superuser)
    return True


class RightsRefused(PermissionDenied):
    pass


@transaction.atomic
def user_set_rights(
    *,
    user,
    by,
    is_superuser: bool | None = None,
    is_staff: bool | None = None,
    group_names: list[str] | None = None,
):
    """Change an account's rights (the arguments left None stay). Only a superuser, and not
    on their own account; every change is logged (by the signals below). Returns the user."""
    if not may_change_rights(by, user):
        raise RightsRefused(_("Only another superuser may change the rights of this account."))
    if is_superuser is not None:
        user.is_superuser = is_superuser
    if is_staff is not None:
        user.is_staff = is_staff
    with acting_as(by):
        user.save()
        if group_names is not None:
            user.groups.set(Group.objects.filter(name__in=group_names))
    return user


@transaction.atomic
def user_set_password(*, user, by, password: str):
    """Set an account's password without the old one (an administrator's reset)."""
    if not may_set_password(by, user):
        raise RightsRefused(_("Only a superuser may set the password of a staff account."))
    user.set_password(password)
    with acting_as(by):
        user.save()
    return user


# The activity log of accounts -----------------------------------------------------------------


def _tracked(instance) -> dict:
    # Deferred fields stay unread: remembering them must not cost a query.
    return {field: instance.__dict__[field] for field in TRACKED if field in instance.__dict__}


@receiver(post_init, sender=settings.AUTH_USER_MODEL, dispatch_uid="expo.accounts.remember")
def _remember(sender, instance, **kwargs):
    instance._expo_account_before = _tracked(instance) if instance.pk is not None else None


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="expo.accounts.saved")
def _user_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    before = getattr(instance, "_expo_account_before", None)
    after = _tracked(instance)
    if created or before is None:
        instance._expo_account_before = after
        granted = {field: [None, after[field]] for field in RIGHTS if after.get(field)}
        if granted:
            _record(action=AuditAction.USER_RIGHTS, obj=instance, changes=granted, details={"created": True})
        return
    fields = [f for f in TRACKED if f in before and f in after and (update_fields is None or f in update_fields)]
    # What was saved is the new "before"; a change left out of update_fields is still pending.
    instance._expo_account_before = {**before, **{f: after[f] for f in fields}}
    changed = [f for f in fields if before[f] != after[f]]
    rights = {f: [before[f], after[f]] for f in changed if f in RIGHTS}
    if rights:
        _record(action=AuditAction.USER_RIGHTS, obj=instance, changes=rights)
    account = {f: [before[f], after[f]] for f in changed if f in ("is_active", "username", "email")}
    if account:
        _record(action=AuditAction.USER_CHANGE, obj=instance, changes=account)
    if "password" in changed:
        # Never the hash: only whether a password can be used, before and after.
        usable = [_usable(before["password"]), _usable(after["password"])]
        _record(action=AuditAction.USER_PASSWORD, obj=instance, changes={"usable_password": usable})


def _usable(encoded: str | None) -> bool:
    return bool(encoded) and is_password_usable(encoded)


def _right_names(user_pk: int, field: str) -> list[str]:
    User = get_user_model()
    if field == "groups":
        return sorted(User.groups.through.objects.filter(user_id=user_pk).values_list("group__name", flat=True))
    rows = User.user_permissions.through.objects.filter(user_id=user_pk).values_list(
        "permission__content_type__app_label", "permission__codename"
    )
    return sorted(f"{app}.{codename}" for app, codename in rows)


def _m2m_users(instance, reverse: bool, pk_set) -> list:
    User = get_user_model()
    if not reverse:
        return [instance]
    if pk_set is None:  # clearing a group's or permission's users
        return list(instance.user_set.all())
    return list(User.objects.filter(pk__in=pk_set))


def _m2m_changed(field: str, instance, action: str, reverse: bool, pk_set) -> None:
    if action in ("pre_add", "pre_remove", "pre_clear"):
        users = _m2m_users(instance, reverse, pk_set)
        instance._expo_m2m_before = {(field, user.pk): (user, _right_names(user.pk, field)) for user in users}
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for (name, user_pk), (user, old) in getattr(instance, "_expo_m2m_before", {}).items():
        if name != field:
            continue
        new = _right_names(user_pk, field)
        if new != old:
            _record(action=AuditAction.USER_RIGHTS, obj=user, changes={field: [old, new]})
    instance._expo_m2m_before = {}


def _group_permission_names(group_pk: int) -> list[str]:
    rows = Group.permissions.through.objects.filter(group_id=group_pk).values_list(
        "permission__content_type__app_label", "permission__codename"
    )
    return sorted(f"{app}.{codename}" for app, codename in rows)


def _group_permissions_changed(group, action: str) -> None:
    # The rights of every member of the group change. Logged when a person changes them (the
    # admin's group page, a superuser's); the offices' groups are set from their table by
    # ``sync_office_groups`` at every migration, which the code's history records.
    if action in ("pre_add", "pre_remove", "pre_clear"):
        group._expo_permissions_before = _group_permission_names(group.pk)
    elif action in ("post_add", "post_remove", "post_clear"):
        old, new = getattr(group, "_expo_permissions_before", None), _group_permission_names(group.pk)
        if old is not None and old != new:
            _record(action=AuditAction.USER_RIGHTS, obj=group, changes={"permissions": [old, new]})


@receiver(m2m_changed, dispatch_uid="expo.accounts.m2m")
def _rights_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    User = get_user_model()
    if sender is User.groups.through:
        _m2m_changed("groups", instance, action, reverse, pk_set)
    elif sender is User.user_permissions.through:
        _m2m_changed("user_permissions", instance, action, reverse, pk_set)
    elif sender is Group.permissions.through and not reverse and current_request() is not None:
        _group_permissions_changed(instance, action)


# Two-step devices --------------------------------------------------------------------------


@receiver(post_init, sender=TOTPDevice, dispatch_uid="expo.accounts.device_remember")
def _device_remember(sender, instance, **kwargs):
    instance._expo_was_confirmed = instance.__dict__.get("confirmed") if instance.pk is not None else None


def _device_record(device, event: str, changes: dict) -> None:
    user = get_user_model().objects.filter(pk=device.user_id).first()
    _record(
        action=AuditAction.OTP_DEVICE,
        obj=user,
        changes=changes,
        details={"event": event, "device_id": device.pk, "device": device.name},
    )


@receiver(post_save, sender=TOTPDevice, dispatch_uid="expo.accounts.device_saved")
def _device_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    was = getattr(instance, "_expo_was_confirmed", None)
    instance._expo_was_confirmed = instance.confirmed
    if created:
        _device_record(instance, "created", {"confirmed": [None, instance.confirmed]})
    elif was is not None and was != instance.confirmed:
        _device_record(
            instance, "confirmed" if instance.confirmed else "unconfirmed", {"confirmed": [was, instance.confirmed]}
        )


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="expo.accounts.device_deleted")
def _device_deleted(sender, instance, **kwargs):
    _device_record(instance, "deleted", {"confirmed": [instance.confirmed, None]})
