"""Emails to exhibitors, in Chinese and English in one message: an international expo does not
know which of the two its reader prefers."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from exhibitors.models import BoothApplication

EVENTS = ("confirmed", "rejected", "expired")


def application_recipients(application: BoothApplication) -> list[str]:
    emails = [application.exhibitor.contact_email]
    emails += list(application.exhibitor.members.filter(user__is_active=True).values_list("user__email", flat=True))
    return sorted({e for e in emails if e})


def send_application_email(*, application: BoothApplication, event: str) -> int:
    if event not in EVENTS:
        raise ValueError(f"unknown application event {event!r}")
    parts, subjects = [], []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            context = {"application": application, "booth": application.booth, "pavilion": application.booth.pavilion}
            subjects.append(render_to_string(f"exhibitors/email/application_{event}_subject.txt", context).strip())
            parts.append(render_to_string(f"exhibitors/email/application_{event}.txt", context).strip())
    recipients = application_recipients(application)
    if not recipients:
        return 0
    return send_mail(
        subject=" / ".join(subjects),
        message="\n\n----------------------------------------\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
