"""Writing ledger records the way the tests of several apps need them."""

from datetime import date
from pathlib import Path
from typing import Any

from peduli.ledger.models import Payment
from peduli.ledger.services import payment_record
from peduli.sponsorships.models import Sponsor
from tests.support.files import write_xlsx

# The columns of the payment import.
PAYMENT_HEADERS = ["Kode Donatur / NIP", "Jumlah (Rp)", "Tanggal", "Nomor Bukti", "Sumber", "Cara Bayar", "Catatan"]


def pay(sponsor: Sponsor, amount: int, reference: str, **extra: Any) -> Payment:
    """A transfer received today, recorded by an operator at the command line."""
    return payment_record(
        actor=None, sponsor=sponsor, amount=amount, received_on=date.today(), method="transfer",
        reference=reference, **extra,
    )  # fmt: skip


def payment_xlsx(path: Path, rows: list[list[Any]], headers: list[str] = PAYMENT_HEADERS) -> Path:
    """A treasurer's payment file: the import's columns, then `rows`."""
    return write_xlsx(path, rows, headers)
