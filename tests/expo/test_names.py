"""People's names in the reader's order and script: one helper for every page and mail."""

import pytest
from django.template import Context, Template
from django.utils import translation

from expo.names import display_name, person_name, reader_part, romanized
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("kwargs", "chinese", "english"),
    [
        ({"full": "王磊"}, "王磊", "Lei Wang"),
        ({"family": "王", "given": "磊"}, "王磊", "Lei Wang"),
        ({"full": "欧阳修"}, "欧阳修", "Xiu Ouyang"),  # a two-character family name
        ({"full": "曾小红"}, "曾小红", "Xiaohong Zeng"),  # a family name read as a family name
        ({"full": "王磊 (Wang Lei)"}, "王磊", "Wang Lei"),  # the Latin form its owner gave wins
        ({"full": "Dmitry Zaitsev"}, "Dmitry Zaitsev", "Dmitry Zaitsev"),  # foreign: own order
        ({"family": "Kim", "given": "Min-jun"}, "Min-jun Kim", "Min-jun Kim"),
        ({"full": "Дмитрий Зайцев", "latin": "Dmitry Zaitsev"}, "Dmitry Zaitsev", "Dmitry Zaitsev"),
        (
            {"full": "Дмитрий Зайцев", "latin": "Dmitry Zaitsev", "chinese": "德米特里·扎伊采夫"},
            "德米特里·扎伊采夫",
            "Dmitry Zaitsev",
        ),
        ({"full": "王磊", "latin": "Leo Wang"}, "王磊", "Leo Wang"),  # a chosen Latin name
        ({"family": "王"}, "王", "Wang"),  # missing parts are left out
        ({"given": "磊"}, "磊", "Lei"),
        ({"given": "Anna"}, "Anna", "Anna"),
        ({}, "", ""),
        ({"full": "  "}, "", ""),
    ],
)
def test_person_name_in_each_readers_order(kwargs, chinese, english):
    assert person_name(**kwargs, language="zh-hans") == chinese
    assert person_name(**kwargs, language="en") == english


def test_person_name_follows_the_active_language():
    with translation.override("zh-hans"):
        assert person_name("王磊") == "王磊"
    with translation.override("en"):
        assert person_name("王磊") == "Lei Wang"
    with translation.override("ru"):
        assert person_name("王磊") == "Lei Wang"


def test_romanized_stays_in_the_passport_order_for_letters():
    assert romanized("王磊") == "Wang Lei"
    assert romanized("Ivan Orlov") == "Ivan Orlov"


@pytest.mark.django_db
def test_a_users_display_name_in_each_language():
    chinese = UserFactory.build(first_name="磊", last_name="王", username="wl")
    korean = UserFactory.build(first_name="민준", last_name="김", username="mj")
    foreign = UserFactory.build(first_name="Min-jun", last_name="Kim", username="mk")
    nameless = UserFactory.build(first_name="", last_name="", username="someone")
    assert [display_name(u, "zh-hans") for u in (chinese, korean, foreign, nameless)] == [
        "王磊",
        "김민준",
        "Min-jun Kim",
        "someone",
    ]
    assert [display_name(u, "en") for u in (chinese, korean, foreign, nameless)] == [
        "Lei Wang",
        "김민준",
        "Min-jun Kim",
        "someone",
    ]
    with translation.override("en"):
        assert chinese.get_full_name() == "Lei Wang"
    with translation.override("zh-hans"):
        assert chinese.get_full_name() == "王磊"


def test_the_person_filter_marks_user_data():
    template = Template("{% load names %}{{ name|person }}|{{ name|person_name }}")
    with translation.override("en"):
        assert template.render(Context({"name": "王磊"})) == "<span data-user-content>Lei Wang</span>|Lei Wang"
    with translation.override("zh-hans"):
        assert template.render(Context({"name": "王磊"})) == ('<span data-user-content lang="zh-Hans">王磊</span>|王磊')
        assert template.render(Context({"name": "<b>"})) == "<span data-user-content>&lt;b&gt;</span>|&lt;b&gt;"
        assert template.render(Context({"name": ""})) == "|"


@pytest.mark.parametrize(
    ("text", "chinese", "english"),
    [
        ("Hall A, matchmaking area / A馆洽谈区", "A馆洽谈区", "Hall A, matchmaking area"),
        ("A馆 / Hall A", "A馆", "Hall A"),
        ("Hall A", "Hall A", "Hall A"),
        ("A馆 / B馆", "A馆 / B馆", "A馆 / B馆"),  # not one text in each language
        ("1 / 2", "1 / 2", "1 / 2"),
    ],
)
def test_the_readers_part_of_a_text_written_in_both_languages(text, chinese, english):
    assert reader_part(text, "zh-hans") == chinese
    assert reader_part(text, "en") == english
