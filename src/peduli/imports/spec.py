"""What a kind of import (workers, civil servants, …) tells the engine.

A spec names its columns with the Indonesian headers offices use, checks a
chunk of rows as one polars frame, and writes the staged valid rows to its
tables in set-based SQL. The engine does everything else the same way for
every kind: reading, mapping, dry run, rejected rows, progress, atomicity.
"""

from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl
from django.db.backends.utils import CursorWrapper
from django_stubs_ext import StrOrPromise

ERROR_COLUMN = "_error"
EXISTS_COLUMN = "_exists"


def header_key(text: str) -> str:
    """Compare headers loosely: case, spaces and punctuation do not matter."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


@dataclass(frozen=True)
class Column:
    """One field of an import: its template header first, then the other
    names files use for it. `identity` says it holds an identity number
    (NIK, NIP, KPJ) whose spec refuses a number cell: Excel keeps 15 digits."""

    field: str
    headers: tuple[str, ...]
    required: bool = False
    identity: bool = False
    example: str = ""

    @property
    def label(self) -> str:
        return self.headers[0]

    def matches(self, header: str) -> bool:
        return header_key(header) in {header_key(name) for name in self.headers}


@dataclass(frozen=True)
class StagingColumn:
    """A column of the temporary table valid rows are staged in."""

    name: str
    sql_type: str  # "text", "date", "integer", "boolean", "bigint"


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0


class ImportSpec(Protocol):
    kind: str
    label: StrOrPromise
    columns: tuple[Column, ...]
    key: str
    staging: tuple[StagingColumn, ...]
    preview_fields: tuple[str, ...]
    template_columns: tuple[Column, ...]

    def may_import(self, actor: Any) -> bool:
        """Whether the actor may import this kind at all (rows are scoped in validate)."""

    def prepare(self, *, actor: Any) -> Any:
        """Load what checking needs (lookups, the actor's scope) once per file."""

    def validate(self, frame: pl.DataFrame, context: Any) -> pl.DataFrame:
        """Check a chunk whose columns are the fields (text, null when empty).

        Return the staging columns, `_row`, `_error` (why the row is refused,
        null when valid) and `_exists` (the key is already registered).
        """

    def write(self, *, cursor: CursorWrapper, table: str, batch: Any, actor: Any, context: Any) -> WriteCounts:
        """Merge the staged rows into the kind's tables; count what happened."""
