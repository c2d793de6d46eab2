"""The delegates' protected personal data: passport number, date of birth and phone.

Only the protocol office (``expo.roles.in_office(user, "protocol")``; superusers count as
every office) sees them in clear, in the admin, on the protocol desk and in exports; every
such reading is logged in ``ProtectedDataAccess``. Everybody else sees them masked, and a
masked reading reveals nothing, so it is not logged.
"""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import FieldDoesNotExist

from delegations.enums import AccessAction, ProtectedField, ProtocolAction
from delegations.models import Delegate, ProtectedDataAccess
from expo import audit
from expo.enums import Office
from expo.roles import in_office

PROTECTED_FIELDS: tuple[str, ...] = tuple(ProtectedField.values)
BULLET = "•"


def can_see_protected(user) -> bool:
    return in_office(user, Office.PROTOCOL)


def mask_passport(value: str) -> str:
    """``E12345689`` -> ``E1•••••89``: enough to tell two passports apart at the desk."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) <= 4:
        return BULLET * len(value)
    return value[:2] + BULLET * (len(value) - 4) + value[-2:]


def mask_date(value: datetime.date | None) -> str:
    """``1965-03-12`` -> ``19••-••-••``: the century, no more."""
    if value is None:
        return ""
    return f"{value.year // 100:02d}••-••-••"


_COUNTRY_CODE = re.compile(r"^\+\d{1,3}(?=[\s\-(])")


def mask_phone(value: str) -> str:
    """``+86 138 0000 0012`` -> ``+86 •••• ••12``: the country code and the last two digits."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if not digits:
        return ""
    if len(digits) <= 4:
        return BULLET * len(digits)
    code = _COUNTRY_CODE.match(value)
    prefix = f"{code.group(0)} " if code else ""
    return f"{prefix}{BULLET * 4} {BULLET * 2}{digits[-2:]}"


MASKS = {
    ProtectedField.PASSPORT_NUMBER: mask_passport,
    ProtectedField.DATE_OF_BIRTH: mask_date,
    ProtectedField.PHONE: mask_phone,
}


def shown(user, delegate, field: str) -> str:
    """The field's value as ``user`` may see it: in clear for the protocol office, masked
    for everybody else. Clear readings must be logged by the caller (``log_access``)."""
    value = getattr(delegate, field)
    if can_see_protected(user):
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value or ""
    return MASKS[field](value)


def log_access(
    *, user, action: str, where: str, delegate_ids: Iterable[int], fields: Iterable[str] = PROTECTED_FIELDS
) -> ProtectedDataAccess | None:
    """Record that ``user`` saw or exported the protected ``fields`` of these delegates, when
    the user sees them in clear and there is at least one delegate. One query."""
    ids = sorted(set(delegate_ids))
    if not ids or not can_see_protected(user):
        return None
    if action not in AccessAction.values:
        raise ValueError(f"unknown access action {action!r}")
    fields = list(fields)
    exported = action == AccessAction.EXPORT
    audit.record(
        action=ProtocolAction.PROTECTED_EXPORT if exported else ProtocolAction.PROTECTED_VIEW,
        actor=user,
        details={"where": where[:100], "fields": fields, "delegate_ids": ids, "delegate_count": len(ids)},
    )
    return ProtectedDataAccess.objects.create(
        user=user, action=action, where=where[:100], fields=fields, delegate_ids=ids, delegate_count=len(ids)
    )


# Lookups on protected fields ---------------------------------------------------------------
#
# A filter such as ``?passport_number__startswith=R9`` or a search would tell, one character
# at a time, what the masked columns hide. Users who see the fields masked may not look them
# up at all; the lookups of those who see them in clear are logged, the value masked.

LOOKUP_SEP = "__"


def protected_lookup_field(model, lookup: str) -> str | None:
    """The protected field of Delegate that ``lookup`` (``passport_number__startswith``,
    ``delegate__phone``, ``delegates__date_of_birth__year``) reaches from ``model``, or None."""
    current = model
    for part in lookup.split(LOOKUP_SEP):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # a lookup or transform (startswith, year, ...), not a field
            return None
        if current is Delegate and part in PROTECTED_FIELDS:
            return part
        related = getattr(field, "related_model", None)
        if related is None:
            return None
        current = related
    return None


def mask_lookup_value(field: str, value: str) -> str:
    """A looked-up value as the log keeps it: masked like the field, or all bullets."""
    value = str(value or "")
    if field == ProtectedField.PASSPORT_NUMBER:
        return mask_passport(value)
    if field == ProtectedField.PHONE:
        return mask_phone(value) or BULLET * len(value)
    return BULLET * len(value)


def log_lookups(*, user, where: str, lookups: list[dict], request=None) -> None:
    """One row of the activity log for the protected ``lookups`` (``{"field", "lookup",
    "value"}``, the value already masked) that ``user`` ran, if any."""
    if lookups:
        audit.record(
            action=ProtocolAction.PROTECTED_LOOKUP,
            actor=user,
            request=request,
            details={"where": where[:100], "lookups": lookups},
        )
