"""Mail about a meeting, to the merchant and to the exhibitor, in Chinese and English in one
message (as the exhibition's mail): the expo does not know which of the two each reads."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from matchmaking.models import Meeting

EVENTS = ("requested", "invited", "proposed", "accepted", "declined", "cancelled", "reminder")


def meeting_recipients(meeting: Meeting) -> list[str]:
    emails = [meeting.merchant.email, meeting.exhibitor.contact_email]
    if meeting.merchant.user_id:
        emails.append(meeting.merchant.user.email)
    emails += list(meeting.exhibitor.members.filter(user__is_active=True).values_list("user__email", flat=True))
    return sorted({e for e in emails if e})


def send_meeting_email(*, meeting: Meeting, event: str) -> int:
    if event not in EVENTS:
        raise ValueError(f"unknown meeting event {event!r}")
    recipients = meeting_recipients(meeting)
    if not recipients:
        return 0
    parts, subjects = [], []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            context = {"meeting": meeting, "event": event, "site": settings.EXPO_SITE_NAME}
            subjects.append(render_to_string("matchmaking/email/meeting_subject.txt", context).strip())
            parts.append(render_to_string("matchmaking/email/meeting.txt", context).strip())
    return send_mail(
        subject=" / ".join(subjects),
        message="\n\n----------------------------------------\n\n".join(parts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
