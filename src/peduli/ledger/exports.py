"""The ledger's downloads: a sponsor's statement (xlsx and PDF), an agency
treasurer's list, and the arrears list. Callers pass rows already scoped to
the user; this module only lays them out."""

from collections.abc import Iterable, Iterator
from typing import Any

from peduli.core.pdf import pdf_bytes
from peduli.core.xlsx import workbook_bytes
from peduli.ledger.selectors import Statement
from peduli.sponsorships.models import Sponsor, Sponsorship

STATEMENT_HEADERS = ["Bulan", "Pekerja", "Iuran (Rp)", "Terbayar (Rp)", "Kurang (Rp)", "Keterangan"]
TOTAL_LABEL = "Jumlah"
AGENCY_HEADERS = ["NIP", "Nama ASN", "Pekerja", "Mulai", "Berakhir", "Bulan lunas", "Tunggakan (Rp)"]
ARREARS_HEADERS = ["Kode", "Donatur", "Jenis", "OPD", "Bulan menunggak", "Iuran belum lunas", "Tunggakan (Rp)"]


def _line_note(cancelled: bool, remitted: bool, outstanding: int) -> str:
    if cancelled:
        return "Dibatalkan"
    if outstanding:
        return "Belum lunas"
    return "Lunas, disetor ke BPJS" if remitted else "Lunas"


def _statement_rows(statement: Statement) -> Iterator[list[Any]]:
    for line in statement.lines:
        yield [
            line.month.label, line.worker, 0 if line.cancelled else line.amount, line.paid, line.outstanding,
            _line_note(line.cancelled, line.remitted, line.outstanding),
        ]  # fmt: skip
    yield [TOTAL_LABEL, "", statement.total_due, statement.total_paid, statement.total_outstanding, ""]


def statement_xlsx(statement: Statement) -> bytes:
    """Each worker-month of the period with its amount, what is paid and what
    is not, and a last row of totals."""
    return workbook_bytes(
        title=f"Iuran {statement.first}–{statement.last}",
        headers=STATEMENT_HEADERS,
        rows=_statement_rows(statement),
        widths={"Bulan": 16, "Pekerja": 32, "Keterangan": 24},
    )


def statement_pdf(statement: Statement) -> bytes:
    """The statement on the labour office's letterhead, for signing."""
    notes = [_line_note(line.cancelled, line.remitted, line.outstanding) for line in statement.lines]
    return pdf_bytes(
        "ledger/pdf/statement.html", {"statement": statement, "lines": zip(statement.lines, notes, strict=True)}
    )


def statement_filename(statement: Statement, extension: str) -> str:
    return f"laporan-iuran-{statement.sponsor.code.lower()}-{statement.first}-{statement.last}.{extension}"


def agency_sponsorships_xlsx(sponsorships: Iterable[Sponsorship]) -> bytes:
    """Who in an agency pays for whom, months paid and what is owed. Each
    sponsorship carries the `months_paid` and `arrears` annotations."""
    rows = (
        [
            s.sponsor.code,
            s.sponsor.name,
            s.worker.name,
            s.start_month,
            s.end_month,
            getattr(s, "months_paid", 0),
            getattr(s, "arrears", 0) or 0,
        ]
        for s in sponsorships
    )
    return workbook_bytes(
        title="Kepesertaan OPD", headers=AGENCY_HEADERS, rows=rows, text_columns=("NIP",),
        widths={"NIP": 22, "Nama ASN": 32, "Pekerja": 32},
    )  # fmt: skip


def arrears_xlsx(sponsors: Iterable[Sponsor]) -> bytes:
    """Sponsors in arrears, as `arrears_by_sponsor` annotates them."""
    rows = (
        [
            s.code,
            s.name,
            s.get_kind_display(),
            s.agency.name if s.agency else "",
            getattr(s, "arrears_months", 0),
            getattr(s, "arrears_dues", 0),
            getattr(s, "arrears", 0),
        ]
        for s in sponsors
    )
    return workbook_bytes(
        title="Tunggakan", headers=ARREARS_HEADERS, rows=rows, text_columns=("Kode",),
        widths={"Kode": 22, "Donatur": 32, "OPD": 32},
    )  # fmt: skip
