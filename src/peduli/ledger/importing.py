"""Payments from a file: an agency treasurer's payroll deduction list, a bank
statement export, a CSR lump sum for many workers.

Each row is money received from one sponsor (by its code; a civil servant's
code is the NIP). The reference is unique per source, so a file imported
twice pays nothing twice: rows already in the ledger count as unchanged. The
merge inserts the payments, adds them to the sponsors' credit and allocates
the credit to the sponsors' open dues oldest first, all set-based.
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.core.parsing import (
    date_cell,
    identity_digits_cell,
    rupiah_cell,
    sponsor_code_cell,
    text_cell,
    word_cell,
)
from peduli.imports.checks import problems_combined
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts
from peduli.imports.staging import table_analyze
from peduli.ledger.coverage import coverage_sync_for_sponsors
from peduli.ledger.models import Payment
from peduli.ledger.services import payments_bulk_apply, sponsors_lock
from peduli.regions.scoping import instance_root_code, region_sql, user_region_code

DEFAULT_SOURCE = "impor"
KEY = "payment_key"
METHOD_WORDS = {
    "transfer": Payment.Method.TRANSFER, "transferbank": Payment.Method.TRANSFER, "trf": Payment.Method.TRANSFER,
    "tunai": Payment.Method.CASH, "cash": Payment.Method.CASH,
    "potonggaji": Payment.Method.PAYROLL, "potongangaji": Payment.Method.PAYROLL, "payroll": Payment.Method.PAYROLL,
    "rekeningkoran": Payment.Method.BANK_STATEMENT, "rekkoran": Payment.Method.BANK_STATEMENT,
    "csr": Payment.Method.CSR_LUMP_SUM, "danacsr": Payment.Method.CSR_LUMP_SUM,
    "danacsrsekaligus": Payment.Method.CSR_LUMP_SUM,
}  # fmt: skip
LENGTHS = {"source": 64, "reference": 64, "note": 255}


@dataclass
class PaymentImportContext:
    today: date  # one "today" for the whole file, however long it takes
    region: str  # the importer's: only its sponsors (and civil servants) can be paid for


def _json_parameter(values: list[Any]) -> Any:
    return values if connection.vendor == "postgresql" else json.dumps(values)


def _sponsors(codes: list[str], region: str) -> pl.DataFrame:
    """sponsor_code → sponsor_id of the known codes of `region`'s sponsors,
    and the name of each NIP of its roster that is not a sponsor: another
    regency's sponsor is as unknown as a mistyped code."""
    each = "= ANY(%s)" if connection.vendor == "postgresql" else "IN (SELECT value FROM json_each(%s))"
    sponsor_region, sponsor_params = region_sql("regency_id", region)
    roster_region, roster_params = region_sql("cs.regency_id", region)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT code, id, NULL FROM sponsorships_sponsor WHERE code {each} AND {sponsor_region}
                UNION ALL
                SELECT nip, NULL, name FROM agencies_civilservant cs WHERE nip {each} AND {roster_region}
                    AND NOT EXISTS (SELECT 1 FROM sponsorships_sponsor s WHERE s.code = cs.nip)""",
            [_json_parameter(codes), *sponsor_params, _json_parameter(codes), *roster_params],
        )
        found = cursor.fetchall()
    return pl.DataFrame(
        found, schema={"sponsor_code": pl.String, "sponsor_id": pl.Int64, "_roster_name": pl.String}, orient="row"
    )


def _recorded(pairs: pl.DataFrame) -> pl.DataFrame:
    """The (source, reference) pairs of `pairs` already in the ledger."""
    sources, references = pairs.get_column("source").to_list(), pairs.get_column("reference").to_list()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT source, reference FROM ledger_payment "
                "WHERE (source, reference) IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
                [sources, references],
            )
        else:
            cursor.execute(
                "SELECT source, reference FROM ledger_payment WHERE (source, reference) IN "
                "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s))",
                [json.dumps(list(zip(sources, references, strict=True)))],
            )
        found = cursor.fetchall()
    return pl.DataFrame(found, schema={"source": pl.String, "reference": pl.String}, orient="row").with_columns(
        pl.lit(True).alias(EXISTS_COLUMN)
    )


class PaymentImport:
    """The ImportSpec of payments received in bulk."""

    kind = "payments"
    label = gettext_lazy("Pembayaran iuran")
    key = KEY
    preview_fields = ("reference", "sponsor", "amount", "received_on", "method")
    correctable = False

    @property
    def columns(self) -> tuple[Column, ...]:
        # The reference first: the engine names the first column when a key
        # repeats within the file, and the key here is the reference (per source).
        return PAYMENT_COLUMNS

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return (*PAYMENT_COLUMNS[1:4], PAYMENT_COLUMNS[0], *PAYMENT_COLUMNS[4:])

    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("sponsor_id", "bigint"),
        StagingColumn("amount", "bigint"),
        StagingColumn("received_on", "date"),
        StagingColumn("method", "text"),
        StagingColumn("source", "text"),
        StagingColumn("reference", "text"),
        StagingColumn("note", "text"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor_may(actor, Capability.KEEP_LEDGER)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> PaymentImportContext:
        region = user_region_code(actor) if actor is not None else instance_root_code()
        return PaymentImportContext(today=timezone.localdate(), region=region)

    def validate(self, frame: pl.DataFrame, context: PaymentImportContext) -> pl.DataFrame:
        frame = frame.with_columns(
            sponsor_code=sponsor_code_cell("sponsor"),
            amount=rupiah_cell("amount"),
            received_on=date_cell("received_on", pl.col("received_on_is_number")),
            method=pl.when(pl.col("method").is_null())
            .then(pl.lit(Payment.Method.TRANSFER.value))
            .otherwise(word_cell("method").replace_strict(METHOD_WORDS, default=None, return_dtype=pl.String)),
            source=pl.coalesce(text_cell("source"), pl.lit(DEFAULT_SOURCE)),
            reference=text_cell("reference"),
            note=pl.coalesce(text_cell("note"), pl.lit("")),
            amount_input=text_cell("amount"),
            date_input=text_cell("received_on"),
            _method_text=pl.col("method"),
        )
        frame = frame.with_columns(pl.concat_str("source", "reference", separator="\x1f").alias(KEY))
        codes = frame.get_column("sponsor_code").drop_nulls().unique().to_list()
        frame = frame.join(_sponsors(codes, context.region), on="sponsor_code", how="left")
        problems = [
            *self._sponsor_problems(),
            pl.when(pl.col("amount_input").is_null()).then(pl.lit(_("Jumlah (Rp) wajib diisi."))),
            pl.when(pl.col("amount_input").is_not_null() & pl.col("amount").is_null()).then(
                pl.format(
                    _('Jumlah "{}" bukan rupiah utuh; tulis angka, misalnya 16800 atau 16.800.'), pl.col("amount_input")
                )
            ),
            pl.when(pl.col("amount") <= 0).then(pl.lit(_("Jumlah pembayaran harus lebih dari nol."))),
            pl.when(pl.col("date_input").is_null()).then(pl.lit(_("Tanggal wajib diisi."))),
            pl.when(pl.col("date_input").is_not_null() & pl.col("received_on").is_null()).then(
                pl.format(_('Tanggal "{}" bukan tanggal; tulis dd/mm/yyyy, misalnya 25/06/2025.'), pl.col("date_input"))
            ),
            pl.when(pl.col("received_on") > context.today).then(
                pl.lit(_("Tanggal diterima tidak boleh di masa depan."))
            ),
            pl.when(pl.col("method").is_null()).then(
                pl.format(
                    _('Cara bayar "{}" tidak dikenal; tulis transfer, tunai, potong gaji, rekening koran atau csr.'),
                    pl.col("_method_text"),
                )
            ),
            pl.when(pl.col("reference").is_null()).then(
                pl.lit(_("Nomor bukti wajib diisi (nomor transfer, kuitansi atau daftar potongan)."))
            ),
            *[
                pl.when(pl.col(name).str.len_chars() > limit).then(
                    pl.lit(
                        _("%(label)s terlalu panjang (lebih dari %(limit)d huruf).")
                        % {"label": LABELS[name], "limit": limit}
                    )
                )
                for name, limit in LENGTHS.items()
            ],
        ]
        frame = problems_combined(frame, problems)
        valid = frame.filter(pl.col(ERROR_COLUMN).is_null()).select("source", "reference").unique()
        frame = frame.join(_recorded(valid), on=["source", "reference"], how="left")
        return frame.with_columns(pl.col(EXISTS_COLUMN).fill_null(False), sponsor=pl.col("sponsor_code"))

    @staticmethod
    def _sponsor_problems() -> list[pl.Expr]:
        raw = text_cell("sponsor")
        digits = identity_digits_cell(raw)
        as_number = pl.col("sponsor_is_number") & (raw.str.contains(r"(?i)e\+") | (digits.str.len_chars() >= 15))
        label = LABELS["sponsor"]
        return [
            pl.when(raw.is_null()).then(pl.lit(_("%(label)s wajib diisi.") % {"label": label})),
            pl.when(as_number).then(
                pl.format(
                    _(
                        "%(label)s terbaca sebagai angka ({}), sehingga digit terakhirnya hilang. "
                        "Format kolom %(label)s sebagai Teks di Excel lalu ketik ulang."
                    )
                    % {"label": label},
                    raw,
                )
            ),
            pl.when(~as_number & pl.col("sponsor_id").is_null() & pl.col("_roster_name").is_not_null()).then(
                pl.format(
                    _("NIP {} ({}) ada di data ASN tetapi belum menjadi donatur; catat dulu pekerja yang dibiayainya."),
                    pl.col("sponsor_code"),
                    pl.col("_roster_name"),
                )
            ),
            pl.when(
                ~as_number & raw.is_not_null() & pl.col("sponsor_id").is_null() & pl.col("_roster_name").is_null()
            ).then(pl.format(_('Donatur dengan kode "{}" tidak terdaftar.'), raw)),
        ]

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: PaymentImportContext
    ) -> WriteCounts:
        # Lock the sponsors first, in id order, before anything touches their
        # rows (the payments' foreign keys included): no deadlock with a clerk
        # recording a payment for one of them.
        sponsors_lock(f"SELECT sponsor_id FROM {table}")
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        total = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO ledger_payment (sponsor_id, regency_id, amount, received_on, method, source, reference, "
            "note, import_batch_id, recorded_by_id, recorded_at) "
            "SELECT s.sponsor_id, sp.regency_id, s.amount, s.received_on, s.method, s.source, s.reference, "
            f"COALESCE(s.note, ''), %s, %s, %s FROM {table} s JOIN sponsorships_sponsor sp ON sp.id = s.sponsor_id "
            f"WHERE TRUE ORDER BY s.{ROW_COLUMN} ON CONFLICT DO NOTHING",
            [batch.pk, actor.pk if actor else None, timezone.now()],
        )
        created = max(cursor.rowcount, 0)
        if created:
            # The allocation plans its join by these statistics: a ledger that
            # had few payments before this file would be planned as tiny
            # (nested loops, quadratic on a 100,000-row file).
            table_analyze(cursor, "ledger_payment")
        payments_bulk_apply(where="import_batch_id = %s", params=[batch.pk])
        coverage_sync_for_sponsors("SELECT sponsor_id FROM ledger_payment WHERE import_batch_id = %s", (batch.pk,))
        return WriteCounts(created=created, unchanged=total - created)


LABELS = {
    "reference": "Nomor Bukti", "sponsor": "Kode Donatur / NIP", "amount": "Jumlah (Rp)", "received_on": "Tanggal",
    "source": "Sumber", "method": "Cara Bayar", "note": "Catatan",
}  # fmt: skip
PAYMENT_COLUMNS = (
    Column(
        "reference",
        (
            LABELS["reference"],
            "No Bukti",
            "Nomor Referensi",
            "No Referensi",
            "No Transaksi",
            "Nomor Kuitansi",
            "Referensi",
        ),
        required=True,
        example="BKU-2025-06-001",
    ),
    Column(
        "sponsor",
        (LABELS["sponsor"], "Kode Donatur", "NIP", "Kode", "NIP/Kode Donatur"),
        required=True,
        identity=True,
        example="198503172010031004",
    ),
    Column(
        "amount",
        (LABELS["amount"], "Jumlah", "Nominal", "Jumlah Rp", "Besaran", "Potongan", "Kredit"),
        required=True,
        example="16.800",
    ),
    Column(
        "received_on",
        (LABELS["received_on"], "Tanggal Bayar", "Tgl", "Tanggal Transaksi", "Tanggal Terima"),
        required=True,
        identity=True,
        example="25/06/2025",
    ),
    Column("source", (LABELS["source"], "Bank", "Bendahara", "Sumber Dana"), example="Bendahara DINKES"),
    Column("method", (LABELS["method"], "Metode", "Metode Bayar", "Cara Pembayaran"), example="potong gaji"),
    Column("note", (LABELS["note"], "Keterangan", "Uraian", "Berita"), example="Potongan gaji Juni 2025"),
)
PAYMENT_IMPORT = PaymentImport()
