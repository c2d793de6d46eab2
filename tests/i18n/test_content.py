"""Names and descriptions in more languages: one JSON column, the fallback order reader's
language -> English -> Chinese, and the mark of a text shown in another language."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from expo.i18n import fallback_chain, translated, validate_translations
from tests.factories import EditionFactory, EventFactory, ExhibitFactory, ExhibitorFactory, PavilionFactory


def test_fallback_order():
    assert fallback_chain("ru") == ("ru", "en", "zh-hans")
    assert fallback_chain("en") == ("en", "zh-hans")
    assert fallback_chain("zh-hans") == ("zh-hans", "en")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "translations", "name_en", "expected", "found_in"),
    [
        ("ru", {"ru": {"name": "Автомобильный павильон"}}, "Automobile Pavilion", "Автомобильный павильон", "ru"),
        ("ru", {"ja": {"name": "自動車館"}}, "Automobile Pavilion", "Automobile Pavilion", "en"),
        ("mn", {"mn": {"name": "  "}}, "Automobile Pavilion", "Automobile Pavilion", "en"),
        ("ko", {}, "", "汽车馆", "zh-hans"),
        ("zh-hans", {"ru": {"name": "Автомобильный павильон"}}, "Automobile Pavilion", "汽车馆", "zh-hans"),
        ("en", {"ru": {"name": "Автомобильный павильон"}}, "Automobile Pavilion", "Automobile Pavilion", "en"),
    ],
)
def test_reader_language_then_english_then_chinese(language, translations, name_en, expected, found_in):
    pavilion = PavilionFactory(name_zh="汽车馆", name_en=name_en, translations=translations)

    result = translated(pavilion, "name", language)

    assert (result.text, result.language) == (expected, found_in)
    assert result.is_fallback == (found_in != language)
    with translation.override(language):
        assert pavilion.name == expected


@pytest.mark.django_db
def test_exhibitor_and_exhibit_read_their_own_columns():
    exhibitor = ExhibitorFactory(
        name="长春光华", name_en="Changchun Guanghua", translations={"ko": {"name": "창춘 광화"}}
    )
    exhibit = ExhibitFactory(
        exhibitor=exhibitor,
        name="传感器",
        name_en="Sensor",
        description="高精度",
        description_en="High precision",
        translations={"ja": {"description": "高精度センサー"}},
    )

    with translation.override("ko"):
        assert exhibitor.display_name == "창춘 광화"
        assert exhibit.display_name == "Sensor"
    with translation.override("ja"):
        assert exhibitor.display_name == "Changchun Guanghua"
        assert exhibit.display_description == "高精度センサー"
    with translation.override("zh-hans"):
        assert exhibitor.display_name == "长春光华"
        assert exhibit.display_description == "高精度"


@pytest.mark.django_db
def test_event_title_description_and_agenda():
    event = EventFactory(
        title_zh="东北亚合作圆桌会",
        title_en="Northeast Asia Cooperation Roundtable",
        description_en="Leaders meet.",
        translations={"ru": {"title": "Круглый стол по сотрудничеству в Северо-Восточной Азии"}},
    )

    with translation.override("ru"):
        assert event.title == "Круглый стол по сотрудничеству в Северо-Восточной Азии"
        assert event.description == "Leaders meet."
        assert event.agenda == ""


@pytest.mark.django_db
def test_filter_marks_a_fallback_with_its_language():
    edition = EditionFactory(
        name_zh="第十四届中国—东北亚博览会",
        name_en="14th China-Northeast Asia Expo",
        translations={"ru": {"name": "14-е ЭКСПО"}},
    )
    template = Template('{% load content_i18n %}<h1>{{ edition|translated:"name" }}</h1>')

    with translation.override("ru"):
        russian = template.render(Context({"edition": edition}))
    with translation.override("ja"):
        japanese = template.render(Context({"edition": edition}))

    assert russian == "<h1>14-е ЭКСПО</h1>"
    assert japanese == (
        '<h1><span lang="en" class="is-fallback" data-user-content>14th China-Northeast Asia Expo</span> '
        '<small class="fallback-note" lang="en" title="あなたの言語への翻訳はまだありません">English</small></h1>'
    )


@pytest.mark.django_db
def test_filter_escapes_and_keeps_line_breaks():
    event = EventFactory(translations={"ko": {"description": "<b>첫째</b>\n둘째"}})
    with translation.override("ko"):
        html = Template('{% load content_i18n %}{{ event|translated_paragraphs:"description" }}').render(
            Context({"event": event})
        )

    assert html == "&lt;b&gt;첫째&lt;/b&gt;<br>둘째"


@pytest.mark.parametrize(
    "value",
    [[], {"de": {"name": "Messe"}}, {"en": {"name": "Expo"}}, {"ru": "ЭКСПО"}, {"ru": {"name": 3}}],
)
def test_translations_must_be_foreign_languages_of_texts(value):
    with pytest.raises(ValidationError):
        validate_translations(value)


def test_translations_accept_the_documented_shape():
    validate_translations({"ru": {"name": "ЭКСПО"}, "mn": {"name": "Экспо", "description": "..."}})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "shown", "marked"), [("ru", "Форум", False), ("ko", "Forum", True), ("zh-hans", "论坛", False)]
)
def test_event_page_shows_the_translation_or_marks_the_fallback(client, language, shown, marked):
    event = EventFactory(title_zh="论坛", title_en="Forum", is_public=True, translations={"ru": {"title": "Форум"}})

    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    heading = html[html.index("<h1>") : html.index("</h1>") + 5]

    assert f">{shown}<" in heading
    assert ('class="fallback-note"' in heading) == marked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/expo/edition/{edition}/change/",
        "/admin/events/event/{event}/change/",
        "/admin/exhibitors/pavilion/{pavilion}/change/",
        "/admin/exhibitors/exhibit/{exhibit}/change/",
    ],
)
def test_organizers_fill_the_translations_in_the_admin(client, url):
    from tests.factories import OrganizerFactory

    event = EventFactory()
    exhibit = ExhibitFactory(pavilion=PavilionFactory(edition=event.edition))
    client.force_login(OrganizerFactory(is_superuser=True))

    response = client.get(
        url.format(edition=event.edition.pk, event=event.pk, pavilion=exhibit.pavilion.pk, exhibit=exhibit.pk)
    )

    assert response.status_code == 200
    assert 'name="translations"' in response.content.decode()


@pytest.mark.django_db
def test_a_list_that_leaves_translations_out_costs_no_query_per_row(django_assert_num_queries):
    PavilionFactory(name_zh="汽车馆", name_en="Automobile Pavilion", translations={"ru": {"name": "Автомобили"}})
    from exhibitors.models import Pavilion

    pavilion = Pavilion.objects.only("id", "name_zh", "name_en").get()

    with django_assert_num_queries(0):
        assert translated(pavilion, "name", "ru").text == "Automobile Pavilion"
        assert translated(pavilion, "name", "zh-hans").text == "汽车馆"
