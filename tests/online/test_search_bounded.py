"""Search costs the same whatever the number of matches (PostgreSQL): a word found in every
exhibit's description is ranked, sorted and counted over at most a bounded number of rows,
and the matches in a name still come first."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors import online_selectors as selectors
from exhibitors import search
from exhibitors.models import Exhibit
from tests.factories import EditionFactory, ExhibitorFactory, ParticipationFactory, PavilionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

EXHIBITS = 3000
CAP = 40


@pytest.fixture
def crowd(monkeypatch):
    """3,000 published exhibits of 10 online exhibitors, every one of them with 东北亚 and
    "Northeast" in its description; the last three (inserted last, so at the end of the
    table) also in their names."""
    monkeypatch.setattr(search, "MAX_RESULTS", CAP)
    edition = EditionFactory(number=40, year=2040, is_current=True)
    pavilion = PavilionFactory(edition=edition, code="crowd", mode="online")
    exhibitors = [ExhibitorFactory(industry="equipment") for _ in range(10)]
    for exhibitor in exhibitors:
        ParticipationFactory(exhibitor=exhibitor, edition=edition, pavilion=pavilion, mode="online")
    Exhibit.objects.bulk_create(
        Exhibit(
            exhibitor=exhibitors[n % 10],
            pavilion=pavilion,
            name=f"东北亚精选{n}" if n >= EXHIBITS - 3 else f"工业机器人 A{n}",
            name_en=f"Northeast Asia pick {n}" if n >= EXHIBITS - 3 else f"Industrial robot A{n}",
            category="装备制造",
            description=f"六轴工业机器人，型号A{n}，面向东北亚市场。",
            description_en=f"Six-axis robot, model A{n}, for the Northeast Asian market.",
        )
        for n in range(EXHIBITS)
    )
    search.search_index_rebuild(edition=edition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exhibitors_exhibit")
        cursor.execute("ANALYZE exhibitors_exhibitor")
        cursor.execute("ANALYZE exhibitors_participation")
    return edition


def plan_nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from plan_nodes(child)


def explain(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return cursor.fetchone()[0][0]["Plan"]


@pytest.mark.parametrize("text", ["东北亚", "northeast", "工业机器人"])
def test_a_word_in_every_exhibit_is_ranked_over_a_bounded_number_of_rows(crowd, text):
    rows = selectors.exhibit_list(edition=crowd, text=text)
    assert Exhibit.objects.filter(pavilion__edition=crowd).count() == EXHIBITS
    # The query exhibitors.search.Ranked runs: the ids of the matches, ranked.
    with search.index_scans():
        plan = explain(rows.values_list("pk", flat=True))
    assert CAP <= plan["Actual Rows"] <= 3 * CAP
    # Every node that reads or produces rows handles at most the union of the three bounded
    # sets of matches, whatever the number of matches (not counted: the bitmaps an index scan
    # builds, and a Materialize node's rescans, which read its rows again from memory).
    for node in plan_nodes(plan):
        if node["Node Type"] in ("Bitmap Index Scan", "BitmapOr", "BitmapAnd", "Materialize"):
            continue
        assert node["Actual Rows"] * node["Actual Loops"] <= 3 * CAP, json.dumps(plan, indent=1)
    sort = next(n for n in plan_nodes(plan) if n["Node Type"] == "Sort")
    assert sort["Plans"][0]["Actual Rows"] <= 3 * CAP
    # No bounded set is found by reading the table from its start (an edition's rows lie
    # together: the limit would be reached only after the other editions' rows).
    scans = [n for n in plan_nodes(plan) if n.get("Relation Name") == "exhibitors_exhibit"]
    assert scans
    assert all(n["Node Type"] != "Seq Scan" for n in scans), json.dumps(plan, indent=1)
    ranked = search.Ranked(rows, selectors.exhibit_list(edition=crowd))
    assert len(ranked) == CAP
    assert CAP <= ranked.found <= 3 * CAP
    assert ranked.capped
    assert [e.pk for e in ranked[:24]] == list(rows.values_list("pk", flat=True)[:24])


def test_matches_in_a_name_come_first_even_beyond_the_limit(crowd):
    # The three exhibits named 东北亚 are the last rows of the table: the bounded set of
    # matches anywhere misses them, the set of matches in a name finds them.
    names = [e.name for e in selectors.exhibit_list(edition=crowd, text="东北亚")[:5]]
    assert sorted(names[:3]) == [f"东北亚精选{n}" for n in range(EXHIBITS - 3, EXHIBITS)]
    assert all(not name.startswith("东北亚") for name in names[3:])


def test_search_page_with_every_exhibit_matching(crowd, client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/online/search/", {"q": "东北亚", "kind": "exhibits"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-exhibits="{CAP}"' in body
    assert f"the best {CAP} of each kind are shown" in body
    assert body.count('class="product') >= 24 or body.count("/exhibits/") >= 24
    # The last page reachable is the one of the bounded results; a page further is the last one.
    last = client.get("/online/search/", {"q": "东北亚", "kind": "exhibits", "page": 99})
    assert last.status_code == 200
    assert len(queries) <= 12
