import io
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peduli.regions.models import Region
from peduli.workers.models import DuplicateFlag, Worker
from peduli.workers.services import WorkerData, worker_create

SITI = "3324014506850001"  # woman, born 05/06/1985, district 33.24.01
BUDI = "3324011706850002"  # man, born 17/06/1985
VILLAGE = "33.24.01.2001"


def register(nik: str = SITI, name: str = "Siti Aminah", **fields: Any) -> Worker:
    return worker_create(
        actor=None, data=WorkerData(nik=nik, name=name, village=VILLAGE, occupation="Nelayan", **fields)
    )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_verify_then_protect_then_show_history(kendal: Region) -> None:
    register(kpj="12345678901")
    assert "terverifikasi" in run("worker", "verify", SITI)
    assert "terlindungi" in run("worker", "protect", SITI)
    out = run("worker", "show", SITI)
    assert "Terlindungi" in out and "Siti Aminah" in out
    assert out.index("verified → protected") < out.index("registered → verified")


def test_protect_without_kpj_is_refused_with_the_service_message(kendal: Region) -> None:
    register()
    run("worker", "verify", SITI)
    with pytest.raises(CommandError, match="KPJ"):
        run("worker", "protect", SITI)


def test_return_records_what_to_correct(kendal: Region) -> None:
    register()
    assert "dikembalikan" in run("worker", "return", SITI, "--reason", "Alamat kosong")
    assert Worker.objects.get().returned_reason == "Alamat kosong"
    with pytest.raises(CommandError, match="dikembalikan"):
        run("worker", "verify", SITI)


def test_end_with_reason_and_date(kendal: Region) -> None:
    register()
    out = run("worker", "end", SITI, "--reason", "moved_out", "--on", "2026-02-01")
    assert "01/02/2026" in out
    worker = Worker.objects.get()
    assert (worker.status, worker.end_reason, worker.status_since) == ("ended", "moved_out", date(2026, 2, 1))
    assert "Siti Aminah (3324014506850001) kembali Terdaftar." in run("worker", "undo-end", SITI)
    worker.refresh_from_db()
    assert (worker.status, worker.end_reason) == ("registered", "")


def test_unknown_nik_is_an_error(kendal: Region) -> None:
    with pytest.raises(CommandError, match="tidak ada"):
        run("worker", "show", "3324019999999999")


def test_end_aged_lists_then_ends_with_apply(kendal: Region) -> None:
    register()
    register(nik=BUDI, name="Budi Santoso")
    out = run("worker", "end-aged", "--on", "2050-06-10")
    assert "Siti Aminah" in out and "Budi Santoso" not in out and "--apply" in out
    assert not Worker.objects.filter(status="ended").exists()
    assert "1 pekerja diakhiri" in run("worker", "end-aged", "--on", "2050-06-10", "--apply")
    assert Worker.objects.get(nik=SITI).end_reason == "aged_out"
    assert Worker.objects.get(nik=BUDI).status == "registered"


def test_merge_ends_the_other_record_as_duplicate(kendal: Region) -> None:
    register()
    register(nik="3324014506850003", name="Siti Aminah", phone="081234567890")
    assert "digabung" in run("worker", "merge", SITI, "3324014506850003")
    kept, other = Worker.objects.get(nik=SITI), Worker.objects.get(nik="3324014506850003")
    assert kept.phone == "081234567890"
    assert (other.status, other.merged_into_id) == ("ended", kept.pk)
    assert DuplicateFlag.objects.get().status == "merged"


def test_merge_without_an_open_flag_is_an_error(kendal: Region) -> None:
    register()
    register(nik=BUDI, name="Budi Santoso")
    with pytest.raises(CommandError, match="Tidak ada kemungkinan duplikat"):
        run("worker", "merge", SITI, BUDI)


def test_check_nik_prints_what_the_nik_says(kendal: Region) -> None:
    out = run("check_nik", SITI, "--sex", "P", "--birth-date", "05/06/1985")
    assert "NIK sah" in out and "33.24.01" in out and "05/06/1985" in out and "perempuan" in out


def test_check_nik_exits_1_with_the_indonesian_message(kendal: Region) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_nik", BUDI, "--sex", "P", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert "Jenis kelamin tidak cocok dengan NIK" in err.getvalue()
