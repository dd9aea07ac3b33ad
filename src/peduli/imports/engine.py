"""The import engine every bulk file in Peduli goes through.

    read (chunks) → map headers → control characters refused → spec.validate
    (vectorised) → rejected rows kept → valid rows staged (COPY / multi-row
    INSERT) → spec.write (set-based merge)

The whole run is one transaction: a batch is DONE with all its rows written,
or — killed, crashed, failed — nothing of it is in the registry and it can be
run again from its stored file. A dry run goes through the very same steps
and its merge runs inside a savepoint that is rolled back, so its preview
counts are exactly what the real run would do; only its rejected rows and
counts are kept.

Before the file is read, the run is counted (`ImportBatch.attempts`): a batch
that has used PEDULI_IMPORT_MAX_ATTEMPTS runs is failed instead of run, so a
file that kills its worker cannot do it again and again. While the run lasts,
a heartbeat says it is alive (`imports.progress`). The file is read by
`imports.reading` in a process of its own (ADR 0015). Of the rejected rows,
the first PEDULI_IMPORT_REJECTED_KEPT are stored; the rest are counted.

A cell holding a control character (NUL, BEL, ESC, DEL, a C1 character:
`core.control_characters`, the rule of every page's form and API body) gets
its row refused, naming the column, whatever the kind: the engine checks
every column a kind reads, so no kind can forget one (`chunk_checked`).
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.control_characters import (
    CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE,
    control_characters_dropped,
    control_characters_in,
    without_control_characters,
)
from peduli.core.errors import ApplicationError
from peduli.imports.models import ImportBatch, RejectedRow
from peduli.imports.progress import heartbeat, progress_set
from peduli.imports.reading import ROW_COLUMN, Table, read_table
from peduli.imports.signals import imported
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, ImportSpec, RowChange, WriteCounts
from peduli.imports.staging import staging_append, staging_create, staging_drop, table_analyze

ProgressCallback = Callable[[str, int, int], None]
PREVIEW_ROWS = 20
REJECTED_WRITE_BATCH = 5_000
CONTROL_COLUMN = "_control"


class _DryRunRollback(Exception):
    """Raised to roll a dry run's writes back after they were counted."""


def header_mapping(spec: ImportSpec, headers: list[str], chosen: dict[str, str] | None = None) -> dict[str, int]:
    """Field → column index: the user's choices first, then known header names.

    Raises ApplicationError naming the required columns still missing.
    """
    mapping: dict[str, int] = {}
    for column in spec.columns:
        wanted = (chosen or {}).get(column.field)
        if wanted and wanted in headers:
            mapping[column.field] = headers.index(wanted)
            continue
        for index, header in enumerate(headers):
            if index not in mapping.values() and column.matches(header):
                mapping[column.field] = index
                break
    missing = [column.label for column in spec.columns if column.required and column.field not in mapping]
    if missing:
        raise ApplicationError(
            _("Kolom wajib tidak ditemukan: %(columns)s. Pilih kolom yang sesuai atau unduh templat.")
            % {"columns": ", ".join(missing)},
            field="mapping",
            code="columns_missing",
        )
    return mapping


def fields_frame(spec: ImportSpec, chunk: pl.DataFrame, mapping: dict[str, int]) -> pl.DataFrame:
    """A chunk read from a file as the spec's fields: `<field>` (text or
    null) and `<field>_is_number` (the spreadsheet cell held a number: an
    identity number that lost digits, or a date shown as its serial)."""
    columns: list[pl.Expr] = [pl.col(ROW_COLUMN)]
    for column in spec.columns:
        index = mapping.get(column.field)
        value = pl.col(f"c{index}") if index is not None else pl.lit(None, dtype=pl.String)
        number = pl.col(f"n{index}") if index is not None else pl.lit(False)
        columns.extend([value.alias(column.field), number.alias(f"{column.field}_is_number")])
    return chunk.select(columns)


def control_characters_refused(
    spec: ImportSpec, frame: pl.DataFrame, mapping: dict[str, int], headers: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Find the rows of a fields frame whose cells hold a control character.

    Returns the frame with those characters dropped from its cells (so no
    check, lookup or message of the spec meets them: PostgreSQL cannot even
    hold NUL) and the refusals: `_row` and `_control`, the message naming
    each such column by the file's header; None when no cell has one, the
    usual file, which costs one scan of its columns and nothing else.
    """
    fields = [column for column in spec.columns if column.field in mapping]
    found = {column.field: control_characters_in(pl.col(column.field)) for column in fields}
    if not found or not frame.select(pl.any_horizontal(list(found.values())).any()).item():
        return frame, None
    names = {
        column.field: without_control_characters(headers[mapping[column.field]]).strip() or column.label
        for column in fields
    }
    listed = pl.concat_str(
        [pl.when(held).then(pl.lit(names[field])) for field, held in found.items()], separator=", ", ignore_nulls=True
    )
    message = str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "{}"}
    refusals = frame.filter(pl.any_horizontal(list(found.values()))).select(
        ROW_COLUMN, pl.format(message, listed).alias(CONTROL_COLUMN)
    )
    return frame.with_columns(control_characters_dropped(pl.col(field)) for field in found), refusals


def control_refusals_merged(checked: pl.DataFrame, refusals: pl.DataFrame | None) -> pl.DataFrame:
    """`checked` (a frame with `_row` and `_error`, null or "" when fine) with
    each refusal of `control_characters_refused` put before the row's other problems."""
    if refusals is None:
        return checked
    control, error = pl.col(CONTROL_COLUMN), pl.col(ERROR_COLUMN)
    merged = (
        pl.when(control.is_null())
        .then(error)
        .when(error.is_null() | (error == ""))
        .then(control)
        .otherwise(pl.concat_str([control, error], separator=" "))
    )
    joined = checked.join(refusals, on=ROW_COLUMN, how="left", maintain_order="left")
    return joined.with_columns(merged.alias(ERROR_COLUMN)).drop(CONTROL_COLUMN)


def chunk_checked(
    spec: ImportSpec, chunk: pl.DataFrame, mapping: dict[str, int], headers: list[str], context: Any
) -> pl.DataFrame:
    """A chunk read from a file, checked: the spec's `validate` of its fields,
    and a row whose cells hold a control character refused too."""
    frame, refusals = control_characters_refused(spec, fields_frame(spec, chunk, mapping), mapping, headers)
    return control_refusals_merged(spec.validate(frame, context), refusals)


class _Run:
    """One pass over a file, in the caller's transaction."""

    def __init__(self, *, spec: ImportSpec, batch: ImportBatch, table: Table, on_progress: ProgressCallback) -> None:
        self.spec, self.batch, self.table, self.on_progress = spec, batch, table, on_progress
        self.staging = f"peduli_stage_{spec.kind}"
        self.seen: pl.DataFrame = pl.DataFrame(schema={spec.key: pl.String, "_first": pl.Int64})
        self.rejected_count = 0
        self.rejected_kept = 0
        self.keep = int(settings.PEDULI_IMPORT_REJECTED_KEPT)
        self.preview: list[dict[str, Any]] = []

    def _reject(self, chunk: pl.DataFrame, refused: pl.DataFrame) -> None:
        """Count the refused rows of a chunk; store them while fewer than
        `keep` are stored (a file of a million bad rows stores a thousand)."""
        self.rejected_count += refused.height
        room = self.keep - self.rejected_kept
        if refused.height == 0 or room <= 0:
            return
        width = len(self.table.headers)
        kept = refused.select(ROW_COLUMN, ERROR_COLUMN).sort(ROW_COLUMN).head(room)
        originals = chunk.join(kept, on=ROW_COLUMN, how="inner").sort(ROW_COLUMN)
        # The cells as uploaded but for their control characters: PostgreSQL
        # cannot store NUL, and the rejected-rows file, once corrected, is
        # uploaded again without meeting the invisible ones.
        records = [
            RejectedRow(
                batch=self.batch,
                row_number=row[0],
                values=[without_control_characters(value) if value else value for value in row[1 : width + 1]],
                reason=row[-1],
            )
            for row in originals.select(ROW_COLUMN, *[f"c{i}" for i in range(width)], ERROR_COLUMN).iter_rows()
        ]
        RejectedRow.objects.bulk_create(records, batch_size=REJECTED_WRITE_BATCH)
        self.rejected_kept += len(records)

    def _repeated_keys(self, checked: pl.DataFrame) -> pl.DataFrame:
        """Refuse a key seen earlier in the file, naming the row it was first on."""
        key = self.spec.key
        valid = checked.filter(pl.col(ERROR_COLUMN).is_null())
        firsts = valid.group_by(key).agg(pl.col(ROW_COLUMN).min().alias("_first"))
        # Only this chunk's keys are looked up among those seen (the join hashes
        # them, not the million keys of the chunks before).
        earlier = self.seen.join(firsts.select(key), on=key, how="semi")
        new = firsts.join(earlier.select(key), on=key, how="anti")
        self.seen = pl.concat([self.seen, new])
        with_first = checked.join(pl.concat([earlier, new]), on=key, how="left")
        repeated = (
            pl.col(ERROR_COLUMN).is_null() & pl.col("_first").is_not_null() & (pl.col("_first") < pl.col(ROW_COLUMN))
        )
        message = pl.format(
            _("{} ini sudah muncul di baris {} berkas ini."), pl.lit(self.spec.columns[0].label), pl.col("_first")
        )
        return with_first.with_columns(
            pl.when(repeated).then(message).otherwise(pl.col(ERROR_COLUMN)).alias(ERROR_COLUMN)
        ).drop("_first")

    def _collect_preview(self, valid: pl.DataFrame) -> None:
        room = PREVIEW_ROWS - len(self.preview)
        if room <= 0:
            return
        for row in valid.head(room).iter_rows(named=True):
            self.preview.append(
                {"row": row[ROW_COLUMN], "action": "update" if row[EXISTS_COLUMN] else "create"}
                | {name: str(row[name]) if row[name] is not None else "" for name in self.spec.preview_fields}
            )

    def stage(self, cursor: Any, mapping: dict[str, int], context: Any) -> None:
        staging_create(cursor, self.staging, self.spec.staging)
        done = 0
        for chunk in self.table.chunks:
            checked = self._repeated_keys(chunk_checked(self.spec, chunk, mapping, self.table.headers, context))
            self._reject(chunk, checked.filter(pl.col(ERROR_COLUMN).is_not_null()))
            valid = checked.filter(pl.col(ERROR_COLUMN).is_null())
            self._collect_preview(valid)
            staging_append(cursor, self.staging, self.spec.staging, valid)
            done += chunk.height
            self.on_progress("check", done, self.table.total_rows)
        table_analyze(cursor, self.staging)


def _with_unchanged_marked(preview: list[dict[str, Any]], changes: list[RowChange] | None) -> list[dict[str, Any]]:
    """The preview's rows of records already there, marked "unchanged" where
    the write changed nothing of them. The changes are the first updated rows
    of the file and the preview its first valid rows, so every updated row of
    the preview is among them. A kind that lists no changes keeps "update"."""
    if changes is None:
        return preview
    changed = {change.row for change in changes}
    return [
        row | {"action": "unchanged"} if row["action"] == "update" and row["row"] not in changed else row
        for row in preview
    ]


def _fail(batch: ImportBatch, message: str, **fields: Any) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, error=message, finished_at=timezone.now(), **fields
    )
    batch.refresh_from_db()


def _start(batch: ImportBatch) -> None:
    """Mark the batch running and count the run, unless it has used up its
    runs: then it is failed (ApplicationError) and its file is not read."""
    limit = int(settings.PEDULI_IMPORT_MAX_ATTEMPTS)
    started = ImportBatch.objects.filter(pk=batch.pk, attempts__lt=limit).update(
        status=ImportBatch.Status.RUNNING, attempts=F("attempts") + 1, interrupted=False, error=""
    )
    if not started:
        message = _(
            "Impor ini sudah dicoba %(limit)s kali, batas percobaannya, dan tidak dijalankan lagi agar berkasnya "
            "tidak menghentikan proses latar lagi. Periksa berkasnya, lalu unggah berkas yang sudah diperbaiki atau "
            "buang impor ini."
        ) % {"limit": limit}
        _fail(batch, message)
        raise ApplicationError(message, field="file", code="attempts")


def import_run(
    *,
    spec: ImportSpec,
    batch: ImportBatch,
    path: Path,
    actor: Any,
    on_progress: ProgressCallback | None = None,
) -> ImportBatch:
    """Check (dry run) or import the file of `batch`; record the outcome on it.

    A file that cannot be used at all (unreadable, beyond a limit, its reader
    died, or the batch has used up its runs) raises ApplicationError and
    leaves the batch FAILED with the message. Anything else that goes wrong
    rolls the whole batch back and propagates.
    """

    def report(stage: str, done: int, total: int) -> None:
        progress_set(batch.pk, stage=stage, done=done, total=total)
        if on_progress is not None:
            on_progress(stage, done, total)

    _start(batch)
    with heartbeat(batch.pk):
        report("read", 0, 0)
        try:
            table = read_table(path)
        except ApplicationError as error:
            _fail(batch, error.message)
            raise
        with table:
            try:
                mapping = header_mapping(spec, table.headers, batch.mapping)
            except ApplicationError as error:
                # The headers let the page offer the choice of columns without reading the file again.
                _fail(batch, error.message, headers=table.headers)
                raise
            _run_in_transaction(spec=spec, batch=batch, table=table, mapping=mapping, actor=actor, report=report)
    report("done", 1, 1)
    batch.refresh_from_db()
    if not batch.dry_run and batch.status == ImportBatch.Status.DONE:
        imported.send(sender=batch.kind, batch=batch, actor=actor)
    return batch


def _run_in_transaction(
    *, spec: ImportSpec, batch: ImportBatch, table: Table, mapping: dict[str, int], actor: Any,
    report: ProgressCallback,
) -> None:  # fmt: skip
    report("check", 0, table.total_rows)
    run = _Run(spec=spec, batch=batch, table=table, on_progress=report)
    context = spec.prepare(actor=actor, options=batch.options)
    counts = WriteCounts()
    with transaction.atomic():
        RejectedRow.objects.filter(batch=batch).delete()
        with connection.cursor() as cursor:
            try:
                run.stage(cursor, mapping, context)
                report("write", 0, 1)
                with transaction.atomic():
                    counts = spec.write(cursor=cursor, table=run.staging, batch=batch, actor=actor, context=context)
                    if batch.dry_run:
                        raise _DryRunRollback
            except _DryRunRollback:
                pass
            finally:
                staging_drop(cursor, run.staging)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE,
            headers=table.headers,
            mapping={field: table.headers[index] for field, index in mapping.items()},
            total_rows=counts.created + counts.updated + counts.unchanged + run.rejected_count,
            created_count=counts.created,
            updated_count=counts.updated,
            unchanged_count=counts.unchanged,
            rejected_count=run.rejected_count,
            duplicate_count=counts.duplicates,
            preview=_with_unchanged_marked(run.preview, counts.changes),
            changes=[change.as_json() for change in counts.changes or []],
            error="",
            finished_at=timezone.now(),
        )
