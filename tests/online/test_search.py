"""Search with known answers, on SQLite (contains) and PostgreSQL (jieba + full text + trigram)."""

import pytest

from exhibitors import online_selectors as selectors
from exhibitors import search
from exhibitors.models import OnlineSearchMiss

pytestmark = pytest.mark.django_db


def exhibitor_names(hall, text, **filters):
    return [p.exhibitor.name for p in selectors.participation_list(edition=hall.edition, text=text, **filters)]


def exhibit_names(hall, text, **filters):
    return [e.name for e in selectors.exhibit_list(edition=hall.edition, text=text, **filters)]


def test_segment_cuts_chinese_words_for_search():
    assert search.segment("新能源汽车", "Hyundai Motor") == "能源 新能源 汽车 hyundai motor"


def test_two_character_word_finds_exhibitors_and_exhibits_containing_it(hall):
    assert exhibitor_names(hall, "汽车") == ["Hyundai汽车(中国)", "长春一汽汽车制造有限公司"]
    assert exhibit_names(hall, "汽车") == ["红旗新能源汽车"]


def test_name_matches_rank_above_description_matches(hall):
    assert exhibit_names(hall, "人参") == ["人参茶", "野山参礼盒"]
    assert exhibitor_names(hall, "人参") == ["长白山人参饮品有限公司"]


def test_english_words_find_english_names_and_descriptions(hall):
    assert exhibitor_names(hall, "ginseng") == ["长白山人参饮品有限公司"]
    assert exhibit_names(hall, "Ginseng") == ["人参茶"]
    assert exhibit_names(hall, "sedan") == ["Sonata 索纳塔"]


def test_mixed_chinese_and_latin_names(hall):
    assert exhibitor_names(hall, "Hyundai汽车") == ["Hyundai汽车(中国)"]
    assert exhibit_names(hall, "Sonata 索纳塔") == ["Sonata 索纳塔"]
    assert exhibit_names(hall, "索纳塔") == ["Sonata 索纳塔"]


def test_filters_narrow_the_results(hall):
    assert exhibitor_names(hall, "汽车", country="KR") == ["Hyundai汽车(中国)"]
    assert exhibitor_names(hall, "汽车", industry="agriculture_food") == []
    assert exhibit_names(hall, "人参", pavilion=hall.auto) == []


def test_query_that_finds_nothing(hall):
    assert exhibitor_names(hall, "量子计算机") == []
    assert exhibit_names(hall, "量子计算机") == []


def test_unpublished_offline_only_and_other_editions_never_found(hall):
    for text in ("秘密", "线下", "往届", "只在线下"):
        assert exhibitor_names(hall, text) == []
        assert exhibit_names(hall, text) == []


def test_saving_an_exhibit_updates_what_search_finds(hall):
    hall.exhibits.sonata.description = "A sedan with a 人参 scented interior."
    hall.exhibits.sonata.save()
    names = exhibit_names(hall, "人参")
    assert (names[0], sorted(names[1:])) == ("人参茶", ["Sonata 索纳塔", "野山参礼盒"])


def test_search_index_rebuild_restores_vectors_after_bulk_inserts(hall):
    from exhibitors.models import Exhibit

    Exhibit.objects.update(search_vector=None)
    count = search.search_index_rebuild(edition=hall.edition)
    assert count == (0 if not search.uses_full_text() else 4 + 6)
    assert exhibit_names(hall, "人参") == ["人参茶", "野山参礼盒"]


@pytest.mark.postgres
def test_postgres_uses_the_full_text_vector(hall):
    # jieba cuts 人参 out of the description: found by the vector, not by a contains
    from exhibitors.models import Exhibit

    row = Exhibit.objects.filter(pk=hall.exhibits.wild.pk).values_list("search_vector", flat=True).get()
    assert "'人参':" in row
    assert "'野山参':" in row or "'山参':" in row


def test_search_miss_counted_per_text(hall, client):
    client.get("/online/search/", {"q": "量子计算机"})
    client.get("/online/search/", {"q": "量子计算机"})
    client.get("/online/search/", {"q": "人参"})
    assert list(OnlineSearchMiss.objects.values_list("edition__number", "query", "count")) == [(40, "量子计算机", 2)]


def test_search_miss_not_counted_while_typing(hall, client):
    client.get("/online/search/", {"q": "量子"}, HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="online-q")
    assert OnlineSearchMiss.objects.count() == 0


def test_online_search_index_command(hall):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("online_search_index", edition=40, stdout=out)
    expected = "10 exhibitors and exhibits indexed" if search.uses_full_text() else "SQLite: the search reads"
    assert expected in out.getvalue()
    assert OnlineSearchMiss.objects.count() == 0
