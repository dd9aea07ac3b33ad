"""The civil-servant roster's import, as the personnel office (BKPSDM) exports it.

The cells are read for a whole chunk at once by the cell parsers every
import shares (`core.parsing`: sex, dates, village codes). The roster is
small (about ten thousand rows a regency), so each row is then checked in
Python with exactly the rules of the form (`civil_servant_clean`, the NIP's
`parse_nip`); the engine does the rest (reading, mapping, dry run, rejected
rows, progress). The merge writes with simple-history's bulk helpers,
one chunk at a time: new NIPs are inserted, known NIPs updated only when
something changed, so re-importing a file changes nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, actor_may
from peduli.agencies.models import Agency, CivilServant
from peduli.agencies.selectors import agency_queryset_manageable_by
from peduli.agencies.services import CivilServantData, civil_servant_clean, duplicate_nip_error
from peduli.core.changes import snapshots_mark_stale_rows
from peduli.core.errors import ApplicationError
from peduli.core.identity import identity_cell_text, normalize_nip, parse_nip
from peduli.core.parsing import date_cell_any, date_checked, region_code_cell, sex_cell, sex_checked
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN, EXISTS_COLUMN, Column, ImportOptions, StagingColumn, WriteCounts
from peduli.regions.models import Region
from peduli.regions.scoping import instance_root_code, region_q, user_region_code

WRITE_CHUNK = 1000
LOOKUP_CHUNK = 2000  # NIPs per `IN (…)`: well under SQLite's variable limit
COMPARED_FIELDS = (
    "name", "sex", "birth_date", "employment_type", "agency_id", "unit", "rank", "position", "phone",
    "email", "home_village_id", "service_start",
)  # fmt: skip
STORED_FIELDS = ("nip", "regency_id", *COMPARED_FIELDS)
BLANKABLE_FIELDS = ("unit", "rank", "position", "phone", "email")


def _unique_by(agencies: list[Agency], key: Callable[[Agency], str]) -> dict[str, Agency]:
    """Agencies by `key`, leaving out a key two regencies' agencies share
    (such a row then names its agency as "33.24:DINKES")."""
    found: dict[str, list[Agency]] = {}
    for agency in agencies:
        found.setdefault(key(agency), []).append(agency)
        found.setdefault(f"{agency.regency_id}:{key(agency)}", []).append(agency)
    return {name: same[0] for name, same in found.items() if len(same) == 1}


@dataclass
class RosterImportContext:
    """Agencies and villages by the ways a file names them, and the actor's scope."""

    agency_by_code: dict[str, Agency]
    agency_by_name: dict[str, Agency]
    manageable: set[int] | None  # None: every agency (the labour office, the command line)
    moves_allowed: bool
    villages: dict[str, Region]

    def agency(self, value: object) -> Agency:
        text = str(value or "").strip()
        agency = self.agency_by_code.get(text.upper()) or self.agency_by_name.get(text.lower())
        if agency is None:
            raise ApplicationError(_('OPD "%(value)s" tidak dikenal (isi kode OPD).') % {"value": text}, field="agency")
        if self.manageable is not None and agency.pk not in self.manageable:
            raise ApplicationError(
                _("Anda tidak berwenang mengelola ASN di %(agency)s.") % {"agency": agency.name}, field="agency"
            )
        return agency

    def village(self, code: str | None) -> Region | None:
        if not code:
            return None
        if code not in self.villages:
            raise ApplicationError(
                _("Kode desa %(code)s tidak ada dalam daftar wilayah.") % {"code": code}, field="home_village"
            )
        return self.villages[code]

    def load_villages(self, codes_read: Iterable[str]) -> None:
        """Look up in one query the villages a chunk names that are not known yet."""
        codes = set(codes_read) - set(self.villages) - {""}
        if codes:
            found = Region.objects.filter(code__in=codes, level=Region.Level.VILLAGE)
            self.villages.update({region.code: region for region in found})


def _cell_value(text: str | None, is_number: bool) -> object:
    """The cell as the spreadsheet held it: a number stays a number, so an
    identity number Excel turned into one is refused with the usual message."""
    if text is None:
        return ""
    if is_number:
        try:
            return int(text)
        except ValueError:
            return float(text)
    return text


def _row_data(cell: Callable[[str], Any], read: dict[str, Any], context: RosterImportContext) -> CivilServantData:
    """The form's data of one row: `cell` gives a cell as the file held it,
    `read` what the shared cell parsers read from it (`_READ`)."""
    nip_text = normalize_nip(identity_cell_text(cell("nip"), label="NIP"))
    info = parse_nip(nip_text)
    employment_type = str(cell("employment_type") or "").strip().upper() or info.employment_type
    return CivilServantData(
        nip=nip_text,
        name=str(cell("name") or ""),
        sex=sex_checked(read["_sex"], cell("sex")) or info.sex,
        birth_date=date_checked(read["_birth_date"], cell("birth_date"), field="birth_date", label=_("Tanggal lahir"))
        or info.birth_date,
        employment_type=employment_type,
        agency=context.agency(cell("agency")),
        unit=str(cell("unit") or ""),
        rank=str(cell("rank") or ""),
        position=str(cell("position") or ""),
        phone=identity_cell_text(cell("phone"), label="No HP") if cell("phone") != "" else "",
        email=str(cell("email") or ""),
        home_village=context.village(read["_home_village"]),
        service_start=date_checked(read["_service_start"], cell("service_start"), field="service_start", label="TMT"),
    )


def _existing(nips: list[str]) -> dict[str, CivilServant]:
    people: dict[str, CivilServant] = {}
    for start in range(0, len(nips), LOOKUP_CHUNK):
        found = CivilServant.objects.filter(nip__in=nips[start : start + LOOKUP_CHUNK]).select_related("agency")
        people.update({person.nip: person for person in found})
    return people


def _refusal(person: CivilServant, agency: Agency, context: RosterImportContext) -> str | None:
    """Why a known NIP may not be updated by this actor, or None."""
    if context.manageable is not None and person.agency_id not in context.manageable:
        return duplicate_nip_error(person).message
    if person.agency_id != agency.pk and not context.moves_allowed:
        return _("Mutasi ke OPD lain dilakukan oleh admin Disperinaker.")
    return None


def _stored(staged: dict[str, Any]) -> dict[str, Any]:
    """The model fields of a staged row. SQLite hands dates back as text, and
    PostgreSQL's COPY turns an empty text into NULL."""
    fields = staged | {name: staged[name] or "" for name in BLANKABLE_FIELDS}
    for name in ("birth_date", "service_start"):
        if isinstance(fields[name], str):
            fields[name] = date.fromisoformat(fields[name])
    return fields


class CivilServantImport:
    """The ImportSpec of the civil-servant roster."""

    kind = "civil_servants"
    label = gettext_lazy("Data ASN")
    key = "nip"
    preview_fields = ("nip", "name", "sex", "birth_date", "employment_type", "agency")
    correctable = False

    @property
    def columns(self) -> tuple[Column, ...]:
        return CIVIL_SERVANT_COLUMNS

    @property
    def template_columns(self) -> tuple[Column, ...]:
        return CIVIL_SERVANT_COLUMNS

    staging = (
        StagingColumn(ROW_COLUMN, "bigint"),
        StagingColumn("nip", "text"),
        StagingColumn("name", "text"),
        StagingColumn("sex", "text"),
        StagingColumn("birth_date", "date"),
        StagingColumn("employment_type", "text"),
        StagingColumn("agency_id", "bigint"),
        StagingColumn("regency_id", "text"),
        StagingColumn("unit", "text"),
        StagingColumn("rank", "text"),
        StagingColumn("position", "text"),
        StagingColumn("phone", "text"),
        StagingColumn("email", "text"),
        StagingColumn("home_village_id", "text"),
        StagingColumn("service_start", "date"),
        StagingColumn(EXISTS_COLUMN, "boolean"),
    )

    def may_import(self, actor: User | None) -> bool:
        return actor is None or agency_queryset_manageable_by(actor).exists()

    def prepare(self, *, actor: User | None, options: ImportOptions) -> RosterImportContext:
        # The agencies of the region the actor works in: a code or a name may
        # be another regency's too (each regency's DINKES).
        region = user_region_code(actor) if actor is not None else instance_root_code()
        agencies = list(Agency.objects.filter(region_q("regency", region)).select_related("regency"))
        return RosterImportContext(
            agency_by_code=_unique_by(agencies, lambda a: a.code.upper()),
            agency_by_name=_unique_by(agencies, lambda a: a.name.lower())
            | _unique_by([a for a in agencies if a.short_name], lambda a: a.short_name.lower()),
            manageable=(
                None if actor is None else set(agency_queryset_manageable_by(actor).values_list("pk", flat=True))
            ),
            moves_allowed=actor_may(actor, Capability.MANAGE_AGENCIES),
            villages={},
        )

    def validate(self, frame: pl.DataFrame, context: RosterImportContext) -> pl.DataFrame:
        frame = frame.with_columns(**_READ)
        context.load_villages(frame.get_column("_home_village").drop_nulls())
        cleaned: list[tuple[int, dict[str, Any] | None, str | None]] = []
        for row in frame.iter_rows(named=True):

            def cell(name: str, row: dict[str, Any] = row) -> object:
                return _cell_value(row[name], name in IDENTITY_FIELDS and bool(row.get(f"{name}_is_number")))

            try:
                cleaned.append((row[ROW_COLUMN], civil_servant_clean(_row_data(cell, row, context)), None))
            except ApplicationError as error:
                cleaned.append((row[ROW_COLUMN], None, error.message))
        existing = _existing([fields["nip"] for _row, fields, _error in cleaned if fields is not None])
        records: list[tuple[Any, ...]] = []
        for row_number, fields, problem in cleaned:
            person = existing.get(fields["nip"]) if fields is not None else None
            if fields is not None and person is not None:
                problem = _refusal(person, fields["agency"], context)
            records.append(_record(row_number, fields, problem, exists=person is not None))
        return pl.DataFrame(records, schema=OUTPUT_SCHEMA, orient="row")

    def write(
        self, *, cursor: CursorWrapper, table: str, batch: Any, actor: User | None, context: RosterImportContext
    ) -> WriteCounts:
        counts = WriteCounts()
        reason = _("Impor berkas #%(id)d") % {"id": batch.pk}
        last_row = 0
        while True:
            cursor.execute(
                f"SELECT {ROW_COLUMN}, {', '.join(STORED_FIELDS)} FROM {table} "
                f"WHERE {ROW_COLUMN} > %s ORDER BY {ROW_COLUMN} LIMIT %s",
                [last_row, WRITE_CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                if counts.created or counts.updated:
                    snapshots_mark_stale_rows(f"SELECT DISTINCT regency_id, NULL FROM {table}", [])
                return counts
            last_row = rows[-1][0]
            self._write_chunk([dict(zip(STORED_FIELDS, row[1:], strict=True)) for row in rows], counts, actor, reason)

    @staticmethod
    def _write_chunk(staged: list[dict[str, Any]], counts: WriteCounts, actor: User | None, reason: str) -> None:
        existing = _existing([fields["nip"] for fields in staged])
        to_create: list[CivilServant] = []
        to_update: list[CivilServant] = []
        for fields in map(_stored, staged):
            person = existing.get(fields["nip"])
            if person is None:
                to_create.append(CivilServant(**fields))
                continue
            kept = {"pk": person.pk, "service_end": person.service_end, "end_reason": person.end_reason}
            candidate = CivilServant(**kept, **fields)
            if all(getattr(candidate, name) == getattr(person, name) for name in COMPARED_FIELDS):
                counts.unchanged += 1
            else:
                to_update.append(candidate)
        bulk_create_with_history(
            to_create, CivilServant, batch_size=500, default_user=actor, default_change_reason=reason
        )
        update_fields = [name.removesuffix("_id") for name in COMPARED_FIELDS] + ["regency"]
        bulk_update_with_history(
            to_update, CivilServant, update_fields, batch_size=500, default_user=actor, default_change_reason=reason
        )
        counts.created += len(to_create)
        counts.updated += len(to_update)


def _record(row_number: int, fields: dict[str, Any] | None, error: str | None, *, exists: bool) -> tuple[Any, ...]:
    """One row of the frame `validate` returns (see OUTPUT_SCHEMA)."""
    if fields is None or error is not None:
        return (row_number, *[None] * (len(OUTPUT_SCHEMA) - 4), error, exists, None)
    agency: Agency = fields["agency"]
    village: Region | None = fields["home_village"]
    return (
        row_number, fields["nip"], fields["name"], fields["sex"], fields["birth_date"], fields["employment_type"],
        agency.pk, agency.regency_id, fields["unit"], fields["rank"], fields["position"], fields["phone"],
        fields["email"], village.pk if village else None, fields["service_start"], None, exists, agency.code,
    )  # fmt: skip


OUTPUT_SCHEMA = {
    ROW_COLUMN: pl.Int64, "nip": pl.String, "name": pl.String, "sex": pl.String, "birth_date": pl.Date,
    "employment_type": pl.String, "agency_id": pl.Int64, "regency_id": pl.String, "unit": pl.String,
    "rank": pl.String, "position": pl.String, "phone": pl.String, "email": pl.String,
    "home_village_id": pl.String, "service_start": pl.Date, ERROR_COLUMN: pl.String, EXISTS_COLUMN: pl.Boolean,
    "agency": pl.String,
}  # fmt: skip

# The template's header first, then the names BKPSDM/SIMPEG exports use.
CIVIL_SERVANT_COLUMNS = (
    Column("nip", ("NIP", "NIP Baru", "Nomor Induk Pegawai"), required=True, identity=True,
           example="198503172010031004"),
    Column("name", ("Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN"), required=True, example="Agus Santoso"),
    Column("sex", ("Jenis Kelamin", "JK", "L/P"), example="L"),
    Column("birth_date", ("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir"), example="17/03/1985"),
    Column("employment_type", ("Jenis ASN", "Status Pegawai", "Status Kepegawaian", "Jenis Pegawai"), example="PNS"),
    Column("agency", ("Kode OPD", "OPD", "Perangkat Daerah", "Unit Organisasi", "SKPD", "Instansi"), required=True,
           example="DINKES"),
    Column("unit", ("Unit Kerja", "Sub Unit", "Bidang"), example="Bidang P2P"),
    Column("rank", ("Golongan", "Gol", "Gol/Ruang", "Pangkat/Golongan"), example="III/a"),
    Column("position", ("Jabatan", "Nama Jabatan"), example="Epidemiolog Ahli Pertama"),
    # A phone number Excel kept as a number has lost its leading 0: refused like the NIP.
    Column("phone", ("No HP", "Nomor HP", "HP", "Telepon", "No WA"), identity=True, example="081234567890"),
    # Where the activation code can go by e-mail.
    Column("email", ("Email", "E-mail", "Surel", "Alamat Email", "Alamat E-mail"),
           example="agus.santoso@kendalkab.go.id"),
    Column("home_village", ("Kode Desa", "Kode Desa Domisili", "Desa Domisili"), example="33.24.01.2001"),
    Column("service_start", ("TMT", "TMT CPNS", "TMT Pengangkatan", "Mulai Bertugas"), example="01/03/2010"),
)  # fmt: skip
TEMPLATE_HEADERS = [column.label for column in CIVIL_SERVANT_COLUMNS]
IDENTITY_FIELDS = {column.field for column in CIVIL_SERVANT_COLUMNS if column.identity}
# The cells every row's check reads, parsed for the whole chunk at once.
_READ = {
    "_sex": sex_cell("sex"),
    "_birth_date": date_cell_any("birth_date", pl.col("birth_date_is_number")),
    "_service_start": date_cell_any("service_start", pl.col("service_start_is_number")),
    "_home_village": region_code_cell("home_village"),
}
CIVIL_SERVANT_IMPORT = CivilServantImport()
