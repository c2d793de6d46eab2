"""Enrolling an organizer's two-step device by a one-time link that a superuser issues.

A staff account without a confirmed device is never shown a secret just for knowing the
password: the person asks a superuser, who issues a link (the admin's user list, action
"Issue a two-step enrolment link", or ``manage.py otp_enrolment_link USERNAME`` for the
first superuser). The link holds a random token of which only the SHA-256 is stored; it
works for ``OTP_ENROLMENT_LINK_HOURS``, for its own user only (logged in with the password),
and once: the first session that opens it gets a fresh device's QR code and key, and no other
session ever can. Issuing and opening are in the activity log, and so are the device's
creation and confirmation (``expo.accounts``).
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from expo import audit
from expo.errors import DomainError
from expo.models import AuditAction, EnrolmentLink
from expo.security import confirmed_device, needs_second_factor

PENDING_NAME = "pending"
SESSION_KEY = "_expo_enrolment_link"


class EnrolmentRefused(DomainError):
    pass


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.OTP_ENROLMENT_LINK_HOURS)


def enrolment_path(raw: str) -> str:
    return reverse("otp_enroll_link", kwargs={"token": raw})


@transaction.atomic
def enrolment_link_issue(*, user, by, request=None) -> tuple[EnrolmentLink, str]:
    """Issue a one-time enrolment link for ``user`` (a staff account without a confirmed
    device); earlier unused links of the user stop working. ``by`` must be a superuser, or
    None for the command line. Returns the link and its token (shown once, never stored)."""
    if by is not None and not (by.is_active and by.is_superuser):
        raise EnrolmentRefused(_("Only a superuser may issue an enrolment link."))
    if not needs_second_factor(user):
        raise EnrolmentRefused(_("%(user)s is not an active staff account.") % {"user": user.get_username()})
    if confirmed_device(user) is not None:
        raise EnrolmentRefused(
            _("%(user)s already has a two-step device. Delete it first if the phone was lost or replaced.")
            % {"user": user.get_username()}
        )
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    raw = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user, token_hash=_hash(raw), issued_by=by, expires_at=now + link_lifetime()
    )
    audit.record(
        action=AuditAction.OTP_DEVICE,
        actor=by,
        obj=user,
        request=request,
        details={"event": "enrolment_link_issued", "link_id": link.pk, "expires_at": link.expires_at},
    )
    return link, raw


@transaction.atomic
def enrolment_link_open(*, raw: str, user, request=None) -> TOTPDevice:
    """Spend the link ``raw`` for ``user``: a fresh unconfirmed device replaces any earlier
    one (whose secret may have been seen), and is returned. Raises EnrolmentRefused when
    the link is unknown, someone else's, used or expired."""
    link = EnrolmentLink.objects.filter(token_hash=_hash(raw)).first()
    if link is None or link.user_id != user.pk:
        raise EnrolmentRefused(_("This enrolment link is not valid for this account."))
    used = EnrolmentRefused(_("This enrolment link was already used. Ask a superuser for a new one."))
    if link.used_at is not None:
        raise used
    if link.expires_at <= timezone.now():
        raise EnrolmentRefused(_("This enrolment link has expired. Ask a superuser for a new one."))
    if confirmed_device(user) is not None:
        raise EnrolmentRefused(_("Your account already has a two-step device."))
    _before_spending()
    if not _spend(link):
        raise used
    for device in TOTPDevice.objects.filter(user=user, confirmed=False):
        device.delete()
    device = TOTPDevice.objects.create(user=user, name=PENDING_NAME, confirmed=False)
    audit.record(
        action=AuditAction.OTP_DEVICE,
        actor=user,
        obj=user,
        request=request,
        details={"event": "enrolment_link_opened", "link_id": link.pk, "device_id": device.pk},
    )
    return device


def _before_spending() -> None:
    """A seam for the concurrency tests: both sessions have checked the link here."""


def _spend(link: EnrolmentLink) -> bool:
    """Mark the link opened unless another session did meanwhile: one conditional UPDATE,
    so that two sessions opening it at the same moment cannot both get the secret."""
    link.used_at = timezone.now()
    return EnrolmentLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=link.used_at) == 1


def session_device(request) -> TOTPDevice | None:
    """The unconfirmed device this session opened an enrolment link for, if any."""
    device_id = request.session.get(SESSION_KEY)
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()


@transaction.atomic
def enrolment_confirm(*, device: TOTPDevice, name: str) -> TOTPDevice:
    device.confirmed = True
    device.name = name
    device.save(update_fields=["confirmed", "name"])
    return device
