"""Names and descriptions in the reader's language, marked when another language stands in.

    {% load content_i18n %}
    <h1>{{ event|translated:"title" }}</h1>
    <p>{{ event|translated_paragraphs:"description" }}</p>

A text found in the reader's language prints as it is; a text shown in a fallback language
(English, then Chinese: ``expo.i18n.translated``) is wrapped in an element with its ``lang``
and followed by a small note naming that language, whose title says that no translation into
the reader's language exists yet. Attributes and ``<title>`` take the plain text
(``event.title``, ``exhibitor.display_name``).
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _

from expo.i18n import Translated
from expo.i18n import translated as translated_text

register = template.Library()


def _html_lang(code: str) -> str:
    return "zh-Hans" if code == "zh-hans" else code


def _markup(value: Translated, paragraphs: bool):
    body = linebreaksbr(value.text, autoescape=True) if paragraphs else conditional_escape(value.text)
    if not value.is_fallback:
        return body
    lang = _html_lang(value.language)
    return format_html(
        '<span lang="{}" class="is-fallback">{}</span> <small class="fallback-note" lang="{}" title="{}">{}</small>',
        lang,
        body,
        lang,
        _("Not yet translated into your language"),
        dict(settings.LANGUAGES).get(value.language, value.language),
    )


@register.filter
def translated(obj, field: str):
    """``obj``'s ``field`` in the reader's language, or marked in the language shown."""
    if obj is None:
        return ""
    return _markup(translated_text(obj, field), paragraphs=False)


@register.filter
def translated_paragraphs(obj, field: str):
    """As ``translated``, for a multi-line text (line breaks kept)."""
    if obj is None:
        return ""
    return _markup(translated_text(obj, field), paragraphs=True)
