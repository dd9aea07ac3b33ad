from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service, month_argument
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.ledger import services
from peduli.ledger.models import Remittance


class Command(BaseCommand):
    help = "Setoran iuran ke BPJS Ketenagakerjaan: create, confirm, cancel, list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="kumpulkan iuran yang lunas dan belum disetor")
        create.add_argument("--month", type=month_argument, required=True, help="bulan iuran, TTTT-BB")
        confirm = sub.add_parser("confirm", help="BPJS sudah menerima setoran")
        confirm.add_argument("remittance", type=int, help="nomor setoran")
        confirm.add_argument("--reference", required=True, help="nomor bukti penerimaan dari BPJS")
        sub.add_parser("cancel", help="batalkan setoran yang belum dikonfirmasi").add_argument("remittance", type=int)
        listing = sub.add_parser("list", help="daftar setoran")
        listing.add_argument("--month", type=month_argument, default=None, help="hanya bulan iuran ini, TTTT-BB")

    def _remittance(self, pk: int) -> Remittance:
        remittance = Remittance.objects.filter(pk=pk).first()
        if remittance is None:
            raise CommandError(f"Setoran nomor {pk} tidak ada.")
        return remittance

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action)(**options)

    def _create(self, *, month: YearMonth, **options: Any) -> None:
        remittance = call_service(services.remittance_create, actor=None, month=month)
        self.stdout.write(
            self.style.SUCCESS(
                f"Setoran nomor {remittance.pk} {month.label}: {remittance.due_count} iuran, "
                f"{rupiah(remittance.total_amount)}."
            )
        )

    def _confirm(self, *, remittance: int, reference: str, **options: Any) -> None:
        confirmed = call_service(
            services.remittance_confirm, actor=None, remittance=self._remittance(remittance), bpjs_reference=reference
        )
        self.stdout.write(self.style.SUCCESS(f"Setoran nomor {confirmed.pk} dikonfirmasi BPJS ({reference})."))

    def _cancel(self, *, remittance: int, **options: Any) -> None:
        call_service(services.remittance_cancel, actor=None, remittance=self._remittance(remittance))
        self.stdout.write(
            self.style.SUCCESS(f"Setoran nomor {remittance} dibatalkan; iurannya menunggu setoran berikutnya.")
        )

    def _list(self, *, month: YearMonth | None, **options: Any) -> None:
        remittances = Remittance.objects.all()
        if month is not None:
            remittances = remittances.filter(month=month.first_day)
        for remittance in remittances:
            self.stdout.write(
                f"{remittance.pk:>6}  {YearMonth.of(remittance.month).label:<15} {remittance.get_status_display():<18} "
                f"{remittance.due_count:>6} iuran  {rupiah(remittance.total_amount):>16}  {remittance.bpjs_reference}"
            )
