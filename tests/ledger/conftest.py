"""Fixtures of the ledger tests: a remittance BPJS confirmed, and BPJS
statement files written as CSV the way its officers send them."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from peduli.core.months import YearMonth
from peduli.ledger.models import Remittance
from peduli.ledger.services import remittance_confirm, remittance_create
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsorship_start
from peduli.workers.models import Worker
from tests.support.records.ledger import pay

UNKNOWN_NIK = "3324019999990001"
STATEMENT_HEADER = "NIK;Nomor KPJ;Bulan;Iuran Ditagih (Rp);Status;Iuran Dikonfirmasi (Rp)"


@dataclass
class Remitted:
    """A confirmed remittance of last month with four workers (16,800 each)
    and one more registered worker it does not include."""

    remittance: Remittance
    month: YearMonth
    workers: list[Any]
    outsider: Any


@pytest.fixture
def remitted(company: Sponsor, worker_factory: Callable[..., Worker]) -> Remitted:
    month = YearMonth.current() - 1
    names = ("Ani Wulandari", "Budi Santoso", "Citra Lestari", "Dedi Kurniawan")
    workers = [worker_factory(name=name, kpj=f"2501000000{i}") for i, name in enumerate(names)]
    for worker in workers:
        sponsorship_start(actor=None, sponsor=company, worker=worker, start=month)
    pay(company, 4 * 16_800, "TRF-REKON-1")
    remittance = remittance_create(actor=None, month=month)
    remittance = remittance_confirm(actor=None, remittance=remittance, bpjs_reference="BPJS-REKON-1")
    outsider = worker_factory(name="Eko Prasetyo", kpj="25019999999")
    return Remitted(remittance=remittance, month=month, workers=workers, outsider=outsider)


def overlapping_rows(r: Remitted) -> list[tuple[object, ...]]:
    """A matches; B billed, not confirmed; C confirmed for less; D missing;
    the outsider (by KPJ only) and an unknown NIK billed though not remitted."""
    a, b, c, _d = r.workers
    return [
        (a.nik, a.kpj, str(r.month), "16.800", "Terkonfirmasi", "16800"),
        (b.nik, "", str(r.month), "16800", "Belum", ""),
        (c.nik, c.kpj, r.month.label, "Rp 16.800", "", "10.000"),
        ("", r.outsider.kpj, "", "16800", "Terkonfirmasi", ""),
        (UNKNOWN_NIK, "", str(r.month), "16800", "ya", ""),
    ]


StatementRow = Sequence[object]


@pytest.fixture
def statement_csv() -> Callable[..., bytes]:
    """CSV bytes of a statement: rows of (NIK, KPJ, month, billed, status, confirmed amount)."""

    def write(rows: Sequence[StatementRow], header: str = STATEMENT_HEADER) -> bytes:
        lines = [header] + [";".join("" if cell is None else str(cell) for cell in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()

    return write
