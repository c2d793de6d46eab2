"""Writing the activity log: who did what to which object, when (UTC), and what changed.

Services call ``record`` (one action) or ``record_many`` (a bulk operation: one row per
object, in one ``bulk_create``) inside their own transaction, so that a rolled-back action
leaves no row behind. ``changes`` is ``{field: [old, new]}``; values become JSON (decimals
and dates as strings, objects as their text), and protected personal data (passport
numbers, dates of birth, phone numbers) are masked before they are stored.

Logins, failed logins and logouts are recorded from Django's auth signals (connected in
``ExpoConfig.ready``); a failed login keeps the username tried and the client's address,
never the password.
"""

import datetime
import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import receiver

from expo.models import ActivityLog, AuditAction
from expo.models.audit import REGISTERED_ACTIONS
from expo.security import client_ip as security_client_ip

OBJECT_REPR_MAX = 200

Changes = Mapping[str, tuple[Any, Any] | list[Any]]


def register_actions(actions: type[models.TextChoices]) -> None:
    """Add an app's actions to those the log knows (labels in the admin and the API)."""
    for value, label in actions.choices:
        if value in REGISTERED_ACTIONS or value in AuditAction.values:
            raise ValueError(f"The activity log already has an action {value!r}.")
        REGISTERED_ACTIONS[value] = label


# Fields whose values the log keeps masked, registered by the apps that hold them at start-up
# (delegations: passports, dates of birth, phones): (does this field name match, mask).
MASKERS: list[tuple[Callable[[str], bool], Callable[[Any], str]]] = []


def register_masker(matches: Callable[[str], bool], mask: Callable[[Any], str]) -> None:
    """Log the values of the fields ``matches`` accepts as ``mask`` shows them."""
    MASKERS.append((matches, mask))


def _masker(field: str) -> Callable[[Any], str] | None:
    return next((mask for matches, mask in MASKERS if matches(field)), None)


def json_value(value: Any) -> Any:
    """``value`` as the log stores it: JSON scalars as they are, decimals, dates and times
    as ISO text, model instances and anything else as their text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)  # a TextChoices member as its value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list | tuple | set):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, float):
        return str(decimal.Decimal(str(value)))
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    code = getattr(value, "code", None)  # a django-countries Country
    if isinstance(code, str):
        return code
    return str(value)


def mask_value(field: str, value: Any) -> Any:
    """``value`` masked if ``field`` holds protected personal data, else as JSON."""
    mask = _masker(field)
    if mask is None:
        return json_value(value)
    if value in (None, ""):
        return ""
    if isinstance(value, str) and field == "date_of_birth":
        value = datetime.date.fromisoformat(value)
    return mask(value)


def clean_changes(changes: Changes | None) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` in JSON form, protected values masked."""
    return {
        str(field): [mask_value(field, old), mask_value(field, new)] for field, (old, new) in (changes or {}).items()
    }


def changes_between(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The fields whose JSON value differs between ``before`` (None for a new object: every
    field is a change from None) and ``after``, as ``{field: [old, new]}``, not yet masked."""
    before = before or {}
    changes = {}
    for field, new in after.items():
        old = before.get(field)
        if json_value(old) != json_value(new):
            changes[field] = [old, new]
    return changes


def field_values(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The model's ``fields`` by name (foreign keys by id), to compare before and after."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = getattr(obj, field.attname)
    return values


def record_form_save(*, action: str, request, form, obj: models.Model, change: bool) -> ActivityLog | None:
    """After a model form (the admin's) saved ``obj``: one row with the model fields it
    changed, old (the form's initial values) and new, protected values masked; nothing when
    an existing object's fields did not change."""
    concrete = {field.name for field in obj._meta.concrete_fields}
    names = [name for name in form.changed_data if name in concrete]
    after = field_values(obj, names)
    if change:
        changes = changes_between({name: form.initial.get(name) for name in names}, after)
        if not changes:
            return None
    else:
        changes = {name: [None, value] for name, value in after.items()}
    return record(
        action=action, obj=obj, request=request, changes=changes, details=None if change else {"created": True}
    )


def record_formset_save(*, action: str, request, formset) -> list[ActivityLog]:
    """After an inline formset saved: one row for each object it added, changed or deleted."""
    entries = []
    initial = set(formset.initial_forms)
    for form in formset.forms:
        if form in formset.deleted_forms:
            if form.instance is not None and form in initial:
                entries.append(record(action=action, obj=form.instance, request=request, details={"deleted": True}))
            continue
        if form.has_changed() and form.instance.pk is not None:
            entry = record_form_save(
                action=action, request=request, form=form, obj=form.instance, change=form in initial
            )
            if entry is not None:
                entries.append(entry)
    return entries


def _actor(actor, request):
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


def client_ip(request) -> str | None:
    """The client's address, the same one django-axes counts failed logins against
    (``expo.security.client_ip``: X-Forwarded-For only behind trusted proxies)."""
    if request is None or not hasattr(request, "META"):
        return None
    return security_client_ip(request)


def _entry(
    *,
    action: str,
    actor,
    obj: models.Model | None,
    changes: Changes | None,
    ip: str | None,
    details: Mapping[str, Any] | None,
    username: str = "",
    content_type: ContentType | None = None,
) -> ActivityLog:
    if action not in AuditAction.values and action not in REGISTERED_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None and content_type is None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return ActivityLog(
        action=action,
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        content_type=content_type,
        object_id="" if obj is None or obj.pk is None else str(obj.pk),
        object_repr="" if obj is None else str(obj)[:OBJECT_REPR_MAX],
        changes=clean_changes(changes),
        details={str(key): json_value(value) for key, value in (details or {}).items()},
        ip_address=ip,
    )


def record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    changes: Changes | None = None,
    request=None,
    details: Mapping[str, Any] | None = None,
    username: str = "",
) -> ActivityLog:
    """Write one row of the activity log and return it.

    ``actor`` defaults to ``request.user`` (None, the system, when there is no signed-in
    user); ``changes`` is ``{field: [old, new]}``; ``details`` holds scalars that say more
    (a count, where data were seen); ``username`` names who tried when there is no actor.
    Call it inside the action's transaction."""
    entry = _entry(
        action=action,
        actor=_actor(actor, request),
        obj=obj,
        changes=changes,
        ip=client_ip(request),
        details=details,
        username=username,
    )
    entry.save(force_insert=True)
    return entry


def record_many(
    *,
    action: str,
    objects: Iterable[models.Model],
    actor=None,
    changes: Changes | Callable[[models.Model], Changes | None] | None = None,
    request=None,
    details: Mapping[str, Any] | None = None,
) -> list[ActivityLog]:
    """One row per object of a bulk operation, all written in one ``bulk_create``.
    ``changes`` is the same for every object, or a function of the object."""
    actor = _actor(actor, request)
    ip = client_ip(request)
    content_types: dict[type, ContentType] = {}
    entries = []
    for obj in objects:
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entries.append(
            _entry(
                action=action,
                actor=actor,
                obj=obj,
                changes=changes(obj) if callable(changes) else changes,
                ip=ip,
                details=details,
                content_type=content_types[model],
            )
        )
    return ActivityLog.objects.bulk_create(entries, batch_size=1000)


# Logins ---------------------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="expo.audit.logged_in")
def _logged_in(sender, request, user, **kwargs):
    record(action=AuditAction.LOGIN, actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="expo.audit.logged_out")
def _logged_out(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        record(action=AuditAction.LOGOUT, actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="expo.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    record(action=AuditAction.LOGIN_FAILED, request=request, username=str(username))
