"""The temporary table valid rows wait in before the spec merges them.

PostgreSQL receives them by COPY, SQLite by batched multi-row inserts: the
fastest set-based path each database has.
"""

import io
from collections.abc import Sequence

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper

from peduli.imports.spec import StagingColumn

SQLITE_MAX_VARIABLES = 32_000
SQL_TYPES = {
    "postgresql": {"text": "text", "date": "date", "integer": "integer", "bigint": "bigint", "boolean": "boolean"},
    "sqlite": {"text": "text", "date": "date", "integer": "integer", "bigint": "integer", "boolean": "integer"},
}


def staging_create(cursor: CursorWrapper, table: str, columns: Sequence[StagingColumn]) -> None:
    types = SQL_TYPES[connection.vendor]
    body = ", ".join(f"{column.name} {types[column.sql_type]}" for column in columns)
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TEMPORARY TABLE {table} ({body})")


def table_analyze(cursor: CursorWrapper, table: str) -> None:
    """Refresh PostgreSQL's statistics of a table a bulk step just filled, so
    the next join is planned for its real size (within the transaction; SQLite
    plans by its indexes and needs nothing)."""
    if connection.vendor == "postgresql":
        cursor.execute(f"ANALYZE {table}")


def staging_drop(cursor: CursorWrapper, table: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {table}")


def staging_append(cursor: CursorWrapper, table: str, columns: Sequence[StagingColumn], frame: pl.DataFrame) -> None:
    """Append the rows of `frame` (which has every staging column)."""
    if frame.height == 0:
        return
    names = [column.name for column in columns]
    frame = frame.select(names)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False, null_value="", quote_style="necessary")
        with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)") as copy:  # type: ignore[attr-defined]
            copy.write(buffer.getvalue())
        return
    frame = frame.with_columns(
        [pl.col(c.name).dt.to_string("%Y-%m-%d") for c in columns if c.sql_type == "date"]
        + [pl.col(c.name).cast(pl.Int8) for c in columns if c.sql_type == "boolean"]
    )
    per_statement = max(1, SQLITE_MAX_VARIABLES // len(names))
    row_marks = "(" + ", ".join(["%s"] * len(names)) + ")"
    head = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
    for part in frame.iter_slices(per_statement):
        values = [value for row in part.iter_rows() for value in row]
        cursor.execute(head + ", ".join([row_marks] * part.height), values)
