from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_chinese_catalog_translates_every_message():
    catalog = polib.pofile(str(CATALOG))

    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []
    assert len(catalog.translated_entries()) > 100


def test_chinese_catalog_is_compiled():
    mo = CATALOG.with_suffix(".mo")

    assert mo.exists(), "run make: it compiles locale/ from the .po files"
    assert mo.stat().st_mtime >= CATALOG.stat().st_mtime


@pytest.mark.django_db
def test_pages_are_in_chinese_for_chinese_readers(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert "中国—东北亚博览会" in html
    assert "忘记密码了吗？" in html
