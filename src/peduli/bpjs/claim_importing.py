"""BPJS's claim report (JKK and JKM) through the import engine.

The claim number is the key: a report imported again, or a later report
with the same claims in a new status, updates them (one INSERT … ON CONFLICT
(reference) DO UPDATE that leaves unchanged claims alone). The worker,
district and funding source are then derived by `claims_link`, as for a
claim recorded by hand. The rules are those of `claim_services._clean`,
applied to a whole chunk at once.
"""

from collections.abc import Mapping
from typing import Any

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.bpjs.claim_services import MAX_SCHOLARSHIP_CHILDREN, claims_link
from peduli.bpjs.lookups import PlaceLookups, existing_keys
from peduli.bpjs.models import Claim
from peduli.core.nik import nik_check_frame
from peduli.core.parsing import date_cell, kpj_cell, rupiah_cell, text_cell, word_cell
from peduli.imports.checks import problems_with_nik
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts

KIND_WORDS = {
    "jkk": Claim.Kind.JKK, "kecelakaankerja": Claim.Kind.JKK, "jaminankecelakaankerja": Claim.Kind.JKK,
    "jkm": Claim.Kind.JKM, "kematian": Claim.Kind.JKM, "jaminankematian": Claim.Kind.JKM,
}  # fmt: skip
STATUS_WORDS = {
    "diajukan": Claim.Status.FILED, "baru": Claim.Status.FILED, "pengajuan": Claim.Status.FILED,
    "diproses": Claim.Status.IN_PROCESS, "proses": Claim.Status.IN_PROCESS, "verifikasi": Claim.Status.IN_PROCESS,
    "dibayar": Claim.Status.PAID, "lunas": Claim.Status.PAID, "selesai": Claim.Status.PAID,
    "terbayar": Claim.Status.PAID, "ditolak": Claim.Status.REJECTED, "tolak": Claim.Status.REJECTED,
}  # fmt: skip
CLAIM_COLUMNS = (
    Column("reference", ("Nomor Klaim", "No Klaim", "Nomor Kasus", "No Kasus", "ID Klaim"), required=True,
           example="JKM-2025-000123"),
    Column("nik", ("NIK", "NIK Peserta", "No KTP"), required=True, identity=True, example="3324014507850001"),
    Column("name", ("Nama", "Nama Peserta", "Nama Tenaga Kerja"), example="Siti Aminah"),
    Column("kpj", ("KPJ", "Nomor KPJ", "No KPJ"), example="25012345678"),
    Column("kind", ("Jenis", "Jenis Klaim", "Program"), required=True, example="JKM"),
    Column("incident_date", ("Tanggal Kejadian", "Tgl Kejadian", "Tanggal Meninggal", "Tanggal Kecelakaan"),
           required=True, identity=True, example="12/05/2025"),
    Column("status", ("Status", "Status Klaim"), example="Dibayar"),
    Column("amount_paid", ("Manfaat Dibayar", "Jumlah Manfaat", "Nominal Manfaat", "Manfaat"), example="42.000.000"),
    Column("heirs_benefit", ("Santunan Ahli Waris", "Santunan", "Santunan Berkala"), example="0"),
    Column("scholarship_children", ("Jumlah Anak Penerima Beasiswa", "Anak Penerima Beasiswa", "Beasiswa Anak"),
           example="2"),
    Column("paid_on", ("Tanggal Dibayar", "Tgl Bayar", "Tanggal Pembayaran"), identity=True, example="02/06/2025"),
)  # fmt: skip
UPDATED = ("nik", "name", "kpj", "kind", "incident_date", "status", "amount_paid", "heirs_benefit",
           "scholarship_children", "paid_on")  # fmt: skip


def _word(name: str, words: Mapping[str, str]) -> pl.Expr:
    return word_cell(name).replace_strict(dict(words), default=None, return_dtype=pl.String)


def _rupiah(name: str) -> tuple[pl.Expr, pl.Expr]:
    """The amount (0 when empty) and its problem, read from `_<name>_text`
    (the cell as typed: the amount replaces the column itself)."""
    typed = pl.col(f"_{name}_text")
    value = rupiah_cell(name)
    error = pl.when(typed.is_not_null() & rupiah_cell(typed).is_null()).then(
        pl.format(_('Jumlah "{}" bukan rupiah utuh; tulis angka, misalnya 42.000.000.'), typed)
    )
    return pl.coalesce(value, pl.lit(0)), error


class ClaimImport:
    """The ImportSpec of BPJS's claim report."""

    kind = "bpjs_claims"
    label = gettext_lazy("Klaim BPJS (JKK/JKM)")
    key = "reference"
    columns = CLAIM_COLUMNS
    template_columns = CLAIM_COLUMNS
    preview_fields = ("reference", "nik", "name", "kind", "incident_date", "status", "amount_paid")
    correctable = False
    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("reference", "text"),
        StagingColumn("nik", "text"),
        StagingColumn("name", "text"),
        StagingColumn("kpj", "text"),
        StagingColumn("kind", "text"),
        StagingColumn("incident_date", "date"),
        StagingColumn("status", "text"),
        StagingColumn("amount_paid", "bigint"),
        StagingColumn("heirs_benefit", "bigint"),
        StagingColumn("scholarship_children", "integer"),
        StagingColumn("paid_on", "date"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor_may(actor, Capability.KEEP_CLAIMS)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> PlaceLookups:
        return PlaceLookups.load()

    def validate(self, frame: pl.DataFrame, context: PlaceLookups) -> pl.DataFrame:
        today = context.today
        frame = nik_check_frame(frame, district_codes=context.district_codes, today=today)
        amount_paid, amount_error = _rupiah("amount_paid")
        heirs, heirs_error = _rupiah("heirs_benefit")
        children_text = text_cell("scholarship_children")
        frame = frame.with_columns(
            reference=text_cell("reference").str.to_uppercase(),
            name=text_cell("name").str.slice(0, 150),
            kpj=kpj_cell("kpj"),
            kind=_word("kind", KIND_WORDS),
            incident_date=date_cell("incident_date", pl.col("incident_date_is_number")),
            paid_on=date_cell("paid_on", pl.col("paid_on_is_number")),
            amount_paid=amount_paid,
            heirs_benefit=heirs,
            scholarship_children=pl.coalesce(children_text.cast(pl.Int32, strict=False), pl.lit(0)),
            _status=_word("status", STATUS_WORDS),
            _children_text=children_text,
            _amount_paid_text=pl.col("amount_paid"),
            _heirs_benefit_text=pl.col("heirs_benefit"),
            _kind_text=pl.col("kind"),
            _status_text=pl.col("status"),
            _incident_text=text_cell("incident_date"),
            _paid_text=text_cell("paid_on"),
        )
        frame = frame.with_columns(
            status=pl.coalesce(
                "_status",
                pl.when(pl.col("status").is_null() & pl.col("paid_on").is_not_null()).then(pl.lit(Claim.Status.PAID)),
                pl.when(pl.col("status").is_null()).then(pl.lit(Claim.Status.FILED)),
            )
        )
        paid = pl.col("status") == Claim.Status.PAID
        problems = [
            pl.when(pl.col("reference").is_null()).then(pl.lit(_("Nomor klaim wajib diisi."))),
            pl.when(pl.col("reference").str.len_chars() > 40).then(pl.lit(_("Nomor klaim paling panjang 40 huruf."))),
            pl.when(pl.col("kind").is_null()).then(
                pl.format(_('Jenis klaim "{}" tidak dikenal; tulis JKK atau JKM.'), pl.col("_kind_text"))
            ),
            pl.when(pl.col("status").is_null()).then(
                pl.format(
                    _('Status "{}" tidak dikenal; tulis Diajukan, Diproses, Dibayar atau Ditolak.'),
                    pl.col("_status_text"),
                )
            ),
            pl.when(pl.col("_incident_text").is_null()).then(pl.lit(_("Tanggal kejadian wajib diisi."))),
            pl.when(pl.col("_incident_text").is_not_null() & pl.col("incident_date").is_null()).then(
                pl.format(_('Tanggal kejadian "{}" bukan tanggal; tulis dd/mm/yyyy.'), pl.col("_incident_text"))
            ),
            pl.when(pl.col("incident_date") > today).then(pl.lit(_("Tanggal kejadian tidak boleh di masa depan."))),
            pl.when(pl.col("_paid_text").is_not_null() & pl.col("paid_on").is_null()).then(
                pl.format(_('Tanggal dibayar "{}" bukan tanggal; tulis dd/mm/yyyy.'), pl.col("_paid_text"))
            ),
            pl.when(paid & pl.col("_paid_text").is_null()).then(
                pl.lit(_("Klaim yang dibayar harus diisi tanggal dibayarnya."))
            ),
            pl.when(~paid & pl.col("paid_on").is_not_null()).then(
                pl.lit(_("Tanggal dibayar hanya untuk klaim berstatus Dibayar."))
            ),
            pl.when((pl.col("paid_on") < pl.col("incident_date")) | (pl.col("paid_on") > today)).then(
                pl.lit(_("Tanggal dibayar harus antara tanggal kejadian dan hari ini."))
            ),
            amount_error,
            heirs_error,
            pl.when(
                pl.col("_children_text").is_not_null()
                & ~pl.col("_children_text").str.contains(rf"^[0-{MAX_SCHOLARSHIP_CHILDREN}]$")
            ).then(
                pl.lit(
                    _("Beasiswa BPJS diberikan untuk paling banyak %(max)d anak.") % {"max": MAX_SCHOLARSHIP_CHILDREN}
                )
            ),
        ]
        frame = problems_with_nik(frame, problems)
        references = frame.filter(pl.col(ERROR_COLUMN).is_null()).get_column("reference").to_list()
        known = existing_keys("bpjs_claim", "reference", references)
        return frame.with_columns(pl.col("reference").is_in(list(known)).alias(EXISTS_COLUMN))

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: PlaceLookups
    ) -> WriteCounts:
        cursor.execute(
            f"SELECT COUNT(*), COUNT(c.id) FROM {table} s LEFT JOIN bpjs_claim c ON c.reference = s.reference"
        )
        total, existing = cursor.fetchone()
        distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
        changes = " OR ".join(f"bpjs_claim.{name} {distinct} excluded.{name}" for name in UPDATED)
        assignments = ", ".join(f"{name} = excluded.{name}" for name in UPDATED)
        cursor.execute(
            "INSERT INTO bpjs_claim (regency_id, reference, nik, name, kpj, funding_source, kind, incident_date, "
            "status, amount_paid, heirs_benefit, scholarship_children, paid_on, note, recorded_by_id, recorded_at) "
            "SELECT %(regency)s, s.reference, s.nik, COALESCE(s.name, ''), COALESCE(s.kpj, ''), '', s.kind, "
            "s.incident_date, s.status, s.amount_paid, s.heirs_benefit, s.scholarship_children, s.paid_on, '', "
            f"%(actor)s, %(now)s FROM {table} s WHERE TRUE "
            f"ON CONFLICT (reference) DO UPDATE SET {assignments}, recorded_by_id = excluded.recorded_by_id, "
            f"recorded_at = excluded.recorded_at WHERE {changes}",
            {"regency": context.regency_id, "actor": actor.pk if actor else None, "now": timezone.now()},
        )
        changed = max(cursor.rowcount, 0)
        claims_link(where=f"reference IN (SELECT reference FROM {table})", params=[])
        created = total - existing
        return WriteCounts(created=created, updated=changed - created, unchanged=existing - (changed - created))


CLAIM_IMPORT = ClaimImport()
