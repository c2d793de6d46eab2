"""People's names in the reader's order and script, one way on every page and mail; and
the reader's half of a text people wrote in both languages ("Hall A / A馆").

A Chinese reader reads a Chinese name as Chinese writes it, family name first and without a
space (王磊); any other reader reads it in Latin letters, given name first (Lei Wang). A
name in another script or in Latin letters (Dmitry Zaitsev, Min-jun Kim) stays as its
owner wrote it, in its own order, for every reader.

    person_name("王磊")                              # 王磊 / Lei Wang
    person_name(family="王", given="磊")             # 王磊 / Lei Wang
    person_name("Дмитрий Зайцев", latin="Dmitry Zaitsev", chinese="德米特里·扎伊采夫")
    display_name(user)                               # a user, a delegate, or a name

Templates use the ``person`` filter (``{% load names %}``), which marks the name as user data
(``data-user-content``) for the browser tests' check of the page's language, and
``person_name`` for plain text (attributes, mails).
"""

import re

from django.utils.translation import get_language

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")
# Japanese and Korean scripts: their names read family name first without a space, as written.
KANA_HANGUL = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")
# "王磊 (Wang Lei)": the Latin form its owner gave beside the Chinese one.
LATIN_ASIDE = re.compile(r"[(（]\s*([^()（）]*[A-Za-z][^()（）]*?)\s*[)）]")
# Surnames read differently from the same character in other words, and two-character
# surnames: pinyin of a name is the surname, then the given name written as one word.
SURNAMES = {
    "单": "Shan",
    "曾": "Zeng",
    "解": "Xie",
    "仇": "Qiu",
    "朴": "Piao",
    "查": "Zha",
    "区": "Ou",
    "盖": "Ge",
    "乐": "Yue",
    "员": "Yun",
    "缪": "Miao",
    "尉迟": "Yuchi",
    "万俟": "Moqi",
    "长孙": "Zhangsun",
    "欧阳": "Ouyang",
    "司马": "Sima",
    "诸葛": "Zhuge",
    "上官": "Shangguan",
    "东方": "Dongfang",
    "皇甫": "Huangfu",
    "令狐": "Linghu",
    "慕容": "Murong",
    "司徒": "Situ",
    "夏侯": "Xiahou",
}


def has_chinese(text: str) -> bool:
    return bool(HAN.search(text or ""))


def _chinese_reader(language: str | None) -> bool:
    return (language or get_language() or "").lower().startswith("zh")


def _pinyin(text: str) -> str:
    # pypinyin and its dictionaries are imported at the first Chinese name read in Latin
    # letters, not when Django starts (a quarter of a second of every process's start-up).
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(text, style=Style.NORMAL)).capitalize()


def split_chinese_name(name: str) -> tuple[str, str]:
    """``(family, given)`` of a Chinese name written whole: "欧阳修" -> ("欧阳", "修")."""
    name = name.strip()
    length = 2 if name[:2] in SURNAMES else 1
    return name[:length], name[length:]


def romanized_parts(family: str, given: str) -> tuple[str, str]:
    """The family and given names of a Chinese name in pinyin (surnames read as surnames)."""
    return (SURNAMES.get(family) or _pinyin(family) if family else "", _pinyin(given) if given else "")


def romanized(name: str) -> str:
    """A Chinese name in Latin letters as passports and formal letters write it, family name
    first: "王磊" -> "Wang Lei". A name without Chinese characters is returned as it is."""
    name = (name or "").strip()
    if not has_chinese(name):
        return name
    family, given = romanized_parts(*split_chinese_name(name))
    return f"{family} {given}".strip()


def person_name(
    full: str = "",
    *,
    family: str = "",
    given: str = "",
    latin: str = "",
    chinese: str = "",
    language: str | None = None,
) -> str:
    """A person's name for a reader of ``language`` (the active one by default).

    ``full`` is the name written whole, as its owner wrote it; ``family`` and ``given`` its
    parts when a form asked for them; ``latin`` the Latin-letter form stored beside a name in
    another script, ``chinese`` the form Chinese writes it in (德米特里·扎伊采夫). Missing
    parts are left out; no name gives ""."""
    full, family, given = (full or "").strip(), (family or "").strip(), (given or "").strip()
    latin, chinese = (latin or "").strip(), (chinese or "").strip()
    if not full and (family or given):
        if has_chinese(family + given) or KANA_HANGUL.search(family + given):
            full = family + given
        else:
            full = f"{given} {family}".strip()
    if _chinese_reader(language):
        if chinese:
            return chinese
        if has_chinese(full):
            return LATIN_ASIDE.sub("", full).strip()
        # Latin letters read better than another script (Cyrillic, Mongolian) to most Chinese readers.
        return latin or full
    if latin:
        return latin
    if not has_chinese(full):
        return full or chinese
    aside = LATIN_ASIDE.search(full)
    if aside:
        return aside.group(1).strip()
    return _latin_of(full, family=family, given=given)


def _latin_of(name: str, *, family: str = "", given: str = "") -> str:
    """A Chinese name in Latin letters, given name first ("Lei Wang")."""
    if not has_chinese(name):
        return name
    if not (family or given):
        family, given = split_chinese_name(name)
    family_latin, given_latin = romanized_parts(family, given)
    return f"{given_latin} {family_latin}".strip()


def display_name(person, language: str | None = None) -> str:
    """The name of a user, a delegate, or any object with ``name``, or a name string, for a
    reader of ``language``."""
    if person is None:
        return ""
    if isinstance(person, str):
        return person_name(person, language=language)
    if hasattr(person, "first_name") and hasattr(person, "last_name"):
        name = person_name(family=person.last_name, given=person.first_name, language=language)
        return name or getattr(person, "username", "")
    if hasattr(person, "name_original") and hasattr(person, "name_latin"):
        return person_name(
            person.name_original,
            latin=person.name_latin,
            chinese=getattr(person, "name_zh", ""),
            language=language,
        )
    return person_name(str(getattr(person, "name", person) or ""), language=language)


def reader_part(text: str, language: str | None = None) -> str:
    """Of a text people wrote in both languages, "Hall A / A馆", the reader's part: the Chinese
    one for Chinese readers, the other for the rest. Any other text is returned as it is."""
    parts = [part.strip() for part in (text or "").split(" / ")]
    if len(parts) != 2 or not all(parts):
        return text
    chinese = [has_chinese(part) for part in parts]
    if chinese.count(True) != 1:
        return text
    return parts[chinese.index(_chinese_reader(language))]
