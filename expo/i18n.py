"""The languages of the site, and reading a record's name in the reader's language."""

import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from pypinyin import lazy_pinyin


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


# Content in more languages --------------------------------------------------------------
#
# Names and descriptions that foreign readers see (editions, pavilions, events, venues and
# rooms, exhibitors, exhibits) keep their Chinese and English columns (the reports read them)
# and carry the other languages in one JSON column, ``translations``:
#
#     {"ru": {"name": "Павильон автомобилей"}, "ja": {"name": "自動車館", "description": "..."}}
#
# one object per language of FOREIGN_LANGUAGES, one string per translated field. A reader
# gets the first non-empty text of: their language, English, Chinese (Chinese readers:
# Chinese, then English); ``translated()`` says which language it found, so that pages can
# mark a text shown in another language than the reader's (the ``translated`` filter).

FOREIGN_LANGUAGES = ("ru", "ja", "ko", "mn")


class Translated(NamedTuple):
    text: str
    language: str  # the language of ``text``
    reader: str  # the language asked for

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language != self.reader

    def __str__(self):
        return self.text


def reader_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    return "zh-hans" if language.startswith("zh") else language


def fallback_chain(language: str) -> tuple[str, ...]:
    """The languages to look in, in order, for a reader of ``language``."""
    if language.startswith("zh"):
        return ("zh-hans", "en")
    return tuple(dict.fromkeys((language, "en", "zh-hans")))


def translated(obj, field: str, language: str | None = None) -> Translated:
    """``obj``'s ``field`` for a reader of ``language`` (the active one by default): the
    reader's language, else English, else Chinese. The Chinese and English texts come from
    the columns named in ``obj.translated_fields`` (by default ``<field>_zh`` and
    ``<field>_en``), the others from ``obj.translations``."""
    reader = language or reader_language()
    columns = getattr(obj, "translated_fields", {}).get(field) or {"zh-hans": f"{field}_zh", "en": f"{field}_en"}
    for code in fallback_chain(reader):
        if code in FOREIGN_LANGUAGES:
            text = (_translations(obj).get(code) or {}).get(field) or ""
        else:
            text = getattr(obj, columns[code], "") if code in columns else ""
        if text and text.strip():
            return Translated(text, code, reader)
    return Translated("", reader, reader)


def _translations(obj) -> dict:
    """``obj.translations``, or nothing when a queryset left it out (``only()``/``defer()``):
    reading a deferred field would cost a query per row of a list."""
    deferred = obj.get_deferred_fields() if hasattr(obj, "get_deferred_fields") else ()
    return {} if "translations" in deferred else (getattr(obj, "translations", None) or {})


def localized(obj, field: str) -> str:
    """``obj``'s ``field`` in the reader's language, or the nearest one (see ``translated``)."""
    return translated(obj, field).text


def validate_translations(value) -> None:
    """``translations`` is ``{language: {field: text}}`` for the foreign languages only."""
    if not isinstance(value, dict):
        raise ValidationError(_("Translations are an object of languages."), code="invalid")
    for language, fields in value.items():
        if language not in FOREIGN_LANGUAGES:
            raise ValidationError(
                _("“%(language)s” is not a language of translations: use %(languages)s."),
                params={"language": language, "languages": ", ".join(FOREIGN_LANGUAGES)},
                code="invalid",
            )
        if not isinstance(fields, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in fields.items()
        ):
            raise ValidationError(
                _("The translations into “%(language)s” must map field names to texts."),
                params={"language": language},
                code="invalid",
            )


class Translatable(models.Model):
    """Abstract: names and descriptions in more languages than the Chinese and English
    columns, without a column per language. ``translated_fields`` names, for each field
    readers see, the columns holding its Chinese and English texts."""

    translated_fields: dict[str, dict[str, str]] = {}

    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        validators=[validate_translations],
        help_text=_(
            'Russian, Japanese, Korean and Mongolian, e.g. {"ru": {"name": "..."}, "ja": {"name": "..."}}. '
            "Readers of a language without a translation read English, else Chinese."
        ),
    )

    class Meta:
        abstract = True

    def translated(self, field: str, language: str | None = None) -> Translated:
        return translated(self, field, language)


class BilingualName:
    """For models with ``name_zh`` and ``name_en``: ``name`` and ``str()`` in the reader's language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name


def staff_only_path(path: str) -> bool:
    """Pages of organizers and member units: shown in ``STAFF_LANGUAGES`` only."""
    return path.startswith(tuple(settings.STAFF_LANGUAGE_PATHS))


def offered_languages(path: str = "") -> list[dict]:
    """The languages the switcher offers on ``path``, each in its own name (``LANGUAGES``)."""
    staff_only = staff_only_path(path)
    return [
        {"code": code, "name": name}
        for code, name in settings.LANGUAGES
        if not staff_only or code in settings.STAFF_LANGUAGES
    ]


class StaffLanguagesMiddleware:
    """After LocaleMiddleware: the organizers' pages and the member units' portal speak
    Chinese and English only. A reader who chose Russian, Japanese, Korean or Mongolian (or
    whose browser asks for one) reads them in ``STAFF_FALLBACK_LANGUAGE``; the choice itself
    (cookie) is kept for the public pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if staff_only_path(request.path_info) and request.LANGUAGE_CODE not in settings.STAFF_LANGUAGES:
            translation.activate(settings.STAFF_FALLBACK_LANGUAGE)
            request.LANGUAGE_CODE = settings.STAFF_FALLBACK_LANGUAGE
        return self.get_response(request)


def country_choices() -> list[tuple[str, str]]:
    """Countries and regions named in the reader's language and in the order a reader of
    that language looks for them: by pinyin for Chinese readers, alphabetically (accents
    aside) for others. Called at each rendering, never cached across languages."""
    named = [(code, str(name)) for code, name in countries]
    if prefers_chinese():
        return sorted(named, key=lambda pair: lazy_pinyin(pair[1]))
    return sorted(named, key=lambda pair: _unaccented(pair[1]))


def _unaccented(text: str) -> str:
    """"Åland" sorts as "aland": the letters without their accents, case aside."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
