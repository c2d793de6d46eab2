"""Every mail the product sends, one way: a plain-text and an HTML version rendered from
templates, in the recipient's language, with a link to the page that acts on it.

A mail ``NAME`` has the templates ``NAME_subject.txt`` and ``NAME.txt`` (plain text: the
template wraps itself in ``{% autoescape off %}``, and :func:`render_mail` renders it with
autoescaping off too, so "People's Government <A&B>" stays as written) and optionally
``NAME.html``; without one the HTML version is the text, escaped, in ``email/base.html``.

The language: a recipient's ``User.language`` (the language they last used the site in),
else the one given by the caller (e.g. the language a person registered in); an address
whose language nobody knows gets Chinese and English in one message, as before.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

BILINGUAL = "zh-hans+en"
SEPARATOR = "\n\n----------------------------------------\n\n"


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def absolute_url(path: str) -> str:
    """``path`` on the site as people reach it (``SITE_URL``), for mails sent by workers."""
    return settings.SITE_URL.rstrip("/") + path


def _render_text(name: str, context: dict) -> str:
    # Plain text is never HTML-escaped, even where a template forgets {% autoescape off %}.
    return get_template(name).template.render(Context(context, autoescape=False)).strip()


def render_mail(*, template: str, context: dict, language: str) -> Mail:
    """The mail ``template`` in ``language`` (or BILINGUAL: Chinese, then English)."""
    languages = ("zh-hans", "en") if language == BILINGUAL else (language,)
    subjects, texts = [], []
    for code in languages:
        with translation.override(code):
            subjects.append(" ".join(_render_text(f"{template}_subject.txt", {**context, "language": code}).split()))
            texts.append(_render_text(f"{template}.txt", {**context, "language": code}))
    text = SEPARATOR.join(texts)
    with translation.override(languages[0]):
        html_context = {**context, "language": languages[0], "text": text}
        try:
            html = render_to_string(f"{template}.html", html_context)
        except TemplateDoesNotExist:
            html = render_to_string("email/base.html", html_context)
    return Mail(subject=" / ".join(subjects), text=text, html=html)


def recipient_languages(emails: Iterable[str], *, default: str = BILINGUAL) -> dict[str, list[str]]:
    """``emails`` grouped by the language their users chose (one query); addresses of no
    user, or of a user without a language, get ``default``."""
    emails = sorted({e for e in emails if e})
    known = dict(
        get_user_model()
        .objects.filter(email__in=emails, is_active=True)
        .exclude(language="")
        .values_list("email", "language")
    )
    groups: dict[str, list[str]] = {}
    for email in emails:
        groups.setdefault(known.get(email) or default, []).append(email)
    return groups


def send_templated_mail(
    *,
    template: str,
    context: dict,
    recipients: Iterable[str],
    language: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> int:
    """Send ``template`` to ``recipients``, one message per language (``language`` forces
    one for all). Returns the number of messages sent."""
    groups = {language: sorted(set(recipients))} if language else recipient_languages(recipients)
    sent = 0
    for code, emails in sorted(groups.items()):
        if not emails:
            continue
        mail = render_mail(template=template, context=context, language=code)
        message = EmailMultiAlternatives(
            subject=mail.subject, body=mail.text, from_email=settings.DEFAULT_FROM_EMAIL, to=emails
        )
        message.attach_alternative(mail.html, "text/html")
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        sent += message.send()
    return sent
