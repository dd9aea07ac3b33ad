"""One set of cell parsers: every import, form, serializer and command takes
the same dates (DATE_FORMATS, four-digit years only), and no module but
`core.parsing` reads a date from text."""

import re
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django import forms
from rest_framework import serializers

from peduli.api.reading import DateField as ApiDateField
from peduli.core.commands import date_argument
from peduli.core.errors import ApplicationError
from peduli.core.forms import DateField as FormDateField
from peduli.core.parsing import (
    DATE_FORMATS,
    date_cell,
    parse_date_cell,
    region_code_cell,
    rupiah_cell,
    whole_number_cell,
)
from peduli.imports.services import import_file
from tests.workers.test_import import write_xlsx

SIXTH_OF_JUNE = date(1985, 6, 5)
TAKEN = ["05/06/1985", "5/6/1985", "05-06-1985", "05.06.1985", "1985-06-05"]
# A two-digit year is refused: "05/06/62" is 1962 or 2062, and a worker
# born in 1962 may still join. Month first, slashes around a year first and
# month names are not Indonesian office ways of writing a date.
REFUSED = ["05/06/85", "5/6/85", "06/05/85", "1985/06/05", "5 Juni 1985", "31/02/1985", "05/06/0085"]
SRC = Path(__file__).resolve().parents[2] / "src" / "peduli"


def _api(text: str) -> date | None:
    try:
        return ApiDateField().run_validation(text)
    except serializers.ValidationError:
        return None


def _form(text: str) -> date | None:
    try:
        return FormDateField().clean(text)
    except forms.ValidationError:
        return None


def _command(text: str) -> date | None:
    try:
        return date_argument(text)
    except Exception:  # argparse's ArgumentTypeError
        return None


def _python(text: str) -> date | None:
    try:
        return parse_date_cell(text, field="date", label="Tanggal")
    except ApplicationError:
        return None


def _expression(text: str) -> date | None:
    return pl.select(date_cell(pl.lit(text, dtype=pl.String))).item()


READERS = [_expression, _python, _api, _form, _command]


@pytest.mark.parametrize("read", READERS, ids=lambda read: read.__name__.strip("_"))
def test_every_way_in_takes_the_same_dates(read: Any) -> None:
    assert [read(text) for text in TAKEN] == [SIXTH_OF_JUNE] * len(TAKEN)
    assert [read(text) for text in REFUSED] == [None] * len(REFUSED)


def test_the_formats_write_the_year_with_four_digits() -> None:
    assert "%y" not in "".join(DATE_FORMATS)


@pytest.mark.django_db
def test_the_worker_import_takes_the_same_dates(kendal: Any, tmp_path: Path) -> None:
    # A woman born 5 June 1985 (day + 40 in the NIK); one row per way of writing it.
    texts = TAKEN + REFUSED
    rows = [
        [f"33240145068500{i + 10:02d}", f"Siti {i}", text, "P", "33.24.01.2001", "", "", "Buruh tani"]
        for i, text in enumerate(texts)
    ]
    batch = import_file(kind="workers", path=write_xlsx(tmp_path / "tanggal.xlsx", rows), actor=None, dry_run=False)

    refused = dict(batch.rejected_rows.values_list("row_number", "reason"))
    assert batch.created_count == len(TAKEN)
    assert sorted(refused) == [len(TAKEN) + 2 + i for i in range(len(REFUSED))]
    assert all("bukan tanggal; tulis dd/mm/yyyy" in reason for reason in refused.values())


def test_no_module_but_core_parsing_reads_a_date_from_text() -> None:
    """Every import, form and serializer goes through `core.parsing`: no
    other module has date formats of its own (the NIK's digits, read by
    core.nik, are not a typed date)."""
    reading = re.compile(r"\.to_date\(|strptime\(|DATE_FORMATS\s*=|input_formats")
    allowed = {"core/parsing.py", "core/nik.py"}
    found = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if reading.search(path.read_text()) and path.relative_to(SRC).as_posix() not in allowed
    ]
    assert found == []


@pytest.mark.parametrize(
    ("typed", "code"),
    [("33.24.01.2001", "33.24.01.2001"), ("3324012001", "33.24.01.2001"), ("33 24 01 2001", "33.24.01.2001"),
     ("332401", "33.24.01"), ("33.24.01.", "33.24.01."), ("desa", "desa"), (None, None)],
)  # fmt: skip
def test_a_region_code_is_read_one_way(typed: str | None, code: str | None) -> None:
    assert pl.select(region_code_cell(pl.lit(typed, dtype=pl.String))).item() == code


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("16800", 16_800), ("16.800", 16_800), ("Rp 16.800,-", 16_800), ("Rp. 16.800,00", 16_800), ("16,800", 16_800),
     ("16.80", None), ("enam belas ribu", None), ("1" * 13, None)],
)  # fmt: skip
def test_rupiah_are_read_one_way(typed: str, amount: int | None) -> None:
    assert pl.select(rupiah_cell(pl.lit(typed, dtype=pl.String))).item() == amount


def test_a_number_cell_with_a_fraction_is_not_a_whole_number() -> None:
    frame = pl.DataFrame({"n": ["12.500", "12.500"], "is_number": [False, True]})
    read = frame.select(whole_number_cell("n", is_number=pl.col("is_number"), max_digits=9)).to_series()
    assert read.to_list() == [12_500, None]
