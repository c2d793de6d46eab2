"""Emails to exhibitors, in each reader's language (expo.mail): the language the exhibitor's
users last signed in with; an address of no known language gets Chinese and English in one
message. Each mail links to the portal page where the exhibitor acts on it."""

from django.urls import reverse

from exhibitors.models import BoothApplication
from expo import mail

EVENTS = ("confirmed", "rejected", "expired")
# Where the exhibitor acts on each mail: the applications, or the pavilions to hold another booth.
LINKS = {"confirmed": "exhibitor:applications", "rejected": "exhibitor:pavilions", "expired": "exhibitor:pavilions"}


def application_recipients(application: BoothApplication) -> list[str]:
    emails = [application.exhibitor.contact_email]
    emails += list(application.exhibitor.members.filter(user__is_active=True).values_list("user__email", flat=True))
    return sorted({e for e in emails if e})


def send_application_email(*, application: BoothApplication, event: str) -> int:
    if event not in EVENTS:
        raise ValueError(f"unknown application event {event!r}")
    recipients = application_recipients(application)
    if not recipients:
        return 0
    context = {
        "application": application,
        "booth": application.booth,
        "pavilion": application.booth.pavilion,
        "link": mail.absolute_url(reverse(LINKS[event])),
    }
    return mail.send_templated_mail(
        template=f"exhibitors/email/application_{event}", context=context, recipients=recipients
    )
