"""Writing BPJS's files (member lists, counts, claims) as CSV for the BPJS tests."""

import csv
from pathlib import Path
from typing import Any


def nik_for(n: int, *, district: str = "332401") -> str:
    """A valid NIK of someone born in 1980 (a different one for each n)."""
    return f"{district}{n % 28 + 1:02d}{n // 28 % 12 + 1:02d}80{n + 1:04d}"


def csv_write(folder: Path, rows: list[list[Any]], name: str = "bpjs.csv") -> Path:
    """Write rows (a header first) to a CSV file in `folder`."""
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path
