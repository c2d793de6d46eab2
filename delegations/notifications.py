"""Mails of the protocol office, in Chinese and English in one message."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from delegations.models import Delegation
from expo.enums import Office


def reminder_recipients(delegation: Delegation) -> list[str]:
    """The host member unit's address; without one, the protocol office's staff."""
    if delegation.host_unit_id and delegation.host_unit.email:
        return [delegation.host_unit.email]
    emails = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name=Office.PROTOCOL)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(set(emails))


def send_reminder(*, delegation: Delegation, recipients: list[str], now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    days = (now - delegation.sent_at).days if delegation.sent_at else 0
    parts, subjects = [], []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            context = {
                "delegation": delegation,
                "origin": delegation.origin_name,
                "edition": delegation.edition,
                "days": days,
                "sent_on": timezone.localdate(delegation.sent_at) if delegation.sent_at else None,
            }
            subjects.append(render_to_string("delegations/email/reminder_subject.txt", context).strip())
            parts.append(render_to_string("delegations/email/reminder.txt", context).strip())
    return send_mail(
        subject=" / ".join(subjects),
        message="\n\n----------------------------------------\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
