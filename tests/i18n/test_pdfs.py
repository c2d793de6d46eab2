"""Badges in Mongolian and Korean (and the other scripts): every glyph rendered, as pdftotext
reads the PDF back, dates in the reader's format."""

import datetime
import shutil
import subprocess

import pytest
from django.utils import translation

from events.badges import badge_pdf
from tests.factories import AttendeeFactory, EditionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)"),
]


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pdf_fonts(pdf: bytes) -> str:
    return subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.fixture
def edition(db):
    return EditionFactory(
        number=14,
        year=2026,
        name_zh="第十四届中国—东北亚博览会",
        name_en="14th China-Northeast Asia Expo",
        city_zh="长春",
        city_en="Changchun",
        start_date=datetime.date(2026, 8, 23),
        end_date=datetime.date(2026, 8, 27),
        translations={
            "mn": {"name": "Хятад-Зүүн хойд Азийн 14 дэх экспо", "city": "Чанчунь"},
            "ko": {"name": "제14회 중국-동북아시아 박람회", "city": "창춘"},
        },
    )


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_mongolian_badge_renders_cyrillic(edition):
    attendee = AttendeeFactory(
        edition=edition, kind="merchant", name="Батбаяр Должин", organization="Монгол Экспорт ХХК", country="MN"
    )

    with translation.override("mn"):
        text = pdf_text(badge_pdf(attendee=attendee))

    assert "Батбаяр Должин" in text
    assert "Монгол Экспорт ХХК" in text
    assert "Хятад-Зүүн хойд Азийн 14 дэх экспо" in text
    assert "长春 Чанчунь" in text
    assert "2026.08.23–2026.08.27" in text  # Mongolian dates, year first
    assert "采购商" in text  # the gate staff's Chinese
    assert "ХУДАЛДАН АВАГЧ" in text  # the band, upper case
    assert "Монгол Улс" in text  # the country in Mongolian
    assert "Оролцогчид энэ үнэмлэхийг уншуулсан" in " ".join(text.split())
    assert "\ufffd" not in text


@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_korean_badge_renders_hangul_with_the_korean_cut(edition):
    attendee = AttendeeFactory(
        edition=edition, kind="guest", name="김민준", organization="한빛무역 주식회사", country="KR"
    )

    with translation.override("ko"):
        pdf = badge_pdf(attendee=attendee)
    text = pdf_text(pdf)

    assert "김민준" in text
    assert "한빛무역 주식회사" in text
    assert "제14회 중국-동북아시아 박람회" in text
    assert "长春 창춘" in text
    assert "2026-8-23–2026-8-27" in text  # Korean short dates
    assert "귀빈" in text
    assert "대한민국" in text
    assert "NotoSansCJKKR" in pdf_fonts(pdf).replace("-", "")


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", ["Закупщик".upper(), "Китайско-Северо-Восточноазиатское"]), ("ja", ["バイヤー", "中国－東北アジア博覧会"])],
)
@pytest.mark.slow  # renders a PDF with WeasyPrint and its CJK fonts: seconds
def test_russian_and_japanese_badges(edition, language, words):
    edition.translations = {
        "ru": {"name": "14-е Китайско-Северо-Восточноазиатское ЭКСПО"},
        "ja": {"name": "第14回中国－東北アジア博覧会"},
    }
    edition.save()
    attendee = AttendeeFactory(edition=edition, kind="merchant", name="Test", country="RU")

    with translation.override(language):
        text = pdf_text(badge_pdf(attendee=attendee))

    assert all(word in text for word in words), text
