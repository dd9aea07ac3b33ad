"""`peduli baseline` and `peduli target`: the same services as the page and
the API, from the command line (the operator, actor None)."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from peduli.regions.models import Region
from peduli.reporting.models import InformalWorkerBaseline, Target
from tests.support.files import write_xlsx
from tests.support.records.baselines import HEADERS, bps_table


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_recording_listing_and_deleting_figures(kendal: Region) -> None:
    out = run("baseline", "--year", "2025", "--district", "33.24.01", "--workers", "10988", "--source", "BPS",
              "--pct", "9.99")  # fmt: skip
    assert "Disimpan" in out
    run("baseline", "--year", "2025", "--workers", "338681", "--source", "BPS")
    listed = run("baseline", "--list")
    assert "2025: 10.988 pekerja informal (BPS)" in listed
    assert "33.24.01   Plantungan" in listed and "100,00%" in listed
    assert "! Tahun 2025: baru 1 dari 20 kecamatan" in listed
    assert "persentase tertulis 9,99%" not in listed  # shares wait until every district has its figure
    run("baseline", "--delete", "--year", "2025", "--district", "33.24.01")
    assert list(InformalWorkerBaseline.objects.values_list("district_id", flat=True)) == [None]


def test_a_refusal_ends_the_command_with_its_message(kendal: Region) -> None:
    with pytest.raises(CommandError, match="Sumber data wajib diisi"):
        run("baseline", "--year", "2025", "--workers", "5")
    with pytest.raises(CommandError, match=r"Kecamatan dengan kode 33\.24\.99 tidak ada"):
        run("baseline", "--year", "2025", "--district", "33.24.99", "--workers", "5", "--source", "BPS")


def test_importing_a_bps_table_prints_what_does_not_add_up(kendal: Region, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bps.xlsx", bps_table(kendal, share="5,05"), HEADERS)
    out = run("baseline", "--import", str(path))
    assert "21 ditambahkan, 0 diperbarui, 0 tidak berubah, 0 ditolak" in out
    assert "! Tahun 2025: persentase yang tertulis di sumber berjumlah 101,00%, bukan 100%." in out
    assert InformalWorkerBaseline.objects.count() == 21


def test_a_file_with_refused_rows_exits_3(kendal: Region, tmp_path: Path) -> None:
    rows = [*bps_table(kendal)[:2], ["33.24.99", "", 2025, 5, "", "BPS"]]
    with pytest.raises(SystemExit) as exit_code:
        run("baseline", "--import", str(write_xlsx(tmp_path / "x.xlsx", rows, HEADERS)), "--dry-run")
    assert exit_code.value.code == 3
    assert not InformalWorkerBaseline.objects.exists()


def test_targets_from_the_command_line(kendal: Region) -> None:
    assert "Target 2029: 51,64% disimpan" in run("target", "--year", "2029", "--pct", "51.64", "--source",
                                                 "RPJMD 2025–2029")  # fmt: skip
    run("target", "--year", "2045", "--pct", "64.74", "--source", "RPJPD 2025–2045")
    listed = run("target", "--list")
    assert "2029   51,64%  RPJMD 2025–2029" in listed
    assert "  2045   64,74% (target)" in listed
    run("target", "--delete", "--year", "2045")
    assert list(Target.objects.values_list("year", "coverage_pct")) == [(2029, Decimal("51.64"))]
    with pytest.raises(CommandError, match="antara 0 dan 100"):
        run("target", "--year", "2030", "--pct", "120", "--source", "x")
