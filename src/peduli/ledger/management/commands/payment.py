from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service, date_argument
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.ledger import services
from peduli.ledger.management.commands._inputs import payer_by_code
from peduli.ledger.models import Payment


class Command(BaseCommand):
    help = "Pembayaran donatur: record, reverse, show."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        record = sub.add_parser("record", help="catat uang yang diterima dari donatur")
        record.add_argument("--sponsor", required=True, help="kode donatur atau NIP ASN")
        record.add_argument("--amount", type=int, required=True, help="jumlah (Rp)")
        record.add_argument(
            "--date",
            dest="received_on",
            type=date_argument,
            required=True,
            help="tanggal diterima, DD/MM/YYYY atau YYYY-MM-DD",
        )
        record.add_argument("--method", choices=[str(method) for method in services.MANUAL_METHODS], required=True)
        record.add_argument("--reference", required=True, help="nomor transfer atau kuitansi")
        record.add_argument("--source", default="", help="asal bukti, mis. Bank Jateng (bawaan: cara bayar)")
        record.add_argument("--note", default="")
        reverse = sub.add_parser("reverse", help="batalkan pembayaran yang salah")
        reverse.add_argument("payment", type=int, help="nomor pembayaran")
        reverse.add_argument("--reason", required=True)
        sub.add_parser("show", help="tampilkan pembayaran dan iuran yang dibayarnya").add_argument("payment", type=int)

    def _payment(self, pk: int) -> Payment:
        payment = Payment.objects.select_related("sponsor").filter(pk=pk).first()
        if payment is None:
            raise CommandError(f"Pembayaran nomor {pk} tidak ada.")
        return payment

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action)(**options)

    def _record(
        self, *, sponsor: str, amount: int, received_on: date, method: str, reference: str, source: str, note: str,
        **options: Any,
    ) -> None:  # fmt: skip
        payment = call_service(
            services.payment_record, actor=None, sponsor=payer_by_code(sponsor), amount=amount, received_on=received_on,
            method=method, reference=reference, source=source, note=note,
        )  # fmt: skip
        payment.sponsor.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"Pembayaran nomor {payment.pk} dicatat: {rupiah(payment.amount)} dari {payment.sponsor.name}; "
                f"saldo titipan {rupiah(payment.sponsor.credit)}."
            )
        )

    def _reverse(self, *, payment: int, reason: str, **options: Any) -> None:
        reversal = call_service(services.payment_reverse, actor=None, payment=self._payment(payment), reason=reason)
        self.stdout.write(
            self.style.SUCCESS(f"Pembayaran nomor {payment} dibatalkan (pembatalan nomor {reversal.pk}).")
        )

    def _show(self, *, payment: int, **options: Any) -> None:
        shown = self._payment(payment)
        self.stdout.write(f"Pembayaran nomor {shown.pk}: {rupiah(shown.amount)}")
        self.stdout.write(f"  Donatur    : {shown.sponsor.name} ({shown.sponsor.code})")
        self.stdout.write(f"  Diterima   : {shown.received_on:%d/%m/%Y}, {shown.get_method_display()}")
        self.stdout.write(f"  Bukti      : {shown.reference} ({shown.source})")
        if shown.note:
            self.stdout.write(f"  Catatan    : {shown.note}")
        if shown.reverses_id:
            self.stdout.write(f"  Membatalkan: pembayaran nomor {shown.reverses_id}")
        reversal = Payment.objects.filter(reverses=shown).first()
        if reversal is not None:
            self.stdout.write(f"  Dibatalkan : pembatalan nomor {reversal.pk} ({reversal.note})")
        self.stdout.write("Alokasi:")
        for allocation in shown.allocations.select_related("due__worker").order_by("due__month", "pk"):
            due = allocation.due
            self.stdout.write(
                f"  {YearMonth.of(due.month).label:<15} {due.worker.name:<30} {rupiah(allocation.amount)}"
            )
