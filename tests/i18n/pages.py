"""Pages a foreign reader sees, and what is left on a page in another language than its own.

``leftovers(html, language, user_data)`` reads the visible text of a page (and the ``alt``,
``title``, ``placeholder``, ``aria-label`` and ``value`` of buttons people read) without
scripts and styles, without elements marked with another ``lang`` (the language switcher,
content shown in a fallback language), without addresses and without the texts of the data
users entered. What remains must be in the page's language: for every language but English,
no word in Latin letters but a few names of formats (PDF, QR...); for English, no Chinese,
Japanese, Korean or Cyrillic letter.
"""

import re
from html.parser import HTMLParser

from django.apps import apps
from django.db import models

# Names of formats, units and products that every language writes in Latin letters.
LATIN_ALLOWED = {
    "QR",
    "PDF",
    "PNG",
    "JPEG",
    "WebP",
    "XLSX",
    "DOCX",
    "Word",
    "Excel",
    "iCalendar",
    "https",
    "A6",
    "KB",
    "MB",
    "GB",
}
USER_DATA_APPS = {"expo", "exhibitors", "events", "matchmaking", "delegations", "projects", "auth"}
SKIP_ELEMENTS = {"script", "style", "template", "noscript", "svg"}
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
URL_OR_EMAIL = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|/[\w/.-]+")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CYRILLIC = "\u0400-\u04ff"
KANA = "\u3040-\u30ff"
HAN = "\u3400-\u9fff"
HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
# The letters a page in each language must not show outside user data and other-language marks.
FOREIGN_LETTERS = {
    "en": re.compile(f"[{CYRILLIC}{KANA}{HAN}{HANGUL}]"),
    "zh-hans": re.compile(f"[{CYRILLIC}{KANA}{HANGUL}]"),
    "ru": re.compile(f"[{KANA}{HAN}{HANGUL}]"),
    "mn": re.compile(f"[{KANA}{HAN}{HANGUL}]"),
    "ja": re.compile(f"[{CYRILLIC}{HANGUL}]"),
    "ko": re.compile(f"[{CYRILLIC}{KANA}{HAN}]"),
}
# Examples of searches in Chinese and English, as every page writes them on purpose.
SEARCH_EXAMPLES = ("汽车", "人参", "ginseng")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, skipped)
        self.parts = []

    def _skipping(self):
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = (attrs.get("lang") or "").lower()
        skipped = (
            tag in SKIP_ELEMENTS
            or attrs.get("aria-hidden") == "true"  # decorations, e.g. initials standing for a picture
            or (tag != "html" and lang and not lang.startswith(self.language.split("-")[0]))
        )
        if not skipped and not self._skipping():
            for name in ATTRIBUTES:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self._skipping() and data.strip():
            self.parts.append(data)


def visible_text(html: str, language: str) -> str:
    parser = _Text(language)
    parser.feed(html)
    return "\n".join(parser.parts)


def user_data() -> list[str]:
    """Every text users entered (names, titles, descriptions, organizations...), longest first."""
    texts = set()
    for model in apps.get_models():
        if model._meta.app_label not in USER_DATA_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name != "password"
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value and len(str(value)) >= 2:
                    texts.add(str(value).strip())
                    texts.update(line.strip() for line in str(value).splitlines() if len(line.strip()) >= 2)
    return sorted(texts, key=len, reverse=True)


def leftovers(html: str, language: str, data: list[str]) -> list[str]:
    text = URL_OR_EMAIL.sub(" ", visible_text(html, language))
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    for allowed in SEARCH_EXAMPLES:
        text = text.replace(allowed, " ")
    found = {m.group(0) for m in FOREIGN_LETTERS[language].finditer(text)}
    if language != "en":
        found |= {w for w in LATIN_WORD.findall(text) if w not in LATIN_ALLOWED}
    return sorted(found)
