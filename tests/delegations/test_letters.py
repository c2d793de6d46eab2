"""The invitation letter as its reader sees it (pdftotext of the PDF): each page addresses
the head of the delegation in the page's language only, the liaison officer's name is
romanized on the English page, and the letter has a reference number and a signature and
seal block."""

import shutil
import subprocess

import pytest

from delegations.letters import (
    addressee,
    invitation_letter_document,
    invitation_letter_pdf,
    letter_reference,
    romanized,
)
from tests.delegations.factories import DelegateFactory, DelegationFactory

pytestmark = pytest.mark.django_db


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils (pdftotext)")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize(
    ("chinese", "latin"),
    [
        ("王磊", "Wang Lei"),
        ("欧阳修", "Ouyang Xiu"),
        ("单雄", "Shan Xiong"),
        ("曾国藩", "Zeng Guofan"),
        ("Ivan", "Ivan"),
    ],
)
def test_romanized_writes_chinese_names_as_passports_do(chinese, latin):
    assert romanized(chinese) == latin


def test_letter_addresses_the_head_in_each_pages_language(edition, tmp_path):
    delegation = DelegationFactory(
        edition=edition, country="RU", liaison_name="王磊", liaison_phone="+86 139 4310 1000"
    )
    DelegateFactory(
        delegation=delegation,
        is_head=True,
        gender="male",
        rank=1,
        name_original="Дмитрий Зайцев",
        name_latin="Dmitry Zaitsev",
        name_zh="德米特里·扎伊采夫",
        title="Заместитель Председателя Правительства",
        title_zh="俄罗斯联邦政府副总理",
        title_en="Deputy Prime Minister of the Russian Federation",
    )

    chinese, english = page_texts(invitation_letter_pdf(delegation=delegation), tmp_path)

    reference = f"NEAE13-2021-{delegation.pk:04d}"
    assert letter_reference(delegation) == reference
    assert "尊敬的德米特里·扎伊采夫先生：" in chinese
    assert "俄罗斯联邦政府副总理" in chinese
    assert f"编号：{reference}" in chinese
    assert "Дмитрий" not in chinese
    assert "Deputy" not in chinese
    assert "Dmitry" not in chinese
    assert "Your Excellency," in english
    assert "H.E. Mr Dmitry Zaitsev" in english
    assert "Deputy Prime Minister of the Russian Federation" in english
    assert f"Ref. {reference}" in english
    assert "Wang Lei" in english
    assert "王磊" not in english
    assert "副总理" not in english
    assert "Дмитрий" not in english
    assert "签字" in chinese
    assert "印章" in chinese
    assert "执行委员会秘书长" in chinese
    assert "Signature:" in english
    assert "Seal" in english
    assert "Secretary-General of the Executive Committee" in english
    assert len(invitation_letter_document(delegation=delegation).pages) == 2


def test_letter_uses_a_neutral_form_without_the_name_in_the_pages_language(edition, tmp_path):
    delegation = DelegationFactory(edition=edition, country="RU")
    DelegateFactory(
        delegation=delegation,
        is_head=True,
        gender="male",
        rank=5,
        name_original="",
        name_latin="Dmitry Zaitsev",
        title="Minister",
    )

    chinese, english = page_texts(invitation_letter_pdf(delegation=delegation), tmp_path)

    assert "尊敬的俄罗斯代表团团长：" in chinese
    assert "Dmitry" not in chinese
    assert "Minister" not in chinese
    assert "Dear Mr Dmitry Zaitsev," in english


def test_a_chinese_delegate_is_named_in_chinese_and_in_pinyin(edition):
    head = DelegateFactory(
        delegation=DelegationFactory(
            edition=edition,
            origin_kind="central",
            country="",
            institution_en="Ministry of Commerce",
            institution_zh="商务部",
        ),
        name_original="王志刚",
        name_latin="Wang Zhigang",
        title="部长",
    )

    assert addressee(head, "zh-hans") == {"name": "王志刚", "title": "部长"}
    assert addressee(head, "en") == {"name": "Wang Zhigang", "title": ""}
