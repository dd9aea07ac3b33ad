"""What a kind of import (workers, civil servants, …) tells the engine.

A spec names its columns with the Indonesian headers offices use, checks a
chunk of rows as one polars frame, and writes the staged valid rows to its
tables in set-based SQL. The engine does everything else the same way for
every kind: reading, mapping, dry run, rejected rows, progress, atomicity.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import polars as pl
from django.db.backends.utils import CursorWrapper
from django_stubs_ext import StrOrPromise

from peduli.core.xlsx import Sheet

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


@dataclass(frozen=True)
class ImportOptions:
    """What the uploader chose for a batch besides its file and its columns.

    `correction_reason` makes it a "koreksi data" batch (only for a kind that
    is `correctable`): it may rename people already verified, and every such
    change records this reason. `one_record_form` is a form's check of the one
    record its user sees and edits: a correction by definition, with no file
    rows to guard.
    """

    correction_reason: str = ""
    one_record_form: bool = False

    @property
    def is_correction(self) -> bool:
        return bool(self.correction_reason)

    @property
    def guards_identity(self) -> bool:
        """Whether rows that would give a registered person another's name are refused."""
        return not (self.is_correction or self.one_record_form)


@dataclass(frozen=True)
class FieldChange:
    column: str  # the template's header
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """What an import changes of one record it updates: its row in the file,
    key and name, and each changed field as shown on a page."""

    row: int
    key: str
    name: str
    fields: tuple[FieldChange, ...]

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "key": self.key, "name": self.name,
                "fields": [{"column": f.column, "old": f.old, "new": f.new} for f in self.fields]}  # fmt: skip


# Of the records a batch updates, the first this many (by row) are listed with
# their changes, in the preview and on the result.
CHANGES_LISTED = 100


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    # The first CHANGES_LISTED updated records with their changes; None for a
    # kind that does not list them.
    changes: list[RowChange] | None = None


class ImportSpec(Protocol):
    kind: str
    label: StrOrPromise
    columns: tuple[Column, ...]
    key: str
    staging: tuple[StagingColumn, ...]
    preview_fields: tuple[str, ...]
    template_columns: tuple[Column, ...]
    correctable: bool  # a batch may be a "koreksi data" batch (ImportOptions)

    def may_import(self, actor: Any) -> bool:
        """Whether the actor may import this kind at all (rows are scoped in validate)."""

    def prepare(self, *, actor: Any, options: ImportOptions) -> Any:
        """Load what checking needs (lookups, the actor's scope, the batch's options) once per file."""

    def validate(self, frame: pl.DataFrame, context: Any) -> pl.DataFrame:
        """Check a chunk whose columns are the fields (text, null when empty).

        Return the staging columns, `_row`, `_error` (why the row is refused,
        null when valid) and `_exists` (the key is already registered).
        """

    def write(self, *, cursor: CursorWrapper, table: str, batch: Any, actor: Any, context: Any) -> WriteCounts:
        """Merge the staged rows into the kind's tables; count what happened."""


@runtime_checkable
class WithReferenceSheets(Protocol):
    """A spec whose template carries, after its own sheet, the lists its
    columns take their values from (the instance's village codes, say)."""

    def reference_sheets(self, actor: Any) -> Sequence[Sheet]:
        """The lists as `actor` may use them."""
