"""Informal workers per district as BPS publishes them, for the baseline import."""

from typing import Any

from peduli.regions.models import Region

HEADERS = ["Kode", "Kecamatan", "Tahun", "Jumlah Pekerja Informal", "Persentase", "Sumber"]
SOURCE = "BPS Kendal, Sakernas Agustus 2024"


def bps_table(kendal: Region, year: int = 2025, *, workers: int = 10_000, share: str = "5,00") -> list[list[Any]]:
    """All 20 districts by code and name, with their printed shares, and the total row."""
    districts = Region.objects.filter(parent=kendal).order_by("code")
    rows: list[list[Any]] = [[d.code, d.name, year, f"{workers:,}".replace(",", "."), share, SOURCE] for d in districts]
    rows.append(["", "Kabupaten Kendal", year, workers * 20, "100", SOURCE])
    return rows
