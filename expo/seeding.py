"""The registry of demo and scale data: each app of the product owns the generator of its data
(``<app>/demo.py``) and registers it at start-up (its ``AppConfig.ready``), so that
``manage.py seed_demo`` and ``manage.py seed_scale`` run every app's part in order without
the core importing any app.

One generator serves both: the demo edition is the 13th at factor 1 (with the demo's own
accounts and records around it), a scale edition is K times it. What the generators share is
here: the factor and a random stream per app (``Plan``), fixed moments (no clock reading, so
that the same seed gives the same rows) and fast inserts (``write_rows``).
"""

import datetime
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import connection, models

from expo.bulk import insert_rows

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Plan:
    """One edition to generate: its number, the factor over the 13th edition (1 for the demo)
    and the seed of its random streams."""

    number: int
    factor: float = 1.0
    seed: int = 0

    def count(self, base: int, *, at_least: int = 0) -> int:
        """``base`` (a figure of the 13th edition) times the factor, rounded half up."""
        return max(at_least, int(base * self.factor + 0.5))

    def rng(self, name: str) -> random.Random:
        """An independent random stream per generator: adding rows to one app leaves the
        others' rows unchanged. String seeds are hashed with SHA-512: stable across runs."""
        return random.Random(f"scale:{self.seed}:{self.number}:{name}")


# A natural-key description of an app's rows for ``expo.scale.edition_checksum``: the model,
# the path from it to the edition, the fields that make a row, and a stable order.
ChecksumSpec = tuple[type[models.Model], str, list[str], list[str]]


@dataclass(frozen=True)
class Seeder:
    """An app's part of the demo and of scale editions. Every callable is optional.

    - ``demo(password=, log=, light=)``: the past editions' records (12th and 13th);
    - ``current(edition=, today=, password=, log=, light=)``: what happens in the current edition today;
    - ``scale(plan, edition) -> {what: count}``: a scale edition's rows;
    - ``purge(edition)``: delete a scale edition's rows (dependents first);
    - ``has_data(edition) -> bool``: whether the edition has rows of the app;
    - ``checksum``: the app's rows for ``edition_checksum``.
    """

    name: str
    order: int
    demo: Callable[..., None] | None = None
    current: Callable[..., None] | None = None
    scale: Callable[[Plan, models.Model], dict[str, int]] | None = None
    purge: Callable[[models.Model], None] | None = None
    has_data: Callable[[models.Model], bool] | None = None
    checksum: tuple[ChecksumSpec, ...] = field(default=())


_SEEDERS: dict[str, Seeder] = {}


def register_seeder(seeder: Seeder) -> None:
    """Register (or replace, by name) an app's part of the demo and scale data."""
    _SEEDERS[seeder.name] = seeder


def seeders() -> list[Seeder]:
    """The registered seeders in their order (the order they run in)."""
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.name))


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def apportion(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` (largest remainders): the parts add up."""
    scale = sum(weights)
    exact = [total * w / scale for w in weights]
    parts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))[: total - sum(parts)]:
        parts[i] += 1
    return parts


def raw_delete(queryset) -> int:
    """A straight DELETE statement for a scale edition's purge: the collector of
    ``QuerySet.delete()`` would load millions of rows to cascade. Dependents go first;
    foreign keys are checked at commit."""
    return queryset._raw_delete(queryset.db)


def write_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence], *, stamp=None) -> int:
    """Insert ``rows`` in the caller's transaction with ``expo.bulk.insert_rows`` (COPY on
    PostgreSQL). Values are in database form (foreign keys as ids).

    Columns left out get their field's default, or ``stamp`` for ``auto_now`` and
    ``auto_now_add`` fields, or NULL or "" when the field may be empty: a field another
    engineer adds with a default does not break the generator."""
    names, fillers = list(field_names), []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in names or f.attname in names:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            if stamp is None:
                raise ValueError(f"{model.__name__}.{f.name} needs a stamp")
            value = stamp
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.blank:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} has no value")
        if value is not None and not isinstance(f, (models.DateField, models.DecimalField)):
            value = f.get_db_prep_save(value, connection)
        names.append(f.name)
        fillers.append(value)
    if fillers:
        extra = tuple(fillers)
        rows = (tuple(row) + extra for row in rows)
    return insert_rows(model, names, rows)
