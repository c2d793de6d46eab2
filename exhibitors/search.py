"""Search of the online exhibition: exhibitors and exhibits by name and description, in
Chinese and English.

On PostgreSQL each exhibitor and exhibit keeps a ``search_vector``: its names (weight A)
and descriptions (weight B) cut into words by jieba (search mode, so 新能源汽车 gives
新能源, 能源 and 汽车) and lowercased, joined by spaces and read by the ``simple`` text
search configuration, which keeps each word as it is. The query is cut the same way and
all its words must match. A GIN trigram index on the names (``pg_trgm``) adds partial
matches that jieba does not cut out (mixed names such as "Hyundai汽车", part of a Latin
word). Names rank above descriptions.

SQLite (the embedded default) has neither: there a match is the query contained in a name
or description, case-insensitively, names first. On the demo both give the same results.

The vectors are kept by ``exhibitors.signals`` on every save (services, portal, admin),
and rebuilt in bulk by ``search_index_rebuild`` (``manage.py online_search_index``) after
imports and seeding, which insert rows without signals.
"""

import functools
import logging
import re
from collections.abc import Iterable

import jieba
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from exhibitors.models import Exhibit, Exhibitor

jieba.setLogLevel(logging.WARNING)

CONFIG = "simple"
MAX_QUERY_LENGTH = 100
TRIGRAM_MIN = 3
_WORD = re.compile(r"\w")


_CHUNK = re.compile(r"\w+")


@functools.lru_cache(maxsize=200_000)
def _cut(chunk: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in jieba.cut_for_search(chunk) if _WORD.search(word))


def segment(*texts: str) -> str:
    """The words of ``texts`` as jieba cuts them for search, lowercased, space-separated.
    Each run of letters, digits and ideographs is cut on its own and remembered: names and
    descriptions repeat their words, and a bulk rebuild then costs a fraction."""
    words: list[str] = []
    for text in texts:
        if text:
            for chunk in _CHUNK.findall(text):
                words += _cut(chunk)
    return " ".join(words)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def normalize_query(text: str) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _vector(names: str, descriptions: str):
    return SearchVector(Value(names), weight="A", config=CONFIG) + SearchVector(
        Value(descriptions), weight="B", config=CONFIG
    )


def exhibitor_index(exhibitor: Exhibitor) -> None:
    """Recompute one exhibitor's search vector (PostgreSQL only)."""
    if uses_full_text():
        Exhibitor.objects.filter(pk=exhibitor.pk).update(
            search_vector=_vector(segment(exhibitor.name, exhibitor.name_en), segment(exhibitor.description))
        )


def exhibit_index(exhibit: Exhibit) -> None:
    """Recompute one exhibit's search vector (PostgreSQL only)."""
    if uses_full_text():
        Exhibit.objects.filter(pk=exhibit.pk).update(
            search_vector=_vector(
                segment(exhibit.name, exhibit.name_en),
                segment(exhibit.description, exhibit.description_en),
            )
        )


def _rebuild(rows: Iterable, table: str, texts) -> int:
    """One UPDATE ... FROM (VALUES ...) per chunk of rows."""
    count = 0
    chunk: list = []

    def flush():
        if not chunk:
            return
        placeholders = ", ".join(["(%s, %s, %s)"] * len(chunk))
        params = [value for row in chunk for value in row]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS t SET search_vector = "  # noqa: S608 - table names are ours
                f"setweight(to_tsvector('{CONFIG}', v.names), 'A') || setweight(to_tsvector('{CONFIG}', v.descr), 'B') "
                f"FROM (VALUES {placeholders}) AS v(id, names, descr) WHERE t.id = v.id::bigint",
                params,
            )
        chunk.clear()

    for row in rows:
        names, descriptions = texts(row)
        chunk.append((row[0], segment(*names), segment(*descriptions)))
        count += 1
        if len(chunk) >= 2000:
            flush()
    flush()
    return count


def search_index_rebuild(*, edition=None, exhibitor_pks=None, exhibits: bool = True) -> int:
    """Recompute the search vectors of every exhibitor and exhibit (of ``edition``'s
    pavilions, of the exhibitors ``exhibitor_pks``, when given) in bulk. Returns the number
    of rows, 0 on SQLite."""
    if not uses_full_text():
        return 0
    exhibit_rows = Exhibit.objects.all()
    exhibitors = Exhibitor.objects.all()
    if edition is not None:
        exhibit_rows = exhibit_rows.filter(pavilion__edition=edition)
        exhibitors = exhibitors.filter(participations__edition=edition)
    if exhibitor_pks is not None:
        exhibit_rows = exhibit_rows.filter(exhibitor__in=exhibitor_pks)
        exhibitors = exhibitors.filter(pk__in=exhibitor_pks)
    count = _rebuild(
        exhibitors.values_list("pk", "name", "name_en", "description").iterator(chunk_size=2000),
        Exhibitor._meta.db_table,
        lambda row: ((row[1], row[2]), (row[3],)),
    )
    if not exhibits:
        return count
    count += _rebuild(
        exhibit_rows.values_list("pk", "name", "name_en", "description", "description_en").iterator(chunk_size=2000),
        Exhibit._meta.db_table,
        lambda row: ((row[1], row[2]), (row[3], row[4])),
    )
    return count


def _name_match(prefix: str, text: str) -> Q:
    return Q(**{f"{prefix}name__icontains": text}) | Q(**{f"{prefix}name_en__icontains": text})


def search_filter(queryset: QuerySet, *, text: str, prefix: str = "", has_description_en: bool) -> QuerySet:
    """``queryset`` narrowed to rows matching ``text`` and annotated with ``search_rank``
    (higher first). ``prefix`` reaches the searched model through a relation
    (``"exhibitor__"`` when listing participations)."""
    name_match = _name_match(prefix, text)
    name_rank = Case(When(name_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    if uses_full_text():
        # Each condition finds its ids through its own index (GIN on the vector, GIN trigram
        # on the names): written as one OR over the joined rows, PostgreSQL scans them all.
        searched = Exhibitor if prefix else queryset.model
        words = segment(text)
        query = SearchQuery(words, config=CONFIG, search_type="plain") if words else None
        parts = []
        if query is not None:
            parts.append(searched.objects.filter(search_vector=query).values("pk"))
        # pg_trgm finds nothing shorter than three characters through its index: a shorter
        # text is left to the words (jieba cuts two-character words such as 汽车 out).
        if len(text) >= TRIGRAM_MIN or query is None:
            parts.append(searched.objects.filter(_name_match("", text)).values("pk"))
        match = Q()
        for ids in parts:
            match |= Q(**{f"{prefix}pk__in": ids})
        rank = name_rank
        if query is not None:
            rank = name_rank + Coalesce(
                SearchRank(F(f"{prefix}search_vector"), query), Value(0.0), output_field=FloatField()
            )
        return queryset.filter(match).annotate(search_rank=rank)
    description = Q(**{f"{prefix}description__icontains": text})
    if has_description_en:
        description |= Q(**{f"{prefix}description_en__icontains": text})
    return queryset.filter(name_match | description).annotate(search_rank=name_rank)
