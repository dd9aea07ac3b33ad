"""Reading the file BPJS Ketenagakerjaan sends back for a remittance: one row
per worker-month it billed, with whether it confirmed the money.

The file goes through the import engine's reader and header matching (any
xlsx, xls, ods or csv; the Indonesian headers BPJS and offices use), and is
checked as one polars frame. Unlike a registry import, a statement is all or
nothing: a half-read statement would show every missing row as a difference,
so one bad row refuses the file, with every bad row's reason.
"""

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.core.parsing import identity_digits_cell, kpj_cell, rupiah_cell, word_cell
from peduli.imports.engine import control_characters_refused, control_refusals_merged, fields_frame, header_mapping
from peduli.imports.reading import ROW_COLUMN, read_table
from peduli.imports.spec import ERROR_COLUMN, Column, ImportSpec

ERRORS_IN_MESSAGE = 10
NIK_DIGITS = 16
KPJ_MAX_LENGTH = 20
YES_WORDS = ("ya", "y", "sudah", "lunas", "terkonfirmasi", "dikonfirmasi", "konfirmasi", "diterima", "ok", "1", "true")
NO_WORDS = ("tidak", "t", "belum", "ditolak", "gagal", "tidakterkonfirmasi", "belumdikonfirmasi", "pending", "0")
MONTH_WORDS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5, "jun": 6, "juni": 6,
    "june": 6, "jul": 7, "juli": 7, "july": 7, "agu": 8, "agt": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nopember": 11, "november": 11, "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip
LABELS = {
    "nik": "NIK", "kpj": "Nomor KPJ", "month": "Bulan", "billed": "Iuran Ditagih (Rp)", "status": "Status",
    "confirmed_amount": "Iuran Dikonfirmasi (Rp)",
}  # fmt: skip
STATEMENT_COLUMNS = (
    Column("nik", (LABELS["nik"], "No KTP", "Nomor Induk Kependudukan", "NIK Peserta"), identity=True,
           example="3324011203850001"),
    Column("kpj", (LABELS["kpj"], "KPJ", "No KPJ", "Nomor Peserta", "No Peserta"), identity=True,
           example="25012345678"),
    Column("month", (LABELS["month"], "Periode", "Bulan Iuran", "Periode Iuran", "Masa Iuran"), example="2025-06"),
    Column("billed", (LABELS["billed"], "Tagihan", "Iuran", "Jumlah Tagihan", "Nominal Tagihan", "Iuran (Rp)"),
           required=True, example="16.800"),
    Column("status", (LABELS["status"], "Status Konfirmasi", "Konfirmasi", "Status Bayar"), example="Terkonfirmasi"),
    Column("confirmed_amount", (LABELS["confirmed_amount"], "Dikonfirmasi", "Jumlah Dikonfirmasi", "Terkonfirmasi",
                                "Iuran Diterima"), example="16.800"),
)  # fmt: skip
LINE_SCHEMA = {
    ROW_COLUMN: pl.Int64, "nik": pl.String, "kpj": pl.String, "month": pl.Date, "billed_amount": pl.Int64,
    "confirmed": pl.Boolean, "confirmed_amount": pl.Int64,
}  # fmt: skip


NIK_AS_NUMBER = gettext_noop(
    "NIK terbaca sebagai angka, sehingga digit terakhirnya bisa hilang. "
    "Format kolom NIK sebagai Teks di Excel lalu ketik ulang."
)


class StatementRejected(ApplicationError):
    """The file has rows that cannot be read; `rows` is (row number, reason) for each."""

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        shown = "; ".join(
            _("baris %(row)s: %(reason)s") % {"row": row, "reason": reason} for row, reason in rows[:ERRORS_IN_MESSAGE]
        )
        more = len(rows) - ERRORS_IN_MESSAGE
        message = _("Berkas BPJS ditolak, %(n)s baris bermasalah — %(rows)s") % {"n": len(rows), "rows": shown}
        if more > 0:
            message += " " + _("(dan %(n)s baris lainnya)") % {"n": more}
        super().__init__(message, field="file", code="rows_invalid")
        self.rows = rows


@dataclass(frozen=True)
class StatementFile:
    """The valid lines of a statement file (columns of LINE_SCHEMA) and their fingerprint."""

    lines: pl.DataFrame

    @property
    def fingerprint(self) -> str:
        """The same lines in any order (or file format) give the same fingerprint."""
        ordered = self.lines.drop(ROW_COLUMN).sort(["nik", "kpj", "month"], nulls_last=True)
        return hashlib.sha256(ordered.write_csv(include_header=False).encode()).hexdigest()

    @property
    def billed_amount(self) -> int:
        return int(self.lines.get_column("billed_amount").sum() or 0)

    @property
    def confirmed_amount(self) -> int:
        return int(self.lines.get_column("confirmed_amount").sum() or 0)


class _StatementColumns:
    """What the engine's header matching reads of a spec: only the columns.
    (A statement is not a registry import; it has no staging or merge of its own.)"""

    columns = STATEMENT_COLUMNS


def _month(raw: pl.Expr, default: YearMonth) -> pl.Expr:
    """The first day of a month written 2025-06, 2025-06-01, 06/2025, 01/06/2025, 202506 or Juni 2025."""
    text = raw.str.strip_chars().str.to_lowercase()
    parts = [
        (r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$", 1, 2),
        (r"^(\d{1,2})[/\-.](\d{4})$", 2, 1),
        (r"^\d{1,2}[/\-.](\d{1,2})[/\-.](\d{4})$", 2, 1),
        (r"^(\d{4})(\d{2})$", 1, 2),
    ]
    year = pl.coalesce([text.str.extract(pattern, y) for pattern, y, _m in parts]).cast(pl.Int32, strict=False)
    month = pl.coalesce([text.str.extract(pattern, m) for pattern, _y, m in parts]).cast(pl.Int32, strict=False)
    word = text.str.extract(r"^([a-z]+)\.?\s+\d{4}$", 1)
    named = word.replace_strict(MONTH_WORDS, default=None, return_dtype=pl.Int32)
    month = pl.coalesce([month, named])
    year = pl.coalesce([year, text.str.extract(r"^[a-z]+\.?\s+(\d{4})$", 1).cast(pl.Int32, strict=False)])
    valid = month.is_between(1, 12) & year.is_between(1900, 2999)
    parsed = pl.when(valid).then(pl.date(year, month, 1))
    return pl.when(raw.is_null()).then(pl.lit(default.first_day)).otherwise(parsed)


def _status(raw: pl.Expr) -> pl.Expr:
    word = word_cell(raw)
    return pl.when(word.is_in(YES_WORDS)).then(True).when(word.is_in(NO_WORDS)).then(False)


def _check(frame: pl.DataFrame, default_month: YearMonth) -> pl.DataFrame:
    """The lines with `_error` (null when the row is good)."""
    frame = frame.with_columns(
        nik=identity_digits_cell("nik"),
        kpj=kpj_cell("kpj"),
        month=_month(pl.col("month"), default_month),
        billed_amount=rupiah_cell("billed"),
        confirmed_word=_status(pl.col("status")),
        confirmed_given=rupiah_cell("confirmed_amount"),
    )
    frame = frame.with_columns(
        confirmed=pl.coalesce("confirmed_word", pl.col("confirmed_given") > 0, pl.lit(False)),
    ).with_columns(
        confirmed_amount=pl.coalesce(
            "confirmed_given", pl.when(pl.col("confirmed")).then("billed_amount").otherwise(pl.lit(0))
        ),
    )
    problems = [
        pl.when(pl.col("nik").is_null() & pl.col("kpj").is_null()).then(pl.lit(_("Isi NIK atau nomor KPJ."))),
        pl.when(pl.col("nik_is_number")).then(pl.lit(_(NIK_AS_NUMBER))),
        pl.when(~pl.col("nik_is_number") & pl.col("nik").is_not_null() & ~pl.col("nik").str.contains(r"^\d{16}$")).then(
            pl.format(_('NIK "{}" harus 16 angka.'), pl.col("nik"))
        ),
        pl.when(pl.col("kpj").str.len_chars() > KPJ_MAX_LENGTH).then(
            pl.format(_('Nomor KPJ "{}" terlalu panjang.'), pl.col("kpj"))
        ),
        pl.when(pl.col("month").is_null()).then(
            pl.format(_('Bulan "{}" tidak dikenal; tulis TTTT-BB, misalnya 2025-06.'), pl.col("month_input"))
        ),
        pl.when(pl.col("billed").is_null()).then(pl.lit(_("Iuran ditagih (Rp) wajib diisi."))),
        pl.when(pl.col("billed").is_not_null() & pl.col("billed_amount").is_null()).then(
            pl.format(_('Iuran ditagih "{}" bukan rupiah utuh; tulis angka, misalnya 16800.'), pl.col("billed"))
        ),
        pl.when(pl.col("confirmed_amount_input").is_not_null() & pl.col("confirmed_given").is_null()).then(
            pl.format(_('Iuran dikonfirmasi "{}" bukan rupiah utuh.'), pl.col("confirmed_amount_input"))
        ),
        pl.when(pl.col("status").is_not_null() & pl.col("confirmed_word").is_null()).then(
            pl.format(_('Status "{}" tidak dikenal; tulis Terkonfirmasi atau Belum.'), pl.col("status"))
        ),
        pl.when(~pl.col("confirmed_word") & (pl.col("confirmed_given") > 0)).then(
            pl.lit(_("Status belum dikonfirmasi tetapi iuran dikonfirmasi diisi."))
        ),
    ]
    return frame.with_columns(pl.concat_str(problems, separator=" ", ignore_nulls=True).alias(ERROR_COLUMN))


def _repeated(frame: pl.DataFrame) -> pl.DataFrame:
    """A worker-month (by NIK, else KPJ) twice in the file is refused at its second row."""
    key = pl.coalesce("nik", "kpj")
    first = pl.col(ROW_COLUMN).min().over(key, "month")
    repeated = (pl.col(ERROR_COLUMN) == "") & key.is_not_null() & (first < pl.col(ROW_COLUMN))
    message = pl.format(_("Pekerja dan bulan ini sudah ada di baris {}."), first)
    return frame.with_columns(pl.when(repeated).then(message).otherwise(pl.col(ERROR_COLUMN)).alias(ERROR_COLUMN))


def statement_read(*, file_name: str, content: bytes, month: YearMonth) -> StatementFile:
    """Read a statement file; a row without a month is of `month` (the
    remittance's). Raises ApplicationError for an unusable file and
    StatementRejected listing every bad row."""
    suffix = Path(file_name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(content)
        handle.flush()
        with read_table(Path(handle.name)) as table:
            # Header matching needs only `columns` of a spec.
            spec = cast(ImportSpec, _StatementColumns())
            mapping = header_mapping(spec, table.headers)
            if "nik" not in mapping and "kpj" not in mapping:
                raise ApplicationError(_("Berkas harus memuat kolom NIK atau Nomor KPJ."), field="file")
            read = [
                control_characters_refused(spec, fields_frame(spec, chunk, mapping), mapping, table.headers)
                for chunk in table.chunks
            ]
    if not read:
        raise ApplicationError(_("Berkas kosong: tidak ada baris data."), field="file")
    frame = pl.concat([fields for fields, _refusals in read]).with_columns(
        month_input=pl.col("month"), confirmed_amount_input=pl.col("confirmed_amount")
    )
    refusals = [found for _fields, found in read if found is not None]
    checked = _repeated(control_refusals_merged(_check(frame, month), pl.concat(refusals) if refusals else None))
    bad = checked.filter(pl.col(ERROR_COLUMN) != "").sort(ROW_COLUMN)
    if bad.height:
        raise StatementRejected(list(bad.select(ROW_COLUMN, ERROR_COLUMN).iter_rows()))
    lines = checked.select(list(LINE_SCHEMA)).cast(LINE_SCHEMA)  # type: ignore[arg-type]
    return StatementFile(lines=lines)
