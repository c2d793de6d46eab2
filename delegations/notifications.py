"""Mails of the protocol office, in each recipient's language (expo.mail)."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from delegations.models import Delegation
from expo import mail
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
    """The reminder in each recipient's language (expo.mail), with a link to the protocol desk."""
    now = now or timezone.now()
    days = (now - delegation.sent_at).days if delegation.sent_at else 0
    context = {
        "delegation": delegation,
        # Called while each language is active: the country's name in that language.
        "origin": lambda: delegation.origin_name,
        "edition": delegation.edition,
        "days": days,
        "sent_on": timezone.localdate(delegation.sent_at) if delegation.sent_at else None,
        "link": mail.absolute_url(reverse("protocol:desk")),
    }
    return mail.send_templated_mail(template="delegations/email/reminder", context=context, recipients=recipients)
