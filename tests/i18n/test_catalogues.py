"""The catalogues of Russian, Japanese, Korean and Mongolian: every message of the pages a
foreign reader sees is translated, with its placeholders, and the expo keeps its name."""

import re

import pytest

from tests.i18n.catalogue import FOREIGN_LANGUAGES, ROOT, catalogue, public_messages, public_sources, untranslated

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
EXPO_NAME = {
    "ru": "Китайско-Северо-Восточноазиатское ЭКСПО",
    "ja": "中国－東北アジア博覧会",
    "ko": "중국-동북아시아 박람회",
    "mn": "Хятад-Зүүн хойд Азийн экспо",
}
PLURAL_FORMS = {"ru": "nplurals=4;", "ja": "nplurals=1;", "ko": "nplurals=1;", "mn": "nplurals=2;"}


@pytest.fixture(scope="module")
def messages():
    return public_messages()


def test_public_sources_are_found(messages):
    names = {path.relative_to(ROOT).as_posix() for path in public_sources()}

    assert "templates/events/badge_pdf.html" in names
    assert "templates/exhibitors/portal_home.html" in names
    assert not any(name.startswith(("templates/expo/committee", "expo/views/staff")) for name in names)
    assert len(messages) > 700


@pytest.mark.parametrize("language", [*FOREIGN_LANGUAGES, "zh_Hans"])
def test_every_public_message_is_translated(messages, language):
    assert untranslated(language, messages) == []


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_translations_keep_their_placeholders(language):
    wrong = []
    for entry in catalogue(language).translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            if set(PLACEHOLDER.findall(text)) != expected:
                wrong.append((entry.msgid, text))
    assert wrong == []


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_catalogue_header_and_plural_forms(language):
    po = catalogue(language)

    assert po.metadata["Language"] == language
    assert PLURAL_FORMS[language] in po.metadata["Plural-Forms"]
    assert not po.metadata_is_fuzzy
    assert all(
        len(e.msgstr_plural) == int(PLURAL_FORMS[language][9]) for e in po.translated_entries() if e.msgid_plural
    )


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_expo_is_called_by_its_name_in_each_language(language):
    entries = {e.msgid: e.msgstr for e in catalogue(language)}

    assert entries["China-Northeast Asia Expo"] == EXPO_NAME[language]
    # Russian declines the name: "... Китайско-Северо-Восточноазиатского ЭКСПО".
    stem = EXPO_NAME[language].replace("Китайско-Северо-Восточноазиатское", "Китайско-Северо-Восточноазиатского")
    assert stem in entries["Executive Committee of the China-Northeast Asia Expo"]


@pytest.mark.parametrize("language", FOREIGN_LANGUAGES)
def test_catalogue_is_compiled(language):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")

    assert mo.exists(), "run make: it compiles locale/ from the .po files"
    assert mo.stat().st_mtime >= po.stat().st_mtime


def test_mongolian_has_djangos_password_messages_its_own_catalogue_words_differently():
    marked = [e for e in catalogue("mn") if any(path == "expo/django_messages.py" for path, _line in e.occurrences)]

    assert len(marked) == 7
    assert all(e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values())) for e in marked)
