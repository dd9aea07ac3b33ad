"""The `peduli bpjs_import_members` and `peduli bpjs_import_claims` commands."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from peduli.bpjs.models import Claim, Member, MemberCount
from peduli.regions.models import Region
from tests.support.files import csv_write
from tests.support.records.bpjs_members import nik_for


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command(*args, stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_a_month_list_and_its_counts_are_imported_from_the_command_line(kendal: Region, tmp_path: Path) -> None:
    members = csv_write(tmp_path, [["NIK", "Nama"], [nik_for(1), "Siti"], ["123", "Salah"]], name="bpu.csv")
    counts = csv_write(tmp_path, [["Kode Desa", "Jumlah"], ["33.24.01.2001", "12"]], name="jumlah.csv")

    code, out = _run("bpjs_import_members", str(members), "--month", "2025-06")
    assert code == 3 and "1 ditambahkan" in out and "baris 3: NIK harus 16 digit" in out
    assert str(Member.objects.get().last_month) == "2025-06-01"
    assert _run("bpjs_import_members", str(counts), "--month", "2025-06", "--counts")[0] == 0
    assert MemberCount.objects.get().count == 12


@pytest.mark.django_db
def test_the_command_needs_the_month_and_an_existing_file(kendal: Region, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="month"):
        call_command("bpjs_import_members", str(tmp_path / "x.csv"), stderr=StringIO())
    assert _run("bpjs_import_members", str(tmp_path / "tidak-ada.csv"), "--month", "2025-06")[0] == 2


@pytest.mark.django_db
def test_a_claim_report_is_imported_from_the_command_line(kendal: Region, tmp_path: Path) -> None:
    report = csv_write(tmp_path, [["Nomor Klaim", "NIK", "Jenis", "Tanggal Kejadian"], ["K-1", nik_for(1), "JKK",
                                                                                         "01/05/2025"]])  # fmt: skip

    code, out = _run("bpjs_import_claims", str(report))

    assert code == 0 and "1 ditambahkan" in out
    assert Claim.objects.get().kind == "jkk"
