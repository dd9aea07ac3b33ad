"""The reconciliation as xlsx: a remittance's differences with the totals
above them in the file name's sheet, and the list of a remittance's
worker-months in the columns of BPJS's statement, for BPJS to fill in."""

from collections.abc import Iterator, Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.months import YearMonth
from peduli.core.xlsx import workbook_bytes
from peduli.ledger.models import ReconciliationDifference
from peduli.ledger.reconciliation_file import LABELS
from peduli.ledger.reconciliation_selectors import Reconciliation

DIFFERENCE_HEADERS = [
    "Jenis Selisih", "NIK", "Nomor KPJ", "Nama Pekerja", "Bulan", "Disetor (Rp)", "Ditagih BPJS (Rp)",
    "Dikonfirmasi BPJS (Rp)", "Status", "Catatan Penyelesaian", "Diselesaikan Oleh", "Tanggal Diselesaikan",
]  # fmt: skip
TEMPLATE_HEADERS = [LABELS[name] for name in ("nik", "kpj", "month", "billed", "status", "confirmed_amount")]


def _difference_rows(report: Reconciliation, differences: QuerySet[ReconciliationDifference]) -> Iterator[list[object]]:
    # The totals first, in the amount columns, so a reader sees them before the differences.
    month = YearMonth.of(report.remittance.month).label
    open_text = _("%(n)s selisih belum diselesaikan") % {"n": report.open}
    yield [_("Jumlah setoran"), "", "", "", month, report.ours, report.billed, report.confirmed, open_text]
    for d in differences.iterator(chunk_size=2000):
        resolved_at = timezone.localtime(d.resolved_at).date() if d.resolved_at else None
        yield [
            d.get_kind_display(), d.nik, d.kpj, d.worker.name if d.worker else "", YearMonth.of(d.month).label,
            d.our_amount, d.billed_amount, d.confirmed_amount,
            _("Sudah diselesaikan") if d.resolved_at else _("Belum diselesaikan"), d.resolution_note,
            d.resolved_by.username if d.resolved_by else "", resolved_at,
        ]  # fmt: skip


def differences_xlsx(report: Reconciliation, differences: QuerySet[ReconciliationDifference]) -> bytes:
    return workbook_bytes(
        title=_("Rekonsiliasi setoran %(pk)s") % {"pk": report.remittance.pk},
        headers=DIFFERENCE_HEADERS,
        rows=_difference_rows(report, differences),
        text_columns=["NIK", "Nomor KPJ"],
        widths={"Jenis Selisih": 34, "NIK": 20, "Nama Pekerja": 28, "Catatan Penyelesaian": 40},
    )


def statement_template_xlsx(month: YearMonth, dues: Sequence[tuple[str, str, int]]) -> bytes:
    """NIK, KPJ, month and amount of each due; status and confirmed amount left for BPJS."""
    return workbook_bytes(
        title=_("Setoran %(month)s") % {"month": month.label},
        headers=TEMPLATE_HEADERS,
        rows=([nik, kpj, str(month), amount, "", ""] for nik, kpj, amount in dues),
        text_columns=[LABELS["nik"], LABELS["kpj"], LABELS["month"]],
        widths={LABELS["nik"]: 20, LABELS["kpj"]: 16},
    )
