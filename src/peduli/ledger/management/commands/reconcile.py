from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.ledger import reconciliation
from peduli.ledger.models import ReconciliationDifference, Remittance
from peduli.ledger.reconciliation_selectors import Reconciliation, statement_current


class Command(BaseCommand):
    help = (
        "Rekonsiliasi setoran dengan BPJS: impor berkas tagihan/konfirmasi BPJS (REMITTANCE_ID FILE) "
        "atau cetak selisihnya (REMITTANCE_ID --report)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("remittance", type=int, help="nomor setoran")
        parser.add_argument("file", nargs="?", type=Path, help="berkas BPJS (.xlsx, .xls, .ods, .csv)")
        parser.add_argument("--report", action="store_true", help="cetak setiap selisih setoran ini")

    def handle(self, *args: Any, remittance: int, file: Path | None, report: bool, **options: Any) -> None:
        found = Remittance.objects.filter(pk=remittance).first()
        if found is None:
            raise CommandError(f"Setoran nomor {remittance} tidak ada.")
        if file is None and not report:
            raise CommandError("Sebutkan berkas BPJS atau --report.")
        if file is not None:
            self._import(found, file)
        if report:
            self._report(found)

    def _import(self, remittance: Remittance, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ditemukan.")
        done = call_service(
            reconciliation.remittance_statement_import, actor=None, remittance=remittance, file_name=path.name,
            content=path.read_bytes(),
        )  # fmt: skip
        if not done.created:
            self.stdout.write("Isi berkas ini sama dengan berkas BPJS yang sudah diimpor; tidak ada yang berubah.")
        statement = done.statement
        self.stdout.write(self.style.SUCCESS(f"Berkas {statement.file_name}: {statement.line_count} baris."))
        self.stdout.write(self._totals(remittance))
        self.stdout.write(f"{done.differences} selisih belum diselesaikan.")

    def _totals(self, remittance: Remittance) -> str:
        statement = statement_current(remittance)
        totals = Reconciliation(remittance=remittance, statement=statement)
        return (
            f"Setoran nomor {remittance.pk} {YearMonth.of(remittance.month).label}: disetor {rupiah(totals.ours)}, "
            f"ditagih BPJS {rupiah(totals.billed)}, dikonfirmasi BPJS {rupiah(totals.confirmed)}."
        )

    def _report(self, remittance: Remittance) -> None:
        # The operator at the command line sees the whole instance.
        differences = ReconciliationDifference.objects.filter(
            remittance=remittance, statement__is_current=True
        ).select_related("worker")
        self.stdout.write(self._totals(remittance))
        for d in differences:
            state = f"selesai: {d.resolution_note}" if d.resolved_at else "belum diselesaikan"
            self.stdout.write(
                f"{d.get_kind_display():<36} {d.nik or '-':<16} {d.kpj or '-':<12} "
                f"{(d.worker.name if d.worker else '(tidak terdaftar)'):<28.28} {YearMonth.of(d.month)} "
                f"{rupiah(d.our_amount):>12} {rupiah(d.billed_amount):>12} {rupiah(d.confirmed_amount):>12}  {state}"
            )
        self.stdout.write(
            f"{differences.count()} selisih, {differences.filter(resolved_at=None).count()} belum diselesaikan."
        )
