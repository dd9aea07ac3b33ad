"""BPJS's answer file through the import engine: rows that cannot be used are
refused with a reason in Indonesian, a dry run changes nothing, the worker's
KPJ change is in their history, and the commands that export and import."""

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from peduli.accounts.models import User
from peduli.bpjs.models import RegistrationBatch, RegistrationEntry
from peduli.bpjs.registration import registration_batch_create
from peduli.core.control_characters import CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE
from peduli.core.models import AccessLog
from peduli.regions.models import Region
from peduli.reporting.coverage.snapshots import snapshots_are_fresh, snapshots_refresh
from peduli.workers.models import Worker
from tests.support.records.bpjs_registration import answer_xlsx, import_answers, kpj_for, registered_row, rejected_row


def reasons(batch: Any) -> list[tuple[int, str]]:
    return list(batch.rejected_rows.order_by("row_number").values_list("row_number", "reason"))


def test_rows_that_do_not_fit_a_waiting_registration_are_refused(
    sponsored: Callable[..., list[Worker]], worker_factory: Callable[..., Worker], officer: User, tmp_path: Path
) -> None:
    sent, other = sponsored(2)
    registration_batch_create(actor=officer, limit=1)
    never_sent, holder = worker_factory(), worker_factory(kpj="26000000777")
    rows: list[list[Any]] = [
        [sent.nik, "", "26000000777", "", "Terdaftar", ""],
        ["3324019999990001", "", "26000000001", "", "", ""],
        [other.nik, "", "26000000002", "", "", ""],
        [never_sent.nik, "", "", "", "Ditolak", "NIK ganda"],
        [sent.nik[:-1], "", "26000000003", "", "", ""],
        [sent.nik, "", "", "", "Ditolak", ""],
        [sent.nik, "", "", "", "Entah", ""],
        [sent.nik, "", "", "", "", ""],
        [sent.nik, "", "12", "31/02/2025", "Terdaftar", ""],
        [int(sent.nik), "", "26000000004", "", "", ""],
    ]
    result = import_answers(answer_xlsx(tmp_path / "jawaban.xlsx", rows), actor=officer)
    assert (result.updated_count, result.unchanged_count) == (0, 0)
    assert reasons(result) == [
        (2, f"Nomor KPJ 26000000777 sudah dipakai pekerja lain (NIK {holder.nik})."),
        (3, "NIK 3324019999990001 tidak terdaftar di Peduli."),
        (4, "NIK ini belum pernah dikirim ke BPJS dalam batch pendaftaran."),
        (5, "NIK ini belum pernah dikirim ke BPJS dalam batch pendaftaran."),
        (6, f'NIK "{sent.nik[:-1]}" harus 16 angka.'),
        (7, "Tulis alasan penolakan dari BPJS."),
        (8, 'Status "Entah" tidak dikenal; tulis Terdaftar atau Ditolak.'),
        (9, "Tulis nomor KPJ (terdaftar) atau alasan penolakan (ditolak)."),
        (10, 'Nomor KPJ "12" tidak sah; tulis 6 sampai 20 angka. '
             'Tanggal mulai kepesertaan "31/02/2025" bukan tanggal; tulis dd/mm/yyyy.'),
        (11, f"NIK terbaca sebagai angka ({sent.nik}), sehingga digit terakhirnya bisa hilang. "
             "Format kolom NIK sebagai Teks di Excel, lalu ketik ulang NIK-nya."),
    ]  # fmt: skip
    assert RegistrationEntry.objects.get().status == RegistrationEntry.Status.SENT


def test_a_dry_run_changes_nothing_and_the_real_run_is_audited(
    sponsored: Callable[..., list[Worker]], officer: User, kendal: Region, tmp_path: Path
) -> None:
    workers = sponsored(3)
    registration_batch_create(actor=officer)
    path = answer_xlsx(tmp_path / "jawaban.xlsx", [registered_row(w, "15/07/2025") for w in workers])
    snapshots_refresh(regency=kendal, force=True)
    assert snapshots_are_fresh(kendal)

    dry = import_answers(path, actor=officer, dry_run=True)
    assert (dry.updated_count, dry.rejected_count) == (3, 0)
    assert set(Worker.objects.values_list("kpj", flat=True)) == {""}
    assert set(RegistrationEntry.objects.values_list("status", flat=True)) == {"sent"}
    assert snapshots_are_fresh(kendal)

    import_answers(path, actor=officer)
    entry = RegistrationEntry.objects.get(worker=workers[0])
    assert (entry.status, entry.kpj, entry.membership_start) == ("registered", kpj_for(workers[0]), date(2025, 7, 15))
    assert entry.responded_at is not None
    change = workers[0].history.order_by("-history_id").first()
    assert (change.kpj, change.history_user, change.history_change_reason.startswith("Jawaban BPJS")) == (
        kpj_for(workers[0]),
        officer,
        True,
    )
    assert not snapshots_are_fresh(kendal)


def test_the_commands_export_a_batch_and_import_the_answer(
    sponsored: Callable[..., list[Worker]], tmp_path: Path
) -> None:
    workers = sponsored(2)
    out = io.StringIO()
    call_command("bpjs_export", "-o", str(tmp_path / "batch.xlsx"), stdout=out)
    batch = RegistrationBatch.objects.get()
    assert f"Batch pendaftaran nomor {batch.pk}: 2 pekerja." in out.getvalue()
    sheet = load_workbook(tmp_path / "batch.xlsx").active
    assert sheet is not None and sheet.max_row == 3
    assert AccessLog.objects.filter(subject="bpjs_registration_batch", action="export", row_count=2).exists()

    call_command("bpjs_export", "--batch", str(batch.pk), "-o", str(tmp_path / "again.xlsx"), stdout=io.StringIO())
    assert (tmp_path / "again.xlsx").read_bytes()[:2] == b"PK"
    assert RegistrationBatch.objects.count() == 1

    answer = answer_xlsx(
        tmp_path / "jawaban.xlsx", [registered_row(workers[0]), rejected_row(workers[1], "Foto KTP buram")]
    )
    out = io.StringIO()
    call_command("bpjs_import_response", str(answer), stdout=out)
    assert "2 diperbarui, 0 tidak berubah, 0 ditolak" in out.getvalue()
    with pytest.raises(CommandError, match="Tidak ada pekerja yang perlu didaftarkan"):
        call_command("bpjs_export", stdout=io.StringIO())


def test_a_row_with_a_control_character_in_a_text_cell_is_refused_naming_the_column(
    sponsored: Callable[..., list[Worker]], officer: User, tmp_path: Path
) -> None:
    first, second = sponsored(2)
    registration_batch_create(actor=officer)
    # NEL (U+0085), a C1 control character from a legacy export.
    rows = [rejected_row(first, "Foto KTP\x85buram"), rejected_row(second, "NIK ganda")]

    result = import_answers(answer_xlsx(tmp_path / "jawaban.xlsx", rows), actor=officer)

    assert (result.updated_count, result.rejected_count) == (1, 1)
    assert reasons(result) == [(2, str(CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE) % {"columns": "Alasan Penolakan"})]
    answered = dict(RegistrationEntry.objects.values_list("worker_id", "rejection_reason"))
    assert answered == {first.pk: "", second.pk: "NIK ganda"}
