"""Names and descriptions in the reader's language, marked when another language stands in.

    {% load content_i18n %}
    <h1>{{ event|translated:"title" }}</h1>
    <p>{{ event|translated_paragraphs:"description" }}</p>

A text found in the reader's language prints as it is; a text shown in a fallback language
(English, then Chinese: ``expo.i18n.translated``) is wrapped in an element with its ``lang``
(and ``data-user-content``: the browser tests' language check passes over it) and followed by
a small note. For readers of Chinese and English, whose languages every record is written in
first, the note says, in the reader's language, that the record exists only in the other one
("Only in Chinese", "仅有英文"); readers of other languages see the name of the language shown,
in that language, with a title saying that no translation into theirs exists yet. Attributes and ``<title>`` take the plain text
(``event.title``, ``exhibitor.display_name``).
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from expo.i18n import Translated
from expo.i18n import translated as translated_text
from expo.names import LATIN, has_chinese

register = template.Library()


def _html_lang(code: str) -> str:
    return "zh-Hans" if code == "zh-hans" else code


# The note of a text found only in the other of the two languages every record starts in.
ONLY_IN = {"zh-hans": gettext_lazy("Only in Chinese"), "en": gettext_lazy("Only in English")}


def _markup(value: Translated, paragraphs: bool):
    body = linebreaksbr(value.text, autoescape=True) if paragraphs else conditional_escape(value.text)
    chinese_text = has_chinese(value.text)
    if not value.is_fallback or (value.language == "zh-hans" and not chinese_text):
        # In the reader's language; or a name "as registered" that is not Chinese after all
        # (a foreign company's): user data in its own script, marked as such where it is not
        # the page's.
        if value.reader == "zh-hans" and not chinese_text and LATIN.search(value.text):
            return format_html("<span data-user-content>{}</span>", body)
        if value.reader != "zh-hans" and chinese_text:
            return format_html('<span data-user-content lang="zh-Hans">{}</span>', body)
        return body
    lang = _html_lang(value.language)
    if value.reader in ("zh-hans", "en") and value.language in ONLY_IN:
        return format_html(
            '<span lang="{}" class="is-fallback" data-user-content>{}</span> <small class="fallback-note">{}</small>',
            lang,
            body,
            ONLY_IN[value.language],
        )
    return format_html(
        '<span lang="{}" class="is-fallback" data-user-content>{}</span> <small class="fallback-note" lang="{}" title="{}">{}</small>',
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
