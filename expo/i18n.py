"""Reading the Chinese or English form of a record's name in the reader's language."""

import unicodedata

from django.utils.translation import get_language
from django_countries import countries
from pypinyin import lazy_pinyin


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def localized(obj, field: str) -> str:
    """Return ``obj.<field>_zh`` for Chinese readers and ``obj.<field>_en`` otherwise,
    falling back to the other language when one is empty."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    return (zh or en) if prefers_chinese() else (en or zh)


class BilingualName:
    """For models with ``name_zh`` and ``name_en``: ``name`` and ``str()`` in the reader's language."""

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self):
        return self.name


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
