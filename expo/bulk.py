"""Fast inserts of many plain rows, for demo data and large imports.

Django's bulk_create builds a model instance and prepares every value through its field,
which costs more than the database's own work at hundreds of thousands of rows. These rows
are already clean values in database form, so they go straight to ``executemany``.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH = 5000


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples in the order of ``field_names``, foreign keys as ids) into
    ``model``'s table. Returns the number of rows. Runs in the caller's transaction."""
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    columns = [f.column for f in fields]
    adapters = [_adapter(f) for f in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    count, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(tuple(adapt(value) for adapt, value in zip(adapters, row, strict=True)))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _adapter(field):
    """Dates, times and decimals as the backend stores them (SQLite keeps UTC text)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return _same


def _same(value):
    return value
