"""Search of the online exhibition: exhibitors and exhibits by name and description, in
Chinese and English.

On PostgreSQL each exhibitor and exhibit keeps a ``search_vector``: its names (weight A)
and descriptions (weight B) cut into words by jieba (search mode, so 新能源汽车 gives
新能源, 能源 and 汽车) and lowercased, joined by spaces and read by the ``simple`` text
search configuration, which keeps each word as it is, and a ``name_vector`` of the names
alone (GIN-indexed too, so that "found in a name" is an index lookup with its own
statistics). The query is cut the same way and all its words must match. A GIN trigram index on the names (``pg_trgm``) adds partial
matches that jieba does not cut out (mixed names such as "Hyundai汽车", part of a Latin
word). Names rank above descriptions.

SQLite (the embedded default) has neither: there a match is the query contained in a name
or description, case-insensitively, names first. On the demo both give the same results.

The vectors are kept by ``exhibitors.signals`` on every save (services, portal, admin),
and rebuilt in bulk by ``search_index_rebuild`` (``manage.py online_search_index``) after
imports and seeding, which insert rows without signals.
"""

import contextlib
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


def warm_up() -> None:
    """Load jieba's dictionary now (a second or two) rather than in the first search of
    this process: ``expo.wsgi`` calls it as a web process starts."""
    jieba.initialize()
    segment("汽车")


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def normalize_query(text: str) -> str:
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def _vector(names: str, descriptions: str):
    return SearchVector(Value(names), weight="A", config=CONFIG) + SearchVector(
        Value(descriptions), weight="B", config=CONFIG
    )


def _names_vector(names: str):
    return SearchVector(Value(names), config=CONFIG)


def exhibitor_index(exhibitor: Exhibitor) -> None:
    """Recompute one exhibitor's search vector (PostgreSQL only)."""
    if uses_full_text():
        names = segment(exhibitor.name, exhibitor.name_en)
        Exhibitor.objects.filter(pk=exhibitor.pk).update(
            search_vector=_vector(names, segment(exhibitor.description)), name_vector=_names_vector(names)
        )


def exhibit_index(exhibit: Exhibit) -> None:
    """Recompute one exhibit's search vector (PostgreSQL only)."""
    if uses_full_text():
        names = segment(exhibit.name, exhibit.name_en)
        Exhibit.objects.filter(pk=exhibit.pk).update(
            search_vector=_vector(names, segment(exhibit.description, exhibit.description_en)),
            name_vector=_names_vector(names),
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
                f"setweight(to_tsvector('{CONFIG}', v.names), 'A') || setweight(to_tsvector('{CONFIG}', v.descr), 'B'), "
                f"name_vector = to_tsvector('{CONFIG}', v.names) "
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


# At most this many matches of each kind are ranked and paged (10 pages of 24): a word found
# in every description must not make PostgreSQL rank and sort every row of the edition.
MAX_RESULTS = 240


def search_filter(
    queryset: QuerySet, *, text: str, prefix: str = "", has_description_en: bool, candidates: QuerySet | None = None
) -> QuerySet:
    """``queryset`` narrowed to rows matching ``text`` and annotated with ``search_rank``
    (higher first: matches in a name above those in a description). ``prefix`` reaches the
    searched model through a relation (``"exhibitor__"`` when listing participations).

    On PostgreSQL the rows are found in bounded steps, each through its own index and
    ``LIMIT MAX_RESULTS`` among ``candidates`` (``queryset`` itself, or rows of the same model
    narrowed by cheap conditions on their own table, such as the edition: the limit must not
    be spent on rows a visitor may not see, nor wait for a costly check per row): matches in the names (``name_vector``), matches
    anywhere in the vector, and trigram matches of the names. Only their union, at most
    3 x MAX_RESULTS rows, is ranked, sorted and counted, whatever the number of rows that
    match the words. Written as one OR over the joined rows, PostgreSQL would scan them all;
    ranking every match of a common word took half a second at 16,600 exhibits."""
    name_match = _name_match(prefix, text)
    if uses_full_text():
        words = segment(text)
        conditions, in_names = [], Q(pk__in=[])
        if words:
            query = SearchQuery(words, config=CONFIG, search_type="plain")
            in_names = Q(**{f"{prefix}name_vector": query})
            conditions += [in_names, Q(**{f"{prefix}search_vector": query})]
        # pg_trgm finds nothing shorter than three characters through its index: a shorter
        # text is left to the words (jieba cuts two-character words such as 汽车 out).
        if len(text) >= TRIGRAM_MIN or not words:
            conditions.append(name_match)
            in_names |= name_match
        base = queryset if candidates is None else candidates
        found_sets = [base.filter(c).order_by().values("pk")[:MAX_RESULTS] for c in conditions]
        found = found_sets[0].union(*found_sets[1:]) if len(found_sets) > 1 else found_sets[0]
        rank = Case(When(in_names, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        if words:
            rank = rank + Coalesce(
                SearchRank(F(f"{prefix}search_vector"), query), Value(0.0), output_field=FloatField()
            )
        return queryset.filter(pk__in=found).annotate(search_rank=rank)
    name_rank = Case(When(name_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
    description = Q(**{f"{prefix}description__icontains": text})
    if has_description_en:
        description |= Q(**{f"{prefix}description_en__icontains": text})
    return queryset.filter(name_match | description).annotate(search_rank=name_rank)


@contextlib.contextmanager
def index_scans(*, needed: bool = True):
    """PostgreSQL: within the block, find rows through indexes rather than by reading tables
    whole. The bounded sets of matches are ``LIMIT`` queries, which PostgreSQL prices as if
    the rows it wants were spread evenly through the table: it then prefers reading the table
    from its start until it has enough. But an edition's exhibits lie together, the current
    edition's last (at K=1 beside K=10, 164,000 rows were read to find 240: 0.8 s). Through
    the indexes (the vector's, the names', and the pavilion's) only the edition's matching
    rows are read. The setting is the connection's until the block ends (blocks may nest).
    Not ``needed``: nothing is done (the ids are known already)."""
    if not needed or not uses_full_text():
        yield
        return
    depth = getattr(connection, "_exhibitors_index_scans", 0)
    if not depth:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
    connection._exhibitors_index_scans = depth + 1
    try:
        yield
    finally:
        connection._exhibitors_index_scans = depth
        if not depth:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")


class Ranked:
    """The results of a search, ranked once: the ids in order from one query (bounded on
    PostgreSQL by ``search_filter``'s limits, at most ``MAX_RESULTS`` kept), then the rows of
    each page asked for from ``rows`` (the same listing without the search, which carries
    the related rows a page shows) in one query by id. A ``Paginator`` takes it as a list:
    counting it costs no query more, paging it one."""

    def __init__(self, ranked: QuerySet, rows: QuerySet, *, known: tuple[list[int], int] | None = None):
        self._ranked, self._rows, self._ids = ranked, rows, None
        self.found = 0
        if known:
            self._ids, self.found = list(known[0]), known[1]

    @property
    def known(self) -> tuple[list[int], int]:
        """The ranked ids and the number of rows found, to keep: ``Ranked(..., known=...)``
        pages them again without ranking."""
        return self.ids, self.found

    @property
    def ids(self) -> list[int]:
        if self._ids is None:
            with index_scans():
                ids = list(self._ranked.values_list("pk", flat=True))
            self.found = len(ids)
            self._ids = ids[:MAX_RESULTS] if uses_full_text() else ids
        return self._ids

    @property
    def capped(self) -> bool:
        """Whether more rows may match than were ranked (PostgreSQL only)."""
        return uses_full_text() and len(self.ids) > 0 and self.found >= MAX_RESULTS

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        rows = self._rows.order_by().in_bulk(ids) if ids else {}
        return [rows[pk] for pk in ids if pk in rows]
