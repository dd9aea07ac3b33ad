"""Importing the civil-servant roster as the personnel office (BKPSDM) exports it.

Rows are read, checked one by one with the same rules as the form
(`civil_servant_clean`), and written in chunks: new NIPs are inserted, known
NIPs updated when something changed, so re-importing a file changes nothing.
A dry run checks without writing. This is the foundation's simple importer; the
shared import engine of the worker registry replaces it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from peduli.accounts.models import User
from peduli.accounts.scoping import manages_roster_everywhere
from peduli.agencies.models import Agency, CivilServant, RosterImport
from peduli.agencies.selectors import agency_queryset_manageable_by
from peduli.agencies.services import CivilServantData, civil_servant_clean, duplicate_nip_error
from peduli.core.errors import ApplicationError
from peduli.core.identity import identity_cell_text, normalize_nip, parse_nip
from peduli.core.parsing import parse_date_cell, parse_sex_cell, region_code_from_cell
from peduli.core.tables import SUPPORTED_SUFFIXES, header_key, read_table
from peduli.regions.models import Region

CHUNK_SIZE = 1000

# The template's header first, then the names BKPSDM/SIMPEG exports use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "nip": ("NIP", "NIP Baru", "Nomor Induk Pegawai"),
    "name": ("Nama", "Nama Lengkap", "Nama Pegawai", "Nama ASN"),
    "sex": ("Jenis Kelamin", "JK", "L/P"),
    "birth_date": ("Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir"),
    "employment_type": ("Jenis ASN", "Status Pegawai", "Status Kepegawaian", "Jenis Pegawai"),
    "agency": ("Kode OPD", "OPD", "Perangkat Daerah", "Unit Organisasi", "SKPD", "Instansi"),
    "unit": ("Unit Kerja", "Sub Unit", "Bidang"),
    "rank": ("Golongan", "Gol", "Gol/Ruang", "Pangkat/Golongan"),
    "position": ("Jabatan", "Nama Jabatan"),
    "phone": ("No HP", "Nomor HP", "HP", "Telepon", "No WA"),
    "home_village": ("Kode Desa", "Kode Desa Domisili", "Desa Domisili"),
    "service_start": ("TMT", "TMT CPNS", "TMT Pengangkatan", "Mulai Bertugas"),
}
REQUIRED = ("nip", "name", "agency")
TEMPLATE_HEADERS = [aliases[0] for aliases in COLUMNS.values()]
COMPARED_FIELDS = (
    "name", "sex", "birth_date", "employment_type", "agency_id", "unit", "rank", "position", "phone",
    "home_village_id", "service_start",
)  # fmt: skip
NOTE_HEADER = "Keterangan"


@dataclass
class ImportOutcome:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


def map_headers(headers: list[str]) -> dict[str, int]:
    """Field → column index; raises ApplicationError naming missing columns."""
    by_key = {header_key(h): i for i, h in enumerate(headers)}
    mapping: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if header_key(alias) in by_key:
                mapping[name] = by_key[header_key(alias)]
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in mapping]
    if missing:
        raise ApplicationError(
            _("Kolom wajib tidak ditemukan: %(columns)s. Unduh templat untuk melihat judul kolom yang dikenali.")
            % {"columns": ", ".join(missing)},
            field="file",
        )
    return mapping


class _Lookups:
    """Agencies and villages by the ways a file names them, loaded once."""

    def __init__(self, actor: User | None) -> None:
        agencies = list(Agency.objects.select_related("regency"))
        self.agency_by_code = {a.code.upper(): a for a in agencies}
        self.agency_by_name = {a.name.lower(): a for a in agencies} | {
            a.short_name.lower(): a for a in agencies if a.short_name
        }
        self.manageable = (
            None if actor is None else set(agency_queryset_manageable_by(actor).values_list("pk", flat=True))
        )
        self.moves_allowed = actor is None or manages_roster_everywhere(actor)
        self.villages: dict[str, Region] = {}

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

    def village(self, value: object) -> Region | None:
        code = region_code_from_cell(value)
        if not code:
            return None
        if code not in self.villages:
            found = Region.objects.filter(code=code, level=Region.Level.VILLAGE).first()
            if found is None:
                raise ApplicationError(
                    _("Kode desa %(code)s tidak ada dalam daftar wilayah.") % {"code": code}, field="home_village"
                )
            self.villages[code] = found
        return self.villages[code]


def _row_data(cells: list[Any], mapping: dict[str, int], lookups: _Lookups) -> CivilServantData:
    def cell(name: str) -> Any:
        return cells[mapping[name]] if name in mapping else ""

    nip_text = normalize_nip(identity_cell_text(cell("nip"), label="NIP"))
    info = parse_nip(nip_text)
    employment_type = str(cell("employment_type") or "").strip().upper() or info.employment_type
    return CivilServantData(
        nip=nip_text,
        name=str(cell("name") or ""),
        sex=parse_sex_cell(cell("sex")) or info.sex,
        birth_date=parse_date_cell(cell("birth_date"), field="birth_date", label=_("Tanggal lahir")) or info.birth_date,
        employment_type=employment_type,
        agency=lookups.agency(cell("agency")),
        unit=str(cell("unit") or ""),
        rank=str(cell("rank") or ""),
        position=str(cell("position") or ""),
        phone=identity_cell_text(cell("phone"), label="No HP") if cell("phone") != "" else "",
        home_village=lookups.village(cell("home_village")),
        service_start=parse_date_cell(cell("service_start"), field="service_start", label="TMT"),
    )


def _reject(outcome: ImportOutcome, row_number: int, cells: list[Any], message: str) -> None:
    values = ["" if value is None else str(value) for value in cells]
    outcome.rejected.append({"row": row_number, "values": values, "reason": message})


def roster_import_file(
    *,
    actor: User | None,
    path: Path,
    dry_run: bool,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[list[str], ImportOutcome]:
    """Import (or, with dry_run, only check) a roster file.

    Returns the headers and the outcome. Raises ApplicationError when the file
    itself is unusable (format, empty, required columns missing).
    """
    headers, rows = read_table(path)
    mapping = map_headers(headers)
    lookups = _Lookups(actor)
    outcome = ImportOutcome(total_rows=len(rows))
    seen: dict[str, int] = {}
    for start in range(0, len(rows), CHUNK_SIZE):
        chunk = rows[start : start + CHUNK_SIZE]
        cleaned: list[tuple[int, list[Any], dict[str, Any]]] = []
        for offset, cells in enumerate(chunk):
            row_number = start + offset + 2  # 1-based, after the header row
            try:
                fields = civil_servant_clean(_row_data(cells, mapping, lookups))
            except ApplicationError as error:
                _reject(outcome, row_number, cells, error.message)
                continue
            if fields["nip"] in seen:
                _reject(
                    outcome, row_number, cells,
                    _("NIP ini sudah muncul di baris %(row)d berkas ini.") % {"row": seen[fields["nip"]]},
                )  # fmt: skip
                continue
            seen[fields["nip"]] = row_number
            cleaned.append((row_number, cells, fields))
        _write_chunk(actor=actor, cleaned=cleaned, outcome=outcome, lookups=lookups, dry_run=dry_run)
        if on_progress is not None:
            on_progress(min(start + CHUNK_SIZE, len(rows)), len(rows))
    return headers, outcome


def _write_chunk(
    *,
    actor: User | None,
    cleaned: list[tuple[int, list[Any], dict[str, Any]]],
    outcome: ImportOutcome,
    lookups: _Lookups,
    dry_run: bool,
) -> None:
    existing = {
        person.nip: person
        for person in CivilServant.objects.filter(nip__in=[fields["nip"] for _r, _c, fields in cleaned]).select_related(
            "agency"
        )
    }
    to_create: list[CivilServant] = []
    to_update: list[CivilServant] = []
    for row_number, cells, fields in cleaned:
        person = existing.get(fields["nip"])
        if person is None:
            to_create.append(CivilServant(**fields))
            continue
        if lookups.manageable is not None and person.agency_id not in lookups.manageable:
            _reject(outcome, row_number, cells, duplicate_nip_error(person).message)
            continue
        if person.agency_id != fields["agency"].pk and not lookups.moves_allowed:
            _reject(outcome, row_number, cells, _("Mutasi ke OPD lain dilakukan oleh admin Disperinaker."))
            continue
        candidate = CivilServant(pk=person.pk, service_end=person.service_end, end_reason=person.end_reason, **fields)
        if all(getattr(candidate, name) == getattr(person, name) for name in COMPARED_FIELDS):
            outcome.unchanged += 1
        else:
            to_update.append(candidate)
    outcome.created += len(to_create)
    outcome.updated += len(to_update)
    if dry_run:
        return
    with transaction.atomic():
        bulk_create_with_history(to_create, CivilServant, batch_size=500, default_user=actor)
        update_fields = [name.removesuffix("_id") for name in COMPARED_FIELDS] + ["regency"]
        bulk_update_with_history(to_update, CivilServant, update_fields, batch_size=500, default_user=actor)


def roster_import_run(*, roster_import: RosterImport) -> RosterImport:
    """Process a stored upload, saving progress as it goes. Used by the
    background task; never raises for a bad file (the import records it)."""
    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=done, total_rows=total)

    try:
        headers, outcome = roster_import_file(
            actor=roster_import.uploaded_by,
            path=Path(roster_import.file.path),
            dry_run=roster_import.dry_run,
            on_progress=progress,
        )
    except ApplicationError as error:
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=RosterImport.Status.FAILED, error=error.message, finished_at=timezone.now()
        )
    else:
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=RosterImport.Status.DONE,
            headers=headers,
            total_rows=outcome.total_rows,
            processed_rows=outcome.total_rows,
            created_count=outcome.created,
            updated_count=outcome.updated,
            unchanged_count=outcome.unchanged,
            rejected_rows=outcome.rejected,
            finished_at=timezone.now(),
        )
    roster_import.refresh_from_db()
    return roster_import


def roster_import_start(*, actor: User, uploaded_file: Any, dry_run: bool) -> RosterImport:
    """Store an uploaded roster file and queue its processing.

    Not atomic on purpose: the record must be committed before the worker
    looks for it.
    """
    # Imported here because the task module imports this one.
    from peduli.agencies.tasks import roster_import_task

    if not agency_queryset_manageable_by(actor).exists():
        raise ApplicationError(_("Anda tidak berwenang mengimpor data ASN."), code="forbidden")
    name = getattr(uploaded_file, "name", "berkas")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApplicationError(_("Format berkas tidak didukung; unggah .xlsx, .xls, .ods atau .csv."), field="file")
    roster_import = RosterImport(original_name=Path(name).name, uploaded_by=actor, dry_run=dry_run)
    roster_import.file.save(Path(name).name, uploaded_file, save=False)
    roster_import.save()
    roster_import_task.enqueue(roster_import.pk)
    return roster_import


def roster_import_confirm(*, actor: User, roster_import: RosterImport) -> RosterImport:
    """After a dry run the user has checked, import the same file for real."""
    if not roster_import.dry_run or roster_import.status != RosterImport.Status.DONE:
        raise ApplicationError(_("Hanya hasil uji coba yang selesai yang dapat diimpor."))
    with roster_import.file.open("rb") as handle:
        return roster_import_start(
            actor=actor, uploaded_file=File(handle, name=roster_import.original_name), dry_run=False
        )
