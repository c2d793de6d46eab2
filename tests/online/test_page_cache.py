"""The online exhibition for crowds: an anonymous page or search already served costs no
query and no round trip to the cache (``exhibitors.page_cache``), whatever the number of
exhibits; an edit shows at once in this process and within ``VERSION_MAX_AGE`` in others."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from exhibitors import page_cache, search, signals
from exhibitors.models import OnlineSearchMiss
from tests.factories import ExhibitFactory, ExhibitorFactory, ParticipationFactory, UserFactory
from tests.online.conftest import EN, ZH

pytestmark = pytest.mark.django_db


class NoRoundTrips:
    """Stands for the shared cache: any use of it fails the test."""

    def __getattr__(self, name):
        raise AssertionError(f"the shared cache was asked ({name})")


def _crowd(hall, count):
    for n in range(count):
        exhibitor = ExhibitorFactory(industry="automobile")
        ParticipationFactory(exhibitor=exhibitor, edition=hall.edition, pavilion=hall.auto, mode="online")
        ExhibitFactory(exhibitor=exhibitor, pavilion=hall.auto, name=f"汽车配件 {n}", description="汽车零部件")


def _pages(hall):
    return [
        "/online/",
        "/online/40/",
        "/online/40/pavilions/auto/",
        "/online/40/exhibitors/?industry=automobile",
        f"/online/40/exhibitors/{hall.faw.pk}/",
        f"/online/40/exhibits/{hall.exhibits.hongqi.pk}/",
        "/online/search/?q=汽车",
        "/online/search/?q=汽车&edition=40&kind=exhibits&page=2",
        "/online/search/?q=ginseng&kind=exhibitors",
    ]


@pytest.mark.parametrize("item_count", [1, 30])
def test_anonymous_pages_served_again_need_no_query_and_no_round_trip(hall, client, monkeypatch, item_count):
    _crowd(hall, item_count)
    monkeypatch.setattr(signals, "VERSION_MAX_AGE", 3600)
    first = {url: client.get(url, **EN) for url in _pages(hall)}
    assert {url: r.status_code for url, r in first.items()} == dict.fromkeys(first, 200)
    monkeypatch.setattr(signals, "cache", NoRoundTrips())
    monkeypatch.setattr("exhibitors.views.online.cache", NoRoundTrips())
    for url, response in first.items():
        with CaptureQueriesContext(connection) as queries:
            again = client.get(url, **EN)
        assert (url, again.status_code, len(queries)) == (url, 200, 0)
        assert again.content == response.content
        assert again["Cache-Control"] == response["Cache-Control"]


def test_each_language_and_each_partial_search_kept_apart(hall, client):
    english = client.get("/online/search/", {"q": "人参"}, **EN).content.decode()
    chinese = client.get("/online/search/", {"q": "人参"}, **ZH).content.decode()
    partial = client.get("/online/search/", {"q": "人参"}, HTTP_HX_REQUEST="true", **EN).content.decode()
    assert "Search the online exhibition" in english
    assert "Search the online exhibition" not in chinese
    assert "<html" in english
    assert "<html" not in partial
    assert client.get("/online/search/", {"q": "人参"}, **EN).content.decode() == english
    assert client.get("/online/search/", {"q": "人参"}, HTTP_HX_REQUEST="true", **EN).content.decode() == partial


def test_an_edit_shows_at_once_in_the_search_and_the_pages(hall, client):
    url = f"/online/40/exhibits/{hall.exhibits.hongqi.pk}/"
    assert "红旗新能源汽车" in client.get(url, **ZH).content.decode()
    assert client.get("/online/search/", {"q": "量子"}, **ZH).context["exhibit_count"] == 0
    hall.exhibits.hongqi.name = "红旗量子汽车"
    hall.exhibits.hongqi.save()
    assert "红旗量子汽车" in client.get(url, **ZH).content.decode()
    found = client.get("/online/search/", {"q": "量子"}, **ZH)
    assert [e.name for e in found.context["exhibit_page"]] == ["红旗量子汽车"]


def test_an_edit_in_another_process_shows_within_the_version_max_age(hall, client, monkeypatch):
    url = "/online/40/"
    client.get(url, **EN)
    # Another process bumps the version in the shared cache: this one still trusts what it read...
    monkeypatch.setattr(signals, "VERSION_MAX_AGE", 3600)
    cache.set(signals.ONLINE_VERSION_KEY, 1, timeout=None)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **EN)
    assert len(queries) == 0
    # ...until its reading is older than VERSION_MAX_AGE: then the page is rendered anew.
    monkeypatch.setattr(signals, "VERSION_MAX_AGE", 0)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **EN)
    assert len(queries) > 0
    assert signals.online_version() == 1


def test_a_search_that_finds_nothing_is_counted_each_time_even_from_memory(hall, client):
    for _ in range(3):
        client.get("/online/search/", {"q": "量子计算机"}, **EN)
    assert list(OnlineSearchMiss.objects.values_list("query", "count")) == [("量子计算机", 3)]


def test_signed_in_and_made_up_searches_are_not_kept(hall, client):
    visitor = Client()
    visitor.force_login(UserFactory())
    visitor.get("/online/search/", {"q": "汽车"}, **EN)
    client.get("/online/search/", {"q": "汽车", "utm_source": "mail"}, **EN)
    client.get("/online/search/", {"q": "汽车", "page": "999"}, **EN)
    assert len(page_cache.pages) == 0
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get("/online/search/", {"q": "汽车"}, **EN)
    assert len(queries) > 0
    assert "private" in response["Cache-Control"]


def test_ranked_ids_are_shared_between_processes(hall, client):
    client.get("/online/search/", {"q": "人参"}, **EN)
    page_cache.pages.clear()  # another process: its own memory, the same shared cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/online/search/", {"q": "人参"}, **EN)
    sql = " ".join(q["sql"] for q in queries)
    assert "@@" not in sql  # no full-text match
    assert "LIKE" not in sql.upper()
    assert "enable_seqscan" not in sql
    assert "search_vector" not in sql  # nor the vectors read with the rows of the page
    assert [e.name for e in response.context["exhibit_page"]] == ["人参茶", "野山参礼盒"]


def test_local_pages_are_bounded_by_size_least_recently_used_out_first():
    pages = page_cache.LocalPages(max_bytes=10)
    pages.set("a", b"1234", timeout=60)
    pages.set("b", b"1234", timeout=60)
    assert pages.get("a") == (b"1234", None)  # a is now the most recent
    pages.set("c", b"1234", "extra", timeout=60)
    assert (pages.get("a"), pages.get("b"), pages.get("c")) == ((b"1234", None), None, (b"1234", "extra"))
    assert pages.size == 8
    pages.set("huge", b"x" * 11, timeout=60)
    assert pages.get("huge") is None
    pages.set("a", b"12", timeout=60)
    assert pages.size == 6


def test_local_pages_expire():
    pages = page_cache.LocalPages()
    pages.set("gone", b"page", timeout=0)
    assert pages.get("gone") is None
    assert pages.size == 0


def test_jieba_dictionary_loaded_as_the_web_process_starts():
    import jieba

    import expo.wsgi  # noqa: F401 - warms the search up

    assert jieba.dt.initialized
    assert "汽车" in search.segment("新能源汽车").split()
