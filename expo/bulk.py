"""Fast inserts of many plain rows, for demo data and large imports.

Django's bulk_create builds a model instance and prepares every value through its field,
which costs more than the database's own work at hundreds of thousands of rows. These rows
are already clean values in database form, so they go straight to the database: on PostgreSQL
as one ``COPY ... FROM STDIN`` (psycopg 3 sends the rows as a stream, with no statement per
row), elsewhere (SQLite) through ``executemany`` in batches.
"""

import time
from collections.abc import Iterable, Sequence

from django.db import connection, models

from expo import kept_pages

# Rows per executemany on the databases without COPY.
BATCH = 5000


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (tuples in the order of ``field_names``, foreign keys as ids) into
    ``model``'s table. Returns the number of rows. Runs in the caller's transaction: a row the
    table refuses (a unique or NOT NULL constraint) raises IntegrityError and, inside an
    ``atomic`` block, nothing of the call is kept."""
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    if connection.vendor == "postgresql":
        count = _copy(f"COPY {table} ({columns}) FROM STDIN", len(fields), rows)
        kept_pages.tables_written(meta.db_table)  # a COPY passes no execute wrapper
        return count
    return _executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", fields, rows)


def _copy(sql: str, width: int, rows: Iterable[Sequence]) -> int:
    """One COPY for all the rows. psycopg adapts the values by their Python type (aware
    datetimes, dates, decimals, None as NULL) and escapes tabs, newlines and backslashes."""
    count = 0
    started = time.monotonic()
    # A row the table refuses makes psycopg's error, which leaves the transaction aborted as a
    # failed INSERT would; Django's error wrapper turns it into django.db.IntegrityError.
    # An exception of the rows' own (raised while they are read) cancels the COPY.
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        write_row = copy.write_row
        for row in rows:
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} values for {width} columns: {row!r}")
            write_row(row)
            count += 1
    if connection.queries_logged:
        # Counted as the one statement it is, like the executemany below (assertNumQueries).
        connection.queries_log.append({"sql": f"{sql} -- {count} rows", "time": f"{time.monotonic() - started:.3f}"})
    return count


def _executemany(sql: str, fields: list, rows: Iterable[Sequence]) -> int:
    adapters = [_adapter(f) for f in fields]
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
