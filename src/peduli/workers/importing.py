"""The worker registry's import: columns, vectorised checks and the set-based merge.

Every rule a form applies one worker at a time (`workers.rules`) is applied
here to a whole chunk at once; messages are Indonesian and say what to fix.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from django.db.backends.utils import CursorWrapper
from django.db.models import CharField
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.accounts.models import User
from peduli.core.names import name_key_expr, names_of_another_person
from peduli.core.nik import nik_check_frame
from peduli.core.parsing import date_cell, kpj_cell, region_code_cell, sex_cell, text_cell
from peduli.core.xlsx import Sheet
from peduli.imports.checks import problems_with_nik
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts
from peduli.imports.staging import table_analyze
from peduli.workers.dedup import duplicates_flag_for
from peduli.workers.import_changes import worker_changes_listed
from peduli.workers.lookups import WorkerLookups, existing_workers
from peduli.workers.models import MAXIMUM_AGE, MINIMUM_AGE, Occupation, Worker
from peduli.workers.selectors import registration_villages, worker_editable_districts

YES = {"ya", "y", "iya", "1", "true", "benar", "v", "x", "✓"}
NO = {"tidak", "t", "tdk", "0", "false", "salah", "-", "bukan"}
# Fields an update may change; an empty cell never erases what is known.
REQUIRED_FIELDS = ("name", "name_key", "birth_date", "sex", "village_id", "district_id", "regency_id", "occupation_id")
OPTIONAL_FIELDS = (
    "birth_place", "address", "rt", "rw", "phone", "in_social_register", "has_disability", "woman_head_of_household",
    "kpj",
)  # fmt: skip


# The text fields' lengths in the table: a longer cell is refused, not cut.
def _longest(name: str) -> int:
    field = Worker._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length
    return field.max_length


LONGEST_TEXT = {name: _longest(name) for name in ("name", "birth_place", "address")}


@dataclass
class WorkerImportContext:
    lookups: WorkerLookups
    actor: User | None
    today: date
    options: ImportOptions


def _column_label(field: str) -> str:
    return next(column.label for column in WORKER_COLUMNS if column.field == field)


def _flag(name: str) -> tuple[pl.Expr, pl.Expr]:
    """A yes/no column: its value (null when empty) and its error."""
    word = pl.col(name).str.to_lowercase().str.strip_chars()
    value = pl.when(word.is_in(list(YES))).then(True).when(word.is_in(list(NO))).then(False)
    label = _column_label(name)
    error = pl.when(word.is_not_null() & value.is_null()).then(
        pl.format(_('{} "{}" tidak dikenal; tulis Ya atau Tidak.'), pl.lit(label), pl.col(name))
    )
    return value, error


def _phone(column: pl.Expr) -> pl.Expr:
    digits = column.str.replace_all(r"[^0-9]", "")
    return (
        pl.when(digits.str.starts_with("62"))
        .then(pl.concat_str([pl.lit("0"), digits.str.slice(2)]))
        .when(digits.str.starts_with("8"))
        .then(pl.concat_str([pl.lit("0"), digits]))
        .otherwise(digits)
    )


def _age(born: pl.Expr, today: date) -> pl.Expr:
    before_birthday = (born.dt.month() > today.month) | ((born.dt.month() == today.month) & (born.dt.day() > today.day))
    return pl.lit(today.year) - born.dt.year() - before_birthday.cast(pl.Int32)


class WorkerImport:
    """The ImportSpec of the worker registry."""

    kind = "workers"
    label = gettext_lazy("Pekerja rentan")
    key = "nik"
    preview_fields = ("nik", "name", "birth_date", "sex", "village", "occupation")
    correctable = True

    @property
    def columns(self) -> tuple[Column, ...]:
        return WORKER_COLUMNS

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return WORKER_COLUMNS

    def reference_sheets(self, actor: User | None) -> list[Sheet]:
        """The villages `actor` may register workers in, by code, and the occupations with the other names read."""
        villages = registration_villages(actor).order_by("code")
        return [
            Sheet(
                title=_("Kode Desa"),
                headers=[_("Kode Desa"), _("Desa/Kelurahan"), _("Kecamatan")],
                rows=(
                    (village.code, village.name, village.parent.name if village.parent else "") for village in villages
                ),
                text_columns=[_("Kode Desa")],
                widths={_("Desa/Kelurahan"): 28, _("Kecamatan"): 24},
            ),
            Sheet(
                title=_("Pekerjaan"),
                headers=[_("Pekerjaan"), _("Nama lain yang dikenali")],
                rows=((job.name, job.aliases.replace(",", ", ")) for job in Occupation.objects.order_by("name")),
                widths={_("Pekerjaan"): 32, _("Nama lain yang dikenali"): 60},
            ),
        ]

    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("nik", "text"),
        StagingColumn("name", "text"),
        StagingColumn("name_key", "text"),
        StagingColumn("birth_place", "text"),
        StagingColumn("birth_date", "date"),
        StagingColumn("sex", "text"),
        StagingColumn("village_id", "text"),
        StagingColumn("district_id", "text"),
        StagingColumn("regency_id", "text"),
        StagingColumn("address", "text"),
        StagingColumn("rt", "text"),
        StagingColumn("rw", "text"),
        StagingColumn("phone", "text"),
        StagingColumn("occupation_id", "bigint"),
        StagingColumn("in_social_register", "boolean"),
        StagingColumn("has_disability", "boolean"),
        StagingColumn("woman_head_of_household", "boolean"),
        StagingColumn("kpj", "text"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
        StagingColumn("_changed", "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        districts = worker_editable_districts(actor)
        return districts is None or bool(districts)

    def prepare(self, *, actor: User | None, options: ImportOptions) -> WorkerImportContext:
        return WorkerImportContext(
            lookups=WorkerLookups.load(actor=actor), actor=actor, today=timezone.localdate(), options=options
        )

    def validate(self, frame: pl.DataFrame, context: WorkerImportContext) -> pl.DataFrame:
        lookups, today = context.lookups, context.today
        born_text = text_cell("birth_date")
        frame = frame.with_columns(
            name=text_cell("name"),
            sex=sex_cell("sex"),
            birth_date=date_cell(born_text, pl.col("birth_date_is_number")),
            _sex_text=pl.col("sex"),
            _born_text=born_text,
            address=text_cell("address"),
            birth_place=text_cell("birth_place"),
        )
        frame = nik_check_frame(frame, district_codes=lookups.district_codes, today=today)
        occupation_word = pl.col("occupation").str.to_lowercase().str.strip_chars().str.replace_all(r"\s+", " ")
        flags = {name: _flag(name) for name in ("in_social_register", "has_disability", "woman_head_of_household")}
        address = pl.col("address")
        frame = frame.with_columns(
            name_key=name_key_expr(pl.col("name")),
            village_id=region_code_cell("village"),
            occupation_id=pl.when(occupation_word.is_null())
            .then(pl.lit(lookups.default_occupation_id))
            .otherwise(occupation_word.replace_strict(lookups.occupation_ids, default=None, return_dtype=pl.Int64)),
            phone=_phone(pl.col("phone")),
            rt=pl.coalesce(
                pl.col("rt").str.replace_all(r"[^0-9]", ""),
                address.str.extract(r"(?i)\bRT\.?\s*0*(\d{1,3})"),
            ).str.zfill(3),
            rw=pl.coalesce(
                pl.col("rw").str.replace_all(r"[^0-9]", ""),
                address.str.extract(r"(?i)\bRW\.?\s*0*(\d{1,3})"),
            ).str.zfill(3),
            kpj=kpj_cell("kpj"),
            **{name: value for name, (value, _error) in flags.items()},
            _flag_errors=pl.concat_str([error for _value, error in flags.values()], separator=" ", ignore_nulls=True),
        )
        frame = frame.join(lookups.villages, on="village_id", how="left")
        frame = frame.with_columns(
            _born_invalid=pl.col("_born_text").is_not_null() & pl.col("birth_date").is_null(),
            _sex_invalid=pl.col("_sex_text").is_not_null() & pl.col("sex").is_null(),
            birth_date=pl.coalesce("birth_date", "nik_birth_date"),
            sex=pl.coalesce("sex", "nik_sex"),
        )
        frame = frame.with_columns(_age=_age(pl.col("birth_date"), today))
        problems = [
            pl.when(pl.col("name").is_null()).then(pl.lit(_("Nama wajib diisi."))),
            *(
                pl.when(pl.col(field).str.len_chars() > longest).then(
                    pl.lit(
                        _("%(column)s terlalu panjang (lebih dari %(longest)d huruf).")
                        % {"column": _column_label(field), "longest": longest}
                    )
                )
                for field, longest in LONGEST_TEXT.items()
            ),
            pl.when(pl.col("_born_invalid")).then(
                pl.format(
                    _('Tanggal lahir "{}" bukan tanggal; tulis dd/mm/yyyy, misalnya 17/08/1985.'), pl.col("_born_text")
                )
            ),
            pl.when(pl.col("_sex_invalid")).then(
                pl.format(_('Jenis kelamin "{}" tidak dikenal; tulis L atau P.'), pl.col("_sex_text"))
            ),
            pl.when(pl.col("village").is_null()).then(pl.lit(_("Kode desa wajib diisi."))),
            pl.when(pl.col("village").is_not_null() & pl.col("district_id").is_null()).then(
                pl.format(
                    _("Kode desa {} tidak ada di wilayah %(scope)s.") % {"scope": lookups.scope_label},
                    pl.col("village"),
                )
            ),
            pl.when(pl.col("occupation_id").is_null()).then(
                pl.format(
                    _('Pekerjaan "{}" tidak ada dalam daftar; pilih salah satu: %(names)s.')
                    % {"names": lookups.occupation_names},
                    pl.col("occupation"),
                )
            ),
            pl.when(pl.col("phone").is_not_null() & ~pl.col("phone").str.contains(r"^08[0-9]{8,11}$")).then(
                pl.format(_('Nomor HP "{}" tidak valid; tulis seperti 081234567890.'), pl.col("phone"))
            ),
            pl.when(pl.col("kpj").is_not_null() & ~pl.col("kpj").str.contains(r"^[0-9]{8,20}$")).then(
                pl.format(_('Nomor KPJ "{}" harus berupa 8–20 angka.'), pl.col("kpj"))
            ),
            pl.when(
                pl.col("nik_error").is_null() & ((pl.col("_age") < MINIMUM_AGE) | (pl.col("_age") >= MAXIMUM_AGE))
            ).then(
                pl.format(
                    _(
                        "Umur {} tahun: peserta BPU BPJS Ketenagakerjaan harus berumur "
                        "%(min)d sampai di bawah %(max)d tahun."
                    )
                    % {"min": MINIMUM_AGE, "max": MAXIMUM_AGE},
                    pl.col("_age"),
                )
            ),
            pl.when(pl.col("_flag_errors") != "").then(pl.col("_flag_errors")),
        ]
        frame = problems_with_nik(frame, problems)
        frame = self._with_existing(frame, context)
        return frame.with_columns(_changed=pl.lit(False))

    @staticmethod
    def _with_existing(frame: pl.DataFrame, context: WorkerImportContext) -> pl.DataFrame:
        """Mark keys already registered; refuse updates outside the actor's
        districts, and those the identity guard refuses."""
        existing = existing_workers(frame.filter(pl.col(ERROR_COLUMN).is_null()).get_column("nik"))
        frame = frame.join(existing, on="nik", how="left").with_columns(
            pl.col("_existing_district").is_not_null().alias(EXISTS_COLUMN)
        )
        region = context.lookups.region_code
        if region:
            elsewhere = pl.col(EXISTS_COLUMN) & ~pl.col("_existing_district").str.starts_with(f"{region}.")
            message = _(
                "NIK ini sudah terdaftar di kabupaten/kota lain; pindah antarkabupaten belum dapat lewat impor."
            )
            frame = _refused_where(frame, elsewhere, pl.lit(message))
        allowed = context.lookups.editable_districts
        if allowed is not None:
            outside = pl.col(EXISTS_COLUMN) & ~pl.col("_existing_district").is_in(list(allowed))
            message = _("NIK ini sudah terdaftar di kecamatan lain; perubahan hanya oleh Disperinaker.")
            frame = _refused_where(frame, outside, pl.lit(message))
        return _identity_guarded(frame) if context.options.guards_identity else frame

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: WorkerImportContext
    ) -> WriteCounts:
        cursor.execute(
            f"UPDATE {table} SET _changed = TRUE WHERE EXISTS (SELECT 1 FROM workers_worker w "
            f"WHERE w.nik = {table}.nik AND ({_changed_condition(table, 'w')}))"
        )
        cursor.execute(f"SELECT COUNT(*), SUM(CASE WHEN {EXISTS_COLUMN} THEN 1 ELSE 0 END), "
                       f"SUM(CASE WHEN _changed THEN 1 ELSE 0 END) FROM {table}")  # fmt: skip
        total, existing, updated = (value or 0 for value in cursor.fetchone())
        changes = worker_changes_listed(cursor, table=table, new_values=_new_values("s", "w"), columns=self.columns)
        assignments = ", ".join(f"{name} = {value}" for name, value in _new_values("s", "workers_worker").items())
        cursor.execute(
            f"UPDATE workers_worker SET {assignments} FROM {table} s WHERE workers_worker.nik = s.nik AND s._changed"
        )
        now = timezone.now()
        reason = _("Impor berkas #%(id)d") % {"id": batch.pk}
        if context.options.is_correction:
            reason = _("Koreksi data (impor #%(id)d): %(reason)s") % {
                "id": batch.pk, "reason": context.options.correction_reason,
            }  # fmt: skip
        history_rows_insert(cursor, table=table, actor=actor, at=now, reason=reason)
        insert_columns = [*REQUIRED_FIELDS, *OPTIONAL_FIELDS]
        defaults = {"birth_place": "''", "address": "''", "rt": "''", "rw": "''", "phone": "''", "kpj": "''"} | {
            name: "FALSE" for name in ("in_social_register", "has_disability", "woman_head_of_household")
        }
        select = [
            f"COALESCE(s.{name}, {defaults[name]})" if name in defaults else f"s.{name}" for name in insert_columns
        ]
        cursor.execute(
            f"INSERT INTO workers_worker (nik, {', '.join(insert_columns)}, status, status_since, end_reason, "
            "returned_reason, registered_by_id, registered_at, import_batch_id) "
            f"SELECT s.nik, {', '.join(select)}, %s, %s, '', '', %s, %s, %s FROM {table} s WHERE NOT s.{EXISTS_COLUMN}",
            [Worker.Status.REGISTERED, context.today, actor.pk if actor else None, now, batch.pk],
        )
        created_audit_insert(cursor, batch_id=batch.pk, actor=actor, at=now, on=context.today, reason=reason)
        if total > existing:
            # Without fresh statistics a registry that was empty looks empty to
            # the planner, and the duplicate search becomes quadratic.
            table_analyze(cursor, "workers_worker")
        duplicates = duplicates_flag_for(cursor, staging=table)
        return WriteCounts(
            created=total - existing, updated=updated, unchanged=existing - updated, duplicates=duplicates,
            changes=changes,
        )  # fmt: skip


def _refused_where(frame: pl.DataFrame, condition: pl.Expr, message: pl.Expr) -> pl.DataFrame:
    """`frame` with its valid rows where `condition` holds refused with `message`."""
    error = pl.col(ERROR_COLUMN)
    return frame.with_columns(pl.when(error.is_null() & condition).then(message).otherwise(error).alias(ERROR_COLUMN))


def _identity_guarded(frame: pl.DataFrame) -> pl.DataFrame:
    """What an import that is not a correction (`ImportOptions`) may not do to
    a registered worker's identity: take its NIK for a clearly different
    person ("NIK milik orang lain?", naming both), or rename a verified one
    (any status past registered). Where a verified worker's name is only
    written another way (the same name key), the registered name is kept.
    Birth date and sex need no guard: the NIK, the key, fixes them (the NIK
    check refuses any other)."""
    exists, valid = pl.col(EXISTS_COLUMN), pl.col(ERROR_COLUMN).is_null()
    renamed = exists & (pl.col("name_key") != pl.col("_existing_name_key"))
    pairs = frame.filter(valid & renamed).select(ROW_COLUMN, "name_key", "_existing_name_key").iter_rows()
    others = [row for row, key, registered in pairs if names_of_another_person(key, registered)]
    frame = _refused_where(
        frame,
        pl.col(ROW_COLUMN).is_in(others),
        pl.format(
            _('NIK milik orang lain? Di berkas "{}", terdaftar atas nama "{}". Periksa NIK-nya; bila nama yang '
              "terdaftar memang salah, impor sebagai koreksi data dengan alasannya."),
            pl.col("name"), pl.col("_existing_name"),
        ),
    )  # fmt: skip
    verified = exists & (pl.col("_existing_status") != Worker.Status.REGISTERED)
    frame = _refused_where(
        frame,
        verified & renamed,
        pl.format(
            _("Nama pekerja yang sudah diverifikasi hanya diubah lewat impor koreksi data dengan alasannya: "
              '"{}" → "{}".'),
            pl.col("_existing_name"), pl.col("name"),
        ),
    )  # fmt: skip
    kept = verified & ~renamed
    return frame.with_columns(name=pl.when(kept).then(pl.col("_existing_name")).otherwise(pl.col("name")))


def _new_values(source: str, target: str) -> dict[str, str]:
    """The value each field takes in an update: required fields from the file,
    optional ones from the file unless its cell was empty."""
    return {name: f"{source}.{name}" for name in REQUIRED_FIELDS} | {
        name: f"COALESCE({source}.{name}, {target}.{name})" for name in OPTIONAL_FIELDS
    }


def _changed_condition(source: str, target: str) -> str:
    return " OR ".join(f"{target}.{name} <> {value}" for name, value in _new_values(source, target).items())


def _history_insert(
    cursor: CursorWrapper, *, kind: str, rows: str, params: list[Any], at: datetime, reason: str, actor: User | None
) -> None:
    """History rows (after-state, `kind` '~' changed or '+' created) of the
    workers `rows` selects (a FROM … WHERE over `workers_worker w`), set-based."""
    history = Worker.history.model  # type: ignore[attr-defined]
    tracked = [
        field.column
        for field in history._meta.concrete_fields
        if not field.name.startswith("history_") and field.column != "id"
    ]
    columns = ", ".join(tracked)
    source = ", ".join(f"w.{name}" for name in tracked)
    cursor.execute(
        f"INSERT INTO {history._meta.db_table} (id, {columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT w.id, {source}, %s, %s, %s, %s {rows}",
        [at, reason, kind, actor.pk if actor else None, *params],
    )


def history_rows_insert(cursor: CursorWrapper, *, table: str, actor: User | None, at: datetime, reason: str) -> None:
    """History rows (after-state) of the workers this import changed, set-based."""
    rows = f"FROM workers_worker w JOIN {table} s ON s.nik = w.nik WHERE s._changed"
    _history_insert(cursor, kind="~", rows=rows, params=[], at=at, reason=reason, actor=actor)


def created_audit_insert(
    cursor: CursorWrapper, *, batch_id: int, actor: User | None, at: datetime, on: date, reason: str
) -> None:
    """What registering one worker records, for every worker the import
    created: a history '+' row and the status change to registered, set-based."""
    rows = "FROM workers_worker w WHERE w.import_batch_id = %s"
    _history_insert(cursor, kind="+", rows=rows, params=[batch_id], at=at, reason=reason, actor=actor)
    cursor.execute(
        "INSERT INTO workers_statuschange (worker_id, from_status, to_status, effective_on, reason, note, actor_id, "
        f"at) SELECT w.id, '', %s, %s, '', %s, %s, %s {rows}",
        [Worker.Status.REGISTERED, on, reason, actor.pk if actor else None, at, batch_id],
    )


WORKER_COLUMNS = (
    Column("nik", ("NIK", "No NIK", "Nomor NIK", "No KTP", "NIK KTP", "Nomor Induk Kependudukan"), required=True,
           identity=True, example="3324014506850001"),
    Column("name", ("Nama", "Nama Lengkap", "Nama Pekerja", "Nama Peserta"), required=True, example="Siti Aminah"),
    Column("birth_place", ("Tempat Lahir", "Tmp Lahir", "Tmp. Lahir", "Kota Lahir"), example="Kendal"),
    Column("birth_date", ("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir", "TTL"), example="05/06/1985"),
    Column("sex", ("Jenis Kelamin", "JK", "L/P", "Kelamin"), example="P"),
    Column("village", ("Kode Desa", "Kode Desa/Kelurahan", "Kode Kelurahan", "Kode Wilayah Desa"), required=True,
           example="33.24.01.2001"),
    Column("address", ("Alamat", "Alamat Domisili", "Alamat Lengkap"), example="Dusun Krajan RT 02 RW 01"),
    Column("phone", ("No HP", "Nomor HP", "HP", "No Telepon", "No WA", "Nomor WA"), example="081234567890"),
    Column("occupation", ("Pekerjaan", "Jenis Pekerjaan", "Profesi"), example="Buruh tani"),
    Column("rt", ("RT",)),
    Column("rw", ("RW",)),
    Column("in_social_register", ("DTKS", "DTSEN", "Terdaftar DTKS", "DTKS/DTSEN")),
    Column("has_disability", ("Disabilitas", "Penyandang Disabilitas")),
    Column("woman_head_of_household", ("Perempuan Kepala Keluarga", "PEKKA", "Kepala Keluarga Perempuan")),
    Column("kpj", ("KPJ", "No KPJ", "Nomor KPJ", "Nomor Kepesertaan")),
)  # fmt: skip
WORKER_IMPORT = WorkerImport()
