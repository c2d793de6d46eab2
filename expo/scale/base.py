"""What every generator of a scale edition shares: the factor, a random stream per app, fixed
moments (no clock reading, so that the same seed gives the same rows) and fast inserts."""

import datetime
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection, models

from expo.bulk import insert_rows

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Plan:
    """One scale edition to generate: its edition number, the factor over the 13th edition
    and the seed of its random streams."""

    number: int
    factor: float
    seed: int = 0

    def count(self, base: int, *, at_least: int = 0) -> int:
        """``base`` (a figure of the 13th edition) times the factor, rounded half up."""
        return max(at_least, int(base * self.factor + 0.5))

    def rng(self, name: str) -> random.Random:
        """An independent random stream per generator: adding rows to one app leaves the
        others' rows unchanged. String seeds are hashed with SHA-512: stable across runs."""
        return random.Random(f"scale:{self.seed}:{self.number}:{name}")


def moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def write_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence], *, stamp=None) -> int:
    """Insert ``rows`` in the caller's transaction: PostgreSQL's COPY, else ``insert_rows``.
    Values are in database form (foreign keys as ids), as for ``expo.bulk.insert_rows``.

    Columns left out get their field's default, or ``stamp`` for ``auto_now`` and
    ``auto_now_add`` fields, or NULL or "" when the field may be empty: a field another
    engineer adds with a default does not break the generator."""
    names, fillers = list(field_names), []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in names or field.attname in names:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            if stamp is None:
                raise ValueError(f"{model.__name__}.{field.name} needs a stamp")
            value = stamp
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.blank:
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{field.name} has no value")
        if value is not None and not isinstance(field, (models.DateField, models.DecimalField)):
            value = field.get_db_prep_save(value, connection)
        names.append(field.name)
        fillers.append(value)
    if fillers:
        extra = tuple(fillers)
        rows = (tuple(row) + extra for row in rows)
    if connection.vendor != "postgresql":
        return insert_rows(model, names, rows)
    meta = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count
