"""The mails of the programme: sent by workers (``events.tasks``), never in a request."""

from django.utils import translation

from events.badges import badge_pdf
from events.models import Attendee
from expo.mail import send_templated_mail


def send_registration_email(*, attendee: Attendee, link: str, language: str, known: bool = False) -> int:
    """The registration mail in the language the person registered in, plain text and HTML,
    with the link to their page and the badge PDF attached; ``known``: the address was
    already registered (someone registered it again), which the mail says."""
    with translation.override(language):
        badge = badge_pdf(attendee=attendee)
    return send_templated_mail(
        template="events/email/registration_known" if known else "events/email/registration_link",
        context={"attendee": attendee, "link": link},
        recipients=[attendee.email],
        language=language,
        attachments=[(f"badge-{attendee.code}.pdf", badge, "application/pdf")],
    )
