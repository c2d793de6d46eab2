"""The invitation letter's foreign-language page: Russian, Japanese, Korean and Mongolian
delegations get a page written whole in their language, after the Chinese and English ones."""

import shutil

import pytest

from delegations.letters import invitation_letter_pdf, letter_languages
from tests.delegations.factories import DelegateFactory, DelegationFactory
from tests.delegations.test_letters import page_texts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)"),
]

PAGES = {
    "RU": (
        "ru",
        "Дмитрий Зайцев",
        [
            "Приглашение",
            "Ваше Превосходительство!",
            "13-е Китайско-Северо-Восточноазиатское ЭКСПО пройдёт",
            "в городе Чанчунь",
            "Исполнительный комитет Китайско-Северо-Восточноазиатского ЭКСПО",
            "Подпись:",
        ],
    ),
    "JP": (
        "ja",
        "山田太郎",
        ["招待状", "山田太郎 閣下", "第13回中国－東北アジア博覧会は", "中国吉林省長春市", "署名："],
    ),
    "KR": (
        "ko",
        "김민준",
        ["초청장", "존경하는 김민준 각하께", "제13회 중국-동북아시아 박람회", "중국 지린성 창춘시", "서명:"],
    ),
    "MN": (
        "mn",
        "Батбаяр Должин",
        [
            "Урилга",
            "Эрхэм хүндэт Батбаяр Должин танаа",
            "Хятад-Зүүн хойд Азийн 13 дэх удаагийн экспо",
            "Жилин мужийн Чанчунь хотноо",
            "Гарын үсэг:",
        ],
    ),
}


@pytest.mark.parametrize("country", list(PAGES))
def test_letter_has_a_page_in_the_delegations_language(edition, tmp_path, country):
    language, name, expected = PAGES[country]
    delegation = DelegationFactory(edition=edition, country=country)
    DelegateFactory(
        delegation=delegation, is_head=True, gender="male", rank=1, name_original=name, name_latin="Test Name"
    )

    assert letter_languages(delegation) == ("zh-hans", "en", language)
    chinese, english, foreign = page_texts(
        invitation_letter_pdf(delegation=delegation, languages=letter_languages(delegation)), tmp_path
    )

    flat = " ".join(foreign.split())
    assert all(" ".join(text.split()) in flat for text in expected), foreign
    assert "Test Name" not in foreign
    assert "邀请函" in chinese
    assert "Letter of Invitation" in english


def test_other_delegations_get_chinese_and_english(edition):
    assert letter_languages(DelegationFactory(edition=edition, country="DE")) == ("zh-hans", "en")
