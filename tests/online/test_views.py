"""The public pages of the online exhibition, through HTTP."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from exhibitors.models import Exhibit
from exhibitors.signals import online_version_forget
from tests.factories import ExhibitFactory, ExhibitorFactory, ParticipationFactory
from tests.online.conftest import EN, ZH

pytestmark = pytest.mark.django_db


def test_home_shows_pavilions_with_counts_of_what_visitors_may_see(hall, client):
    response = client.get("/online/", **EN)
    assert response.status_code == 200
    pavilions = {p.code: (p.exhibitor_count, p.exhibit_count) for p in response.context["pavilions"]}
    # auto: FAW and Hyundai (not the offline-only exhibitor), their 2 published exhibits
    assert pavilions == {"auto": (2, 2), "food": (1, 2)}
    content = response.content.decode()
    assert "Automobile Pavilion" in content
    assert "Offline Only Cars" not in content


def test_home_of_a_past_edition_is_read_only_and_shows_its_own_exhibitors(hall, client):
    response = client.get("/online/39/", **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "kept as it was" in content
    assert "Former Cars" in content
    assert "FAW Changchun" not in content


def test_home_falls_back_to_the_latest_edition_with_online_content(hall, client):
    from tests.factories import EditionFactory

    hall.edition.is_current = False
    hall.edition.save()
    EditionFactory(number=41, year=2041, is_current=True)  # in preparation: nothing online yet
    response = client.get("/online/", **EN)
    assert response.context is not None
    assert "40th China-Northeast Asia Expo" in response.content.decode()


def test_unknown_edition_is_404(hall, client):
    assert client.get("/online/99/").status_code == 404


def test_pavilion_page_lists_its_visible_exhibitors(hall, client):
    response = client.get("/online/40/pavilions/auto/", **ZH)
    assert response.status_code == 200
    names = [p.exhibitor.name for p in response.context["page"]]
    assert names == ["Hyundai汽车(中国)", "长春一汽汽车制造有限公司"]


def test_exhibitor_page_shows_profile_exhibits_booth_and_contact(hall, client):
    response = client.get(f"/online/40/exhibitors/{hall.faw.pk}/", **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "FAW Changchun Automobile Co., Ltd." in content
    assert "Hongqi electric car" in content
    assert "/online/40/plans/auto/?booth=A001#booth-A001" in content
    assert hall.faw.contact_email in content


def test_exhibitor_page_of_ginseng_hides_the_unpublished_exhibit(hall, client):
    response = client.get(f"/online/40/exhibitors/{hall.ginseng.pk}/", **ZH)
    content = response.content.decode()
    assert [e.name for e in response.context["page"]] == ["人参茶", "野山参礼盒"]
    assert "秘密人参酒" not in content


@pytest.mark.parametrize("who", ["offline_only", "other_edition"])
def test_exhibitor_without_online_participation_in_the_edition_is_404(hall, client, who):
    assert client.get(f"/online/40/exhibitors/{getattr(hall, who).pk}/").status_code == 404


@pytest.mark.parametrize("which", ["secret", "offline", "former"])
def test_exhibit_that_visitors_may_not_see_is_404(hall, client, which):
    assert client.get(f"/online/40/exhibits/{getattr(hall.exhibits, which).pk}/").status_code == 404


def test_exhibit_page(hall, client):
    response = client.get(f"/online/40/exhibits/{hall.exhibits.tea.pk}/", **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ginseng tea" in content
    assert "Wild mountain root gift box" in content  # more from this exhibitor


def test_browse_by_industry_and_country(hall, client):
    response = client.get("/online/40/exhibitors/", {"industry": "automobile"}, **EN)
    assert [p.exhibitor.name for p in response.context["page"]] == ["Hyundai汽车(中国)", "长春一汽汽车制造有限公司"]
    response = client.get("/online/40/exhibitors/", {"country": "kr"}, **EN)
    assert [p.exhibitor.name for p in response.context["page"]] == ["Hyundai汽车(中国)"]
    response = client.get("/online/40/exhibitors/", {"pavilion": "food", "industry": "nonsense"}, **EN)
    assert [p.exhibitor.name for p in response.context["page"]] == ["长白山人参饮品有限公司"]


def test_search_page_and_htmx_partial(hall, client):
    response = client.get("/online/search/", {"q": "人参"}, **ZH)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert [e.name for e in response.context["exhibit_page"]] == ["人参茶", "野山参礼盒"]
    partial = client.get("/online/search/", {"q": "人参", "kind": "exhibits"}, HTTP_HX_REQUEST="true", **ZH)
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert "人参茶" in partial.content.decode()
    assert "HX-Request" in partial["Vary"]


def test_search_of_nothing_says_so(hall, client):
    response = client.get("/online/search/", {"q": "量子计算机"}, **EN)
    assert "Nothing found for “量子计算机”." in response.content.decode()


def test_search_page_takes_hostile_input(hall, client):
    for params in ({"q": "%_'\"<script>"}, {"q": "x" * 5000}, {"edition": "99999999"}, {"page": "-1", "q": "a"}):
        response = client.get("/online/search/", params)
        assert response.status_code in (200, 404)
    assert "<script>" not in client.get("/online/search/", {"q": "<script>"}).content.decode().split("</header>")[1]


def test_public_floor_plan_highlights_the_booth_and_finds_exhibitors(hall, client):
    response = client.get("/online/40/plans/auto/", {"booth": "A001"}, **EN)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="booth-A001" data-code="A001" data-state="mine"' in content
    assert "Booth A001: FAW Changchun Automobile Co., Ltd." in content
    found = client.get("/online/40/plans/auto/", {"q": "一汽"}, **ZH)
    assert [a.booth.code for a in found.context["matches"]] == ["A001"]


def test_pages_are_public_for_a_reverse_proxy(hall, client):
    response = client.get("/online/40/pavilions/auto/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_an_edit_shows_at_once_despite_the_cache(hall, client):
    url = f"/online/40/exhibits/{hall.exhibits.tea.pk}/"
    assert "Ginseng tea" in client.get(url, **EN).content.decode()
    exhibit = Exhibit.objects.get(pk=hall.exhibits.tea.pk)
    exhibit.name_en = "Ginseng herbal tea"
    exhibit.save()
    assert "Ginseng herbal tea" in client.get(url, **EN).content.decode()
    exhibit.is_published = False
    exhibit.save()
    assert client.get(url, **EN).status_code == 404


def test_a_cached_page_costs_no_query(hall, client, django_assert_num_queries):
    url = "/online/40/pavilions/auto/"
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def _crowd(hall, count):
    for n in range(count):
        exhibitor = ExhibitorFactory(industry="automobile")
        ParticipationFactory(exhibitor=exhibitor, edition=hall.edition, pavilion=hall.auto, mode="online")
        ExhibitFactory(exhibitor=exhibitor, pavilion=hall.auto, name=f"汽车配件 {n}", description="汽车零部件")
    cache.clear()
    online_version_forget()  # the version this process remembers went with the cache


@pytest.mark.parametrize("item_count", [1, 30])
def test_query_counts_are_constant(hall, client, item_count):
    _crowd(hall, item_count)
    pages = {
        "/online/": 8,
        "/online/40/": 7,
        "/online/40/pavilions/auto/": 4,
        "/online/40/exhibitors/?industry=automobile": 8,
        f"/online/40/exhibitors/{hall.faw.pk}/": 6,
        f"/online/40/exhibits/{hall.exhibits.hongqi.pk}/": 3,
        "/online/40/plans/auto/?q=汽车": 4,
        # The ids of each kind ranked once (two queries between the two that make PostgreSQL
        # use the indexes), then the rows of the page shown; the search form's choices come
        # from the cache after the first search, and so do the ranked ids of the same words:
        # the edition shown (the editions, whether the current one has content), the page's rows.
        "/online/search/?q=汽车": 11 + (2 if connection.vendor == "postgresql" else 0),
        "/online/search/?q=汽车&kind=exhibitors": 3,
    }
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    assert counts == pages


@pytest.mark.parametrize(
    "url",
    [
        "/online/40/pavilions/auto/?page=999",
        "/online/40/exhibitors/?industry=made-up",
        "/online/40/plans/auto/?booth=NOPE",
        "/online/40/plans/auto/?q=anything",
    ],
)
def test_made_up_query_strings_are_not_kept_in_the_cache(hall, client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def test_anonymous_whole_page_cache_keeps_each_address_and_never_serves_a_signed_in_view(hall, client):
    from tests.factories import UserFactory

    url = f"/online/40/exhibitors/{hall.faw.pk}/"
    first = client.get(url, **EN).content.decode()
    assert "Register as an online visitor to keep favourites" in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, **EN).content.decode()
    assert (again, len(queries)) == (first, 0)
    # An address with parameters of its own is rendered for it, and never kept for others.
    tracked = client.get(f"{url}?utm_source=mail", **EN).content.decode()
    assert "utm_source" in tracked
    assert "utm_source" not in client.get(url, **EN).content.decode()
    # A signed-in visitor gets the page with their own favourite button.
    visitor = Client()
    visitor.force_login(UserFactory())
    mine = visitor.get(url, **EN).content.decode()
    assert "Keep this exhibitor in my favourites" in mine
    assert "Register as an online visitor to keep favourites" not in mine
