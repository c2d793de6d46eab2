"""Querysets compiled to SQL once per process, for the few statements of the hottest paths.

Django builds and compiles a queryset's SQL on every evaluation: for a query with joins that
is 0.3-1 ms of Python, often more than the round trip itself. ``CompiledQuery`` builds its
queryset once per process and database, with stand-in values for its parameters, keeps the SQL
and where the stand-ins went, and afterwards only executes: the rows become objects (or value
tuples) exactly as Django's own iterables make them (converters, ``from_db``, the related
populators of ``select_related``).

Use it where a request runs the same query many times a second (the user of each request, a
booth hold); everywhere else the ORM's clarity is worth its cost. A queryset whose compiled
parameters do not show each stand-in exactly once is not compiled: it runs through the ORM
each time, so a change of the query can never run wrong SQL, only slower.
"""

import threading
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable, get_related_populators

# Stand-ins for the arguments, two sets: integers within the range of every integer field
# (Django drops a lookup whose value a field cannot hold, which would take the argument out of
# the SQL), compiled with each set; the SQL must be the same and the parameters differ only
# where the arguments go, once each.
_STAND_INS = tuple(31_000 + n for n in range(8))
_OTHER_STAND_INS = tuple(31_500 + n for n in range(8))


def _text(param) -> str | None:
    """A parameter as a stand-in would show in it (an integer, or its digits as text)."""
    return str(param) if isinstance(param, (int, str)) and not isinstance(param, bool) else None


class _Plan:
    """What executing needs: the SQL, where each argument goes among its parameters, and how
    rows become results."""

    def __init__(self, queryset: QuerySet, db: str, arity: int, check: QuerySet | None = None):
        compiler = queryset.query.get_compiler(using=db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        if arity:
            # A text field's lookup holds the stand-in as text: found either way.
            texts = [_text(param) for param in self.params]
            stand_ins = [str(stand_in) for stand_in in _STAND_INS[:arity]]
            if any(texts.count(stand_in) != 1 for stand_in in stand_ins):
                raise ValueError("each argument must appear once")
            self.slots = [texts.index(stand_in) for stand_in in stand_ins]
            other_sql, other = check.query.get_compiler(using=db).as_sql()
            expected = [_text(param) for param in self.bind(_OTHER_STAND_INS[:arity])]
            if other_sql != self.sql or [_text(param) for param in other] != expected:
                raise ValueError("the arguments must go unchanged into the SQL")
        else:
            self.slots = []
        self.compiler = compiler
        # The converters of the columns, worked out once (Django's results_iter does it for
        # every query: a tenth of a compiled query's time).
        columns = [column[0] for column in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise TypeError("CompiledQuery does not run composite primary keys")
        self.converters = compiler.get_converters(columns)
        self.kind = queryset._iterable_class
        if self.kind not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
            raise TypeError(f"CompiledQuery runs model rows and values_list, not {self.kind.__name__}")
        if self.kind is ModelIterable:
            klass_info, select = compiler.klass_info, compiler.select
            fields = klass_info["select_fields"]
            self.model = klass_info["model"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, db)

    def bind(self, args) -> list:
        params = list(self.params)
        for slot, value in zip(self.slots, args, strict=True):
            params[slot] = value
        return params

    def results(self, rows, db: str) -> list:
        converted = self.compiler.apply_converters(rows, self.converters) if self.converters else rows
        if self.kind is FlatValuesListIterable:
            return [row[0] for row in converted]
        if self.kind is ValuesListIterable:
            return [tuple(row) for row in converted]
        objects = []
        for row in converted:
            obj = self.model.from_db(db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


class CompiledQuery:
    """``build(*args)`` compiled once per process and database; ``rows(*args)`` runs it.

    ``build`` takes the query's arguments (primary keys, codes) and returns a queryset of
    model rows, ``select_related`` included, or a ``values_list`` (rows are then tuples); it
    must pass each argument unchanged to a lookup (``-pk`` or ``pk + 1`` are found out when it
    is compiled, and the queryset then runs through the ORM). It is
    called with the two sets of stand-ins once, and with the real arguments only when the
    queryset cannot be compiled (see the module). ``suffix`` is appended to the SQL (a lock clause: ``FOR UPDATE
    OF "table"``), ``prefix`` is put before it in the same round trip (``SELECT
    set_config(...);``, whose own parameters ``rows`` takes as ``prefix_params``)."""

    def __init__(self, build: Callable[..., QuerySet], *, arity: int = 1):
        self.build = build
        self.arity = arity
        self._plans: dict[str, _Plan | None] = {}
        self._lock = threading.Lock()

    def plan(self, db: str = DEFAULT_DB_ALIAS) -> _Plan | None:
        try:
            return self._plans[db]
        except KeyError:
            pass
        with self._lock:
            if db not in self._plans:
                try:
                    self._plans[db] = _Plan(
                        self.build(*_STAND_INS[: self.arity]).using(db),
                        db,
                        self.arity,
                        check=self.build(*_OTHER_STAND_INS[: self.arity]).using(db),
                    )
                except ValueError:
                    self._plans[db] = None
            return self._plans[db]

    def sql(self, db: str = DEFAULT_DB_ALIAS) -> str | None:
        plan = self.plan(db)
        return plan.sql if plan is not None else None

    def rows(self, *args, db: str = DEFAULT_DB_ALIAS, suffix: str = "", prefix: str = "", prefix_params=()) -> list:
        plan = self.plan(db)
        if plan is None or (prefix and connections[db].settings_dict.get("OPTIONS", {}).get("server_side_binding")):
            return self._without_plan(args, db, suffix, prefix, prefix_params, plan)
        sql = f"{plan.sql} {suffix}" if suffix else plan.sql
        with connections[db].cursor() as cursor:
            if prefix:
                cursor.execute(f"{prefix} {sql}", [*prefix_params, *plan.bind(args)])
                cursor.nextset()
            else:
                cursor.execute(sql, plan.bind(args))
            rows = cursor.fetchall()
        return plan.results(rows, db)

    def _without_plan(self, args, db, suffix, prefix, prefix_params, plan) -> list:
        """The same statements in separate round trips (a queryset that could not be compiled,
        or server-side binding, which takes one statement per execute)."""
        with connections[db].cursor() as cursor:
            if prefix:
                cursor.execute(prefix.rstrip().rstrip(";"), list(prefix_params))
            if plan is None:
                plan, args = _Plan(self.build(*args).using(db), db, 0), ()
            cursor.execute(f"{plan.sql} {suffix}" if suffix else plan.sql, plan.bind(args))
            rows = cursor.fetchall()
        return plan.results(rows, db)
