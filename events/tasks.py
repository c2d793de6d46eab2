"""Background work of the programme: the registration mail, with the badge PDF attached.

The badge is drawn by WeasyPrint (about a second of CPU on a loaded machine): in the request
it made the public registration form the slowest page of the expo day's morning
(docs/benchmarks/2026-12-02-expo-day.md). The form answers at once; the worker sends."""

from celery import shared_task
from django.utils import translation

from events.badges import badge_pdf
from events.models import Attendee
from expo.mail import send_templated_mail


@shared_task(name="events.send_registration_link", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_registration_link(attendee_id: int, link: str, language: str, known: bool = False) -> int:
    """The registration mail in the language the person registered in, plain text and HTML,
    with the link to their page and the badge PDF attached; ``known``: the address was
    already registered (someone registered it again), which the mail says."""
    attendee = Attendee.objects.select_related("edition").filter(pk=attendee_id).first()
    if attendee is None:
        return 0
    with translation.override(language):
        badge = badge_pdf(attendee=attendee)
    return send_templated_mail(
        template="events/email/registration_known" if known else "events/email/registration_link",
        context={"attendee": attendee, "link": link},
        recipients=[attendee.email],
        language=language,
        attachments=[(f"badge-{attendee.code}.pdf", badge, "application/pdf")],
    )
