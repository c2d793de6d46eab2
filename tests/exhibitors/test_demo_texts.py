"""The demo's and seed_scale's exhibits: bilingual names and descriptions, composed by one
function from each product's texts."""

import pytest

from exhibitors.demo import PRODUCT_TEXTS, PRODUCTS, exhibit_texts
from expo.enums import Industry


def test_every_product_has_its_texts_in_both_languages():
    products = [p for _category, items in PRODUCTS.values() for p in items]
    assert set(products) == set(PRODUCT_TEXTS)
    for name_en, about, about_en in PRODUCT_TEXTS.values():
        assert name_en.isascii()
        assert about_en.isascii()
        assert not about.isascii()


@pytest.mark.parametrize("industry", list(PRODUCTS))
def test_exhibit_texts_are_bilingual_and_differ_by_item(industry):
    first, second = exhibit_texts(industry, 0), exhibit_texts(industry, 1)
    assert first["name"] != second["name"]
    assert first["name"].endswith(" A1")
    assert first["name_en"].endswith(" A1")
    assert first["name_en"].isascii()
    assert first["description_en"].isascii()
    assert "型号A1" in first["description"]
    assert "Model A1" in first["description_en"]
    assert first["category"] == PRODUCTS[industry][0]


def test_all_industries_have_products():
    assert set(PRODUCTS) == set(Industry)
