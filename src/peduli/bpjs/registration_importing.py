"""BPJS's answer to a registration file, imported through the shared engine.

Each row is one NIK with either a KPJ number (registered, with the date the
membership starts) or a rejection and its reason. A row is matched by NIK to
the worker's entry that is waiting for an answer; the same answer imported
again finds the entry already answered alike and changes nothing.
"""

from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.bpjs.models import RegistrationEntry
from peduli.bpjs.registration import registration_answers_apply
from peduli.core.parsing import date_cell, identity_digits_cell, kpj_cell, text_cell, word_cell
from peduli.imports.checks import problems_combined
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts
from peduli.workers.models import Worker

Status = RegistrationEntry.Status
REGISTERED_WORDS = ["terdaftar", "diterima", "berhasil", "sukses", "aktif", "ok", "registered", "valid"]
REJECTED_WORDS = ["ditolak", "tolak", "gagal", "rejected", "tidakvalid", "invalid", "tidakterdaftar"]
MAX_REASON = 255
LOOKUP_SLICE = 10_000  # NIKs per lookup query (SQLite's limit on parameters)
OUTCOME_LABEL = {
    Status.REGISTERED.value: str(Status.REGISTERED.label),
    Status.REJECTED.value: str(Status.REJECTED.label),
}


@dataclass
class AnswerImportContext:
    actor: User | None


def _entries(niks: list[str]) -> pl.DataFrame:
    """Per NIK: the worker, their entry waiting for an answer, and their latest entry."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(niks), LOOKUP_SLICE):
        part = niks[start : start + LOOKUP_SLICE]
        workers = {nik: pk for pk, nik in Worker.objects.filter(nik__in=part).values_list("pk", "nik")}
        found: dict[str, dict[str, Any]] = {
            nik: {"nik": nik, "worker_id": pk, "open_id": None, "last_id": None} for nik, pk in workers.items()
        }
        entries = RegistrationEntry.objects.filter(worker__nik__in=part).order_by("worker_id", "-pk")
        for pk, nik, status, kpj, reason, start_on in entries.values_list(
            "pk", "worker__nik", "status", "kpj", "rejection_reason", "membership_start"
        ):
            row = found[nik]
            if status == Status.SENT and row["open_id"] is None:
                row["open_id"] = pk
            if row["last_id"] is None:
                row |= {"last_id": pk, "last_status": status, "last_kpj": kpj, "last_reason": reason,
                        "last_start": start_on}  # fmt: skip
        rows.extend(found.values())
    schema = {
        "nik": pl.String, "worker_id": pl.Int64, "open_id": pl.Int64, "last_id": pl.Int64, "last_status": pl.String,
        "last_kpj": pl.String, "last_reason": pl.String, "last_start": pl.Date,
    }  # fmt: skip
    return pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)


def _kpj_owners(kpjs: list[str]) -> pl.DataFrame:
    """The NIK of the worker already holding each KPJ of `kpjs`."""
    owners = [
        pair
        for start in range(0, len(kpjs), LOOKUP_SLICE)
        for pair in Worker.objects.filter(kpj__in=kpjs[start : start + LOOKUP_SLICE]).values_list("kpj", "nik")
    ]
    return pl.DataFrame(owners, schema={"kpj": pl.String, "_owner": pl.String}, orient="row").unique("kpj")


class AnswerImport:
    """The ImportSpec of BPJS's answers to registration batches."""

    kind = "bpjs_registration_answers"
    label = gettext_lazy("Jawaban pendaftaran BPJS")
    key = "nik"
    preview_fields = ("nik", "name", "status", "kpj", "membership_start", "reason")
    correctable = False

    @property
    def columns(self) -> tuple[Column, ...]:
        return ANSWER_COLUMNS

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return ANSWER_COLUMNS

    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("nik", "text"),
        StagingColumn("worker_id", "bigint"),
        StagingColumn("entry_id", "bigint"),
        StagingColumn("outcome", "text"),
        StagingColumn("kpj", "text"),
        StagingColumn("membership_start", "date"),
        StagingColumn("reason", "text"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
        StagingColumn("unchanged", "boolean"),
        StagingColumn("_changed", "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor_may(actor, Capability.EXCHANGE_REGISTRATIONS)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> AnswerImportContext:
        return AnswerImportContext(actor=actor)

    def validate(self, frame: pl.DataFrame, context: AnswerImportContext) -> pl.DataFrame:
        word = word_cell("status")
        kpj = kpj_cell("kpj")
        reason = text_cell("reason")
        frame = frame.with_columns(
            nik_input=text_cell("nik"),
            nik=identity_digits_cell("nik"),
            kpj_input=text_cell("kpj"),
            kpj=kpj,
            reason=reason,
            start_input=text_cell("membership_start"),
            membership_start=date_cell("membership_start", pl.col("membership_start_is_number")),
            outcome=pl.when(word.is_in(REGISTERED_WORDS))
            .then(pl.lit(Status.REGISTERED.value))
            .when(word.is_in(REJECTED_WORDS))
            .then(pl.lit(Status.REJECTED.value))
            .when(word.is_null() & kpj.is_not_null())
            .then(pl.lit(Status.REGISTERED.value))
            .when(word.is_null() & reason.is_not_null())
            .then(pl.lit(Status.REJECTED.value)),
        )
        registered = pl.col("outcome") == Status.REGISTERED
        rejected = pl.col("outcome") == Status.REJECTED
        problems = [
            *self._nik_problems(),
            pl.when(pl.col("status").is_not_null() & pl.col("outcome").is_null()).then(
                pl.format(_('Status "{}" tidak dikenal; tulis Terdaftar atau Ditolak.'), text_cell("status"))
            ),
            pl.when(pl.col("status").is_null() & pl.col("outcome").is_null()).then(
                pl.lit(_("Tulis nomor KPJ (terdaftar) atau alasan penolakan (ditolak)."))
            ),
            pl.when(registered & pl.col("kpj").is_null()).then(
                pl.lit(_("Nomor KPJ wajib diisi untuk peserta yang terdaftar."))
            ),
            pl.when(registered & pl.col("kpj").is_not_null() & ~pl.col("kpj").str.contains(r"^[0-9A-Z]{6,20}$")).then(
                pl.format(_('Nomor KPJ "{}" tidak sah; tulis 6 sampai 20 angka.'), pl.col("kpj_input"))
            ),
            pl.when(registered & pl.col("start_input").is_not_null() & pl.col("membership_start").is_null()).then(
                pl.format(_('Tanggal mulai kepesertaan "{}" bukan tanggal; tulis dd/mm/yyyy.'), pl.col("start_input"))
            ),
            pl.when(rejected & pl.col("reason").is_null()).then(pl.lit(_("Tulis alasan penolakan dari BPJS."))),
            pl.when(pl.col("reason").str.len_chars() > MAX_REASON).then(
                pl.lit(_("Alasan penolakan lebih dari %(n)d huruf.") % {"n": MAX_REASON})
            ),
        ]
        frame = problems_combined(frame, problems).with_columns(
            # A rejection carries no KPJ and no start; a registration no reason.
            kpj=pl.when(registered).then(pl.col("kpj")),
            membership_start=pl.when(registered).then(pl.col("membership_start")),
            reason=pl.when(rejected).then(pl.col("reason")),
        )
        return self._matched(frame)

    @staticmethod
    def _nik_problems() -> list[pl.Expr]:
        # Only NIKs Peduli sent are matched, so the full NIK check of the
        # worker registry is not repeated; a number cell is refused because
        # Excel keeps 15 digits and the 16th may be lost.
        raw, number = text_cell("nik"), pl.col("nik_is_number").fill_null(False)
        return [
            pl.when(raw.is_null()).then(pl.lit(_("NIK wajib diisi."))),
            pl.when(raw.is_not_null() & number).then(
                pl.format(
                    _(
                        "NIK terbaca sebagai angka ({}), sehingga digit terakhirnya bisa hilang. "
                        "Format kolom NIK sebagai Teks di Excel, lalu ketik ulang NIK-nya."
                    ),
                    raw,
                )
            ),
            pl.when(raw.is_not_null() & ~number & ~pl.col("nik").str.contains(r"^[0-9]{16}$")).then(
                pl.format(_('NIK "{}" harus 16 angka.'), raw)
            ),
        ]

    @staticmethod
    def _matched(frame: pl.DataFrame) -> pl.DataFrame:
        """Join each valid row to its worker's entries and refuse what does not fit."""
        valid = frame.filter(pl.col(ERROR_COLUMN).is_null())
        frame = frame.join(_entries(valid.get_column("nik").unique().to_list()), on="nik", how="left")
        kpjs = valid.get_column("kpj").drop_nulls().unique().to_list()
        frame = frame.join(_kpj_owners(kpjs), on="kpj", how="left")
        same_answer = (pl.col("last_status") == pl.col("outcome")) & pl.when(
            pl.col("outcome") == Status.REGISTERED
        ).then(
            (pl.col("last_kpj") == pl.col("kpj"))
            & (pl.col("membership_start").is_null() | (pl.col("membership_start") == pl.col("last_start")))
        ).otherwise(pl.col("last_reason") == pl.col("reason"))
        unchanged = pl.col("open_id").is_null() & same_answer.fill_null(False)
        other_niks = pl.col("nik").n_unique().over("kpj")
        problem = (
            pl.when(pl.col("worker_id").is_null())
            .then(pl.format(_("NIK {} tidak terdaftar di Peduli."), pl.col("nik")))
            .when(pl.col("last_id").is_null())
            .then(pl.lit(_("NIK ini belum pernah dikirim ke BPJS dalam batch pendaftaran.")))
            .when(pl.col("open_id").is_null() & ~unchanged)
            .then(
                pl.format(
                    _("Pendaftaran NIK ini sudah dijawab ({}) dan tidak sedang menunggu jawaban BPJS."),
                    pl.col("last_status").replace_strict(OUTCOME_LABEL, default=pl.col("last_status")),
                )
            )
            .when(pl.col("_owner").is_not_null() & (pl.col("_owner") != pl.col("nik")))
            .then(pl.format(_("Nomor KPJ {} sudah dipakai pekerja lain (NIK {})."), pl.col("kpj"), pl.col("_owner")))
            .when(pl.col("kpj").is_not_null() & (other_niks > 1))
            .then(pl.format(_("Nomor KPJ {} tertulis untuk lebih dari satu NIK di berkas ini."), pl.col("kpj")))
        )
        return frame.with_columns(
            pl.when(pl.col(ERROR_COLUMN).is_null()).then(problem).otherwise(pl.col(ERROR_COLUMN)).alias(ERROR_COLUMN),
            entry_id=pl.coalesce("open_id", "last_id"),
            unchanged=unchanged,
            _changed=pl.lit(False),
            status=pl.col("outcome").replace_strict(OUTCOME_LABEL, default=None),
            **{EXISTS_COLUMN: pl.lit(True)},
        )

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: AnswerImportContext
    ) -> WriteCounts:
        changed, unchanged = registration_answers_apply(
            cursor=cursor, table=table, actor=actor, reason=_("Jawaban BPJS, impor berkas #%(id)d") % {"id": batch.pk}
        )
        return WriteCounts(updated=changed, unchanged=unchanged)


ANSWER_COLUMNS = (
    Column("nik", ("NIK", "No NIK", "Nomor NIK", "NIK KTP", "No KTP", "Nomor Induk Kependudukan"), required=True,
           identity=True, example="3324014506850001"),
    Column("name", ("Nama", "Nama Lengkap", "Nama Peserta", "Nama Tenaga Kerja"), example="Siti Aminah"),
    Column("kpj", ("KPJ", "Nomor KPJ", "No KPJ", "No. KPJ", "Nomor Peserta", "No Peserta", "Nomor Kartu"),
           identity=True, example="25012345678"),
    Column("membership_start", ("Tanggal Mulai Kepesertaan", "Tgl Mulai Kepesertaan", "Mulai Kepesertaan",
                                "Tanggal Kepesertaan", "TMT Kepesertaan", "TMT"), example="01/07/2025"),
    Column("status", ("Status", "Status Pendaftaran", "Hasil", "Hasil Verifikasi"), example="Terdaftar"),
    Column("reason", ("Alasan Penolakan", "Alasan", "Keterangan", "Catatan", "Keterangan Penolakan"),
           example="NIK tidak ditemukan di Dukcapil"),
)  # fmt: skip
ANSWER_IMPORT = AnswerImport()
