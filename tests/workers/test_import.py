"""The worker import through the shared engine: what is refused and why,
idempotence, updates by NIK, dry run, and what a killed import leaves."""

import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from pytest_django.fixtures import Settings

from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.errors import ApplicationError
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_batch_run, import_file
from peduli.regions.models import Region
from peduli.workers.models import DuplicateFlag, Worker
from peduli.workers.services import worker_verify
from tests.support.files import csv_write

HEADERS = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa", "Alamat", "No HP", "Pekerjaan"]
ROWS = [
    ["3324014506850001", "Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "Dusun Krajan RT 02 RW 01", "081234567890",
     "Buruh tani"],
    ["3324011706850002", "Budi Santoso", "1985-06-17", "L", "3324012002", "", "", "Nelayan"],
    ["3324015208900003", "Dewi Lestari", "12/08/1990", "P", "33.24.01.2003", "", "", "Pedagang kaki lima"],
    ["3324010101800004", "Slamet", "01/01/1980", "L", "33.24.01.2001", "", "", "Petani"],
]  # fmt: skip


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    lines = [",".join(HEADERS)] + [",".join(str(cell) for cell in row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def libreoffice_xlsx(source: Path, target_dir: Path) -> Path:
    """Let LibreOffice save the workbook again, as a clerk's office suite would."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (make test installs libreoffice-calc-nogui)")
    ods = target_dir / "roundtrip.ods"
    subprocess.run([office, "--headless", "--convert-to", "ods", "--outdir", str(target_dir), str(source)],
                   check=True, capture_output=True, env=os.environ | {"HOME": str(target_dir)})  # fmt: skip
    shutil.move(target_dir / f"{source.stem}.ods", ods)
    subprocess.run([office, "--headless", "--convert-to", "xlsx", "--outdir", str(target_dir), str(ods)],
                   check=True, capture_output=True, env=os.environ | {"HOME": str(target_dir)})  # fmt: skip
    return target_dir / "roundtrip.xlsx"


def run(path: Path, *, dry_run: bool = False) -> ImportBatch:
    return import_file(kind="workers", path=path, actor=None, dry_run=dry_run)


def test_numeric_nik_from_libreoffice_is_refused_row_by_row_and_the_fixed_rows_come_in(
    kendal: Region, tmp_path: Path
) -> None:
    rows: list[list[Any]] = [list(row) for row in ROWS]
    rows[1][0] = int(rows[1][0])  # typed into a number-formatted column
    rows[3][0] = float(rows[3][0])
    made = libreoffice_xlsx(write_xlsx(tmp_path / "pekerja.xlsx", rows), tmp_path)

    first = run(made)

    assert (first.created_count, first.rejected_count) == (2, 2)
    reasons = list(first.rejected_rows.order_by("row_number").values_list("row_number", "reason"))
    assert [number for number, _reason in reasons] == [3, 5]
    assert all("Format kolom NIK sebagai Teks" in reason for _number, reason in reasons)
    assert set(Worker.objects.values_list("nik", flat=True)) == {ROWS[0][0], ROWS[2][0]}

    from peduli.imports.exports import rejected_rows_xlsx
    from peduli.imports.registry import spec_for

    sheet = load_workbook(io.BytesIO(rejected_rows_xlsx(spec_for("workers"), first))).active
    assert sheet is not None
    returned = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert returned[0][-1] == "Keterangan" and len(returned) == 3
    fixed = [[ROWS[1][0], *row[1:-1]] if row[1] == "Budi Santoso" else [ROWS[3][0], *row[1:-1]] for row in returned[1:]]
    second = run(write_xlsx(tmp_path / "perbaikan.xlsx", fixed))

    assert (second.created_count, second.updated_count, second.rejected_count) == (2, 0, 0)
    assert Worker.objects.count() == 4


def test_reimporting_the_same_file_changes_nothing(kendal: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pekerja.csv", ROWS)
    run(path)
    again = run(path)
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 4)
    assert Worker.objects.count() == 4
    # The first run's registrations, nothing from the second.
    assert list(Worker.history.values_list("history_type", flat=True)) == ["+"] * 4  # type: ignore[attr-defined]


def test_updates_go_by_nik_keep_what_an_empty_cell_does_not_say_and_are_audited(kendal: Region, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS))
    changed = [list(row) for row in ROWS]
    changed[0][1] = "Siti Aminah Binti Karto"
    changed[0][6] = ""  # phone left empty: not erased
    batch = run(write_csv(tmp_path / "b.csv", changed))
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (0, 1, 3)
    siti = Worker.objects.get(nik=ROWS[0][0])
    assert (siti.name, siti.phone) == ("Siti Aminah Binti Karto", "081234567890")
    record = siti.history.get(history_type="~")  # type: ignore[attr-defined]
    assert f"#{batch.pk}" in record.history_change_reason


def test_dry_run_writes_nothing_and_predicts_the_real_run(kendal: Region, tmp_path: Path) -> None:
    rows = [*ROWS, ["3324011706850002", "Budi Lagi", "", "", "33.24.01.2002", "", "", "Nelayan"]]
    path = write_csv(tmp_path / "pekerja.csv", rows)
    preview = run(path, dry_run=True)
    assert Worker.objects.count() == 0
    real = run(path)
    counts = ("created_count", "updated_count", "unchanged_count", "rejected_count", "duplicate_count")
    assert [getattr(preview, name) for name in counts] == [getattr(real, name) for name in counts]
    assert preview.rejected_rows.get().reason == "NIK ini sudah muncul di baris 3 berkas ini."
    assert len(preview.preview) == 4 and preview.preview[0]["action"] == "create"


def test_every_bad_cell_of_a_row_is_named_in_indonesian(kendal: Region, tmp_path: Path) -> None:
    bad = ["3324011706850009", "", "31/02/1985", "X", "99.99.99.9999", "", "12345", "Pilot"]
    batch = run(write_csv(tmp_path / "buruk.csv", [bad]))
    reason = batch.rejected_rows.get().reason
    for expected in ("Nama wajib diisi", "Tanggal lahir", "Jenis kelamin", "Kode desa 99.99.99.9999",
                     "Pekerjaan \"Pilot\"", "Nomor HP \"12345\""):  # fmt: skip
        assert expected in reason


def test_probable_duplicates_in_a_file_are_flagged_for_review(kendal: Region, tmp_path: Path) -> None:
    twin = ["3324014506850011", "Hj. Siti Aminah", "05/06/1985", "P", "33.24.01.2001", "", "", "Buruh tani"]
    batch = run(write_csv(tmp_path / "pekerja.csv", [*ROWS, twin]))
    assert batch.duplicate_count == 1
    flag = DuplicateFlag.objects.get()
    assert {flag.worker.nik, flag.candidate.nik} == {ROWS[0][0], twin[0]}


def test_a_file_without_the_required_columns_is_unusable(kendal: Region, tmp_path: Path) -> None:
    path = tmp_path / "salah.csv"
    path.write_text("Nomor,Nama Orang\n1,Siti\n")
    with pytest.raises(ApplicationError, match="Kolom wajib tidak ditemukan: NIK"):
        run(path)
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_the_registry_as_it_was_and_the_batch_resumable(
    kendal: Region, tmp_path: Path, settings: Settings
) -> None:
    from django.db import connection

    from bench.import_workers import generate
    from peduli.regions.models import Region

    villages = list(Region.objects.filter(level=Region.Level.VILLAGE).values_list("code", flat=True))
    path = tmp_path / "besar.csv"
    generate(path, 120_000, villages)
    before = Worker.objects.count()
    database = connection.settings_dict
    url = (
        f"sqlite:///{database['NAME']}"
        if connection.vendor == "sqlite"
        else f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    if connection.vendor == "sqlite" and "memory" in str(database["NAME"]):
        pytest.skip("an in-memory test database cannot be shared with a second process")
    command = [sys.executable, "-m", "peduli", "import_workers", str(path)]
    env = os.environ | {"DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert process.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    while b"menyimpan" not in seen and time.monotonic() < deadline and process.poll() is None:
        seen += os.read(process.stderr.fileno(), 4096)
    finished_by_itself = process.poll() is not None
    if not finished_by_itself:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert not finished_by_itself, seen.decode(errors="replace")[-2000:]
    assert b"menyimpan" in seen, "the import never reached its writing stage"
    assert Worker.objects.count() == before
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.RUNNING and batch.created_count == 0

    settings.MEDIA_ROOT = str(tmp_path / "media")
    resumed = import_batch_run(batch=batch)
    assert resumed.status == ImportBatch.Status.DONE
    assert Worker.objects.count() == before + 120_000 == before + resumed.created_count


def test_the_address_line_repeats_rt_rw_only_when_the_address_lacks_them(kendal: Region, tmp_path: Path) -> None:
    rows = [[*ROWS[0]], [*ROWS[1]]]
    rows[1][5] = "Dusun Krajan"
    run(write_csv(tmp_path / "a.csv", rows))
    with_rt, without = Worker.objects.get(nik=ROWS[0][0]), Worker.objects.get(nik=ROWS[1][0])
    assert with_rt.address_line == "Dusun Krajan RT 02 RW 01"
    assert (with_rt.rt, with_rt.rw) == ("002", "001")
    assert without.address_line == "Dusun Krajan"


def test_an_imported_worker_is_registered_as_one_typed_in_would_be(kendal: Region, tmp_path: Path) -> None:
    batch = run(write_csv(tmp_path / "pekerja.csv", ROWS))

    for worker in Worker.objects.all():
        created = worker.history.get()  # type: ignore[attr-defined]
        assert created.history_type == "+" and f"#{batch.pk}" in created.history_change_reason
        assert created.name == worker.name
        change = worker.status_changes.get()
        assert (change.from_status, change.to_status) == ("", Worker.Status.REGISTERED)
        assert change.effective_on == worker.status_since and f"#{batch.pk}" in change.note


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    kendal: Region, tmp_path: Path
) -> None:
    rows = [list(row) for row in ROWS]
    rows[0][5] = "Dusun\x07 Krajan"  # BEL, from a copy out of another system
    rows[1][1] = "Budi\x00 Santoso"  # NUL, which PostgreSQL cannot even hold
    rows[3][5] = "Dusun Krajan\r\nRT 02\tRW 01"  # a line break Excel keeps in an address cell
    path = csv_write(tmp_path, [HEADERS, *rows], name="pekerja.csv")

    batch = import_file(kind="workers", path=path, actor=None, dry_run=False)

    reasons = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert reasons == {
        2: str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Alamat"},
        3: str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Nama"},
    }
    assert (batch.created_count, batch.rejected_count) == (2, 2)
    assert sorted(Worker.objects.values_list("nik", flat=True)) == sorted([ROWS[2][0], ROWS[3][0]])
    assert Worker.objects.get(nik=ROWS[3][0]).address == "Dusun Krajan RT 02 RW 01"


def _verified(nik: str) -> Worker:
    return worker_verify(actor=None, worker=Worker.objects.get(nik=nik))


def test_the_preview_lists_each_update_field_by_field_and_marks_rows_that_change_nothing(
    kendal: Region, tmp_path: Path
) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS))
    changed = [list(row) for row in ROWS]
    changed[1][5] = "Dusun Sumber"  # an address where there was none
    changed[1][7] = "Petani"
    changed[2][4] = "33.24.01.2001"
    preview = run(write_csv(tmp_path / "b.csv", changed), dry_run=True)

    assert Worker.objects.get(nik=ROWS[1][0]).address == ""  # a dry run writes nothing
    village = Region.objects.get(code="33.24.01.2001").name
    other = Region.objects.get(code="33.24.01.2003").name
    assert preview.changes == [
        {"row": 3, "key": ROWS[1][0], "name": "Budi Santoso", "fields": [
            {"column": "Alamat", "old": "(kosong)", "new": "Dusun Sumber"},
            {"column": "Pekerjaan", "old": "Nelayan", "new": "Petani"},
        ]},
        {"row": 4, "key": ROWS[2][0], "name": "Dewi Lestari", "fields": [
            {"column": "Kode Desa", "old": f"{other} (33.24.01.2003)", "new": f"{village} (33.24.01.2001)"},
        ]},
    ]  # fmt: skip
    assert [row["action"] for row in preview.preview] == ["unchanged", "update", "update", "unchanged"]
    assert (preview.updated_count, preview.unchanged_count) == (2, 2)


def test_a_verified_workers_identity_is_not_changed_by_an_ordinary_import(kendal: Region, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS))
    _verified(ROWS[0][0])
    _verified(ROWS[1][0])
    changed = [list(row) for row in ROWS]
    changed[0][1] = "SITI AMINAH"  # the same name written another way: kept as registered
    changed[0][6] = "081298765432"
    changed[1][1] = "Budi Susanto"  # a slip corrected, but of a verified worker
    changed[3][1] = "Slamet Riyadi"  # not verified: its name may be completed

    batch = run(write_csv(tmp_path / "b.csv", changed))

    assert batch.rejected_rows.get().reason == (
        "Nama pekerja yang sudah diverifikasi hanya diubah lewat impor koreksi data dengan alasannya: "
        '"Budi Santoso" → "Budi Susanto".'
    )
    siti = Worker.objects.get(nik=ROWS[0][0])
    assert (siti.name, siti.phone) == ("Siti Aminah", "081298765432")
    assert Worker.objects.get(nik=ROWS[1][0]).name == "Budi Santoso"
    assert Worker.objects.get(nik=ROWS[3][0]).name == "Slamet Riyadi"


def test_a_nik_given_with_another_persons_name_is_refused_naming_both(kendal: Region, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS))
    changed = [list(ROWS[3])]
    changed[0][1] = "Sudah Ada"  # the holder is not even verified
    batch = run(write_csv(tmp_path / "b.csv", changed))
    assert batch.rejected_rows.get().reason.startswith(
        'NIK milik orang lain? Di berkas "Sudah Ada", terdaftar atas nama "Slamet".'
    )
    assert Worker.objects.get(nik=ROWS[3][0]).name == "Slamet"


def test_a_correction_batch_changes_identity_for_its_reason_recorded_in_history(kendal: Region, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS))
    _verified(ROWS[0][0])
    changed = [list(ROWS[0])]
    changed[0][1] = "Darsih Aminah"
    path = write_csv(tmp_path / "b.csv", changed)

    batch = import_file(kind="workers", path=path, actor=None, dry_run=False, correction_reason="Salah ketik  nama")

    assert (batch.updated_count, batch.rejected_count, batch.correction_reason) == (1, 0, "Salah ketik nama")
    worker = Worker.objects.get(nik=ROWS[0][0])
    assert worker.name == "Darsih Aminah"
    record = worker.history.filter(history_type="~").latest("history_date")  # type: ignore[attr-defined]
    assert record.history_change_reason == f"Koreksi data (impor #{batch.pk}): Salah ketik nama"
    assert batch.changes[0]["fields"] == [{"column": "Nama", "old": "Siti Aminah", "new": "Darsih Aminah"}]


def test_correction_is_only_for_the_worker_registry_and_its_reason_is_short(kendal: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ROWS)
    with pytest.raises(ApplicationError, match="tidak mengenal koreksi data"):
        import_file(kind="civil_servants", path=path, actor=None, dry_run=True, correction_reason="Salah")
    with pytest.raises(ApplicationError, match="paling panjang 60 huruf"):
        import_file(kind="workers", path=path, actor=None, dry_run=True, correction_reason="x" * 61)


def test_the_birth_place_comes_in_from_its_column(kendal: Region, tmp_path: Path) -> None:
    run(write_csv(tmp_path / "a.csv", ROWS[:1]))
    path = csv_write(tmp_path, [[*HEADERS, "Tmp. Lahir"], [*ROWS[0], "Kendal"]], name="b.csv")
    batch = import_file(kind="workers", path=path, actor=None, dry_run=False)
    worker = Worker.objects.get(nik=ROWS[0][0])
    assert (batch.updated_count, worker.birth_place) == (1, "Kendal")
    assert batch.changes[0]["fields"] == [{"column": "Tempat Lahir", "old": "(kosong)", "new": "Kendal"}]


def test_a_text_longer_than_its_field_is_refused_not_cut(kendal: Region, tmp_path: Path) -> None:
    rows = [list(ROWS[0])]
    rows[0][5] = "Dusun " + "Krajan " * 40
    batch = run(write_csv(tmp_path / "a.csv", rows))
    assert batch.rejected_rows.get().reason == "Alamat terlalu panjang (lebih dari 255 huruf)."
