from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.core.commands import call_service, date_argument, month_argument
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.ledger.management.commands._inputs import payer_by_code
from peduli.ledger.services import MANUAL_METHODS, sponsorship_prepay
from peduli.sponsorships import services
from peduli.sponsorships.models import Sponsorship
from peduli.workers.models import Worker

KEY_HELP = "nomor kepesertaan, atau NIK pekerja (kepesertaannya yang terakhir)"


class Command(BaseCommand):
    help = "Kepesertaan yang dibiayai donatur: start, end, prepay, show."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        start = sub.add_parser("start", help="donatur mulai membiayai iuran seorang pekerja")
        start.add_argument("--sponsor", required=True, help="kode donatur atau NIP ASN")
        start.add_argument("--worker", required=True, help="NIK pekerja")
        start.add_argument("--start", type=month_argument, required=True, help="bulan mulai, TTTT-BB")
        start.add_argument("--programme", choices=Sponsorship.Programme.values, default=Sponsorship.Programme.JKK_JKM)
        start.add_argument("--income", type=int, default=None, help="penghasilan yang dilaporkan (Rp per bulan)")
        end = sub.add_parser("end", help="akhiri kepesertaan")
        end.add_argument("sponsorship", help=KEY_HELP)
        end.add_argument(
            "--last-month", type=month_argument, required=True, help="bulan terakhir yang dibiayai, TTTT-BB"
        )
        end.add_argument("--reason", choices=Sponsorship.EndReason.values, required=True)
        end.add_argument("--note", default="")
        undo = sub.add_parser("undo-end", help="batalkan pengakhiran yang salah catat (hari yang sama)")
        undo.add_argument("sponsorship", help=KEY_HELP)
        prepay = sub.add_parser("prepay", help="bayar di muka 1, 3, 6 atau 12 bulan")
        prepay.add_argument("sponsorship", help=KEY_HELP)
        prepay.add_argument("--months", type=int, required=True, help="1, 3, 6 atau 12")
        prepay.add_argument("--date", dest="received_on", type=date_argument, required=True, help="tanggal diterima")
        prepay.add_argument("--method", choices=[str(method) for method in MANUAL_METHODS], required=True)
        prepay.add_argument("--reference", required=True, help="nomor transfer atau kuitansi")
        prepay.add_argument("--source", default="", help="asal bukti, mis. Bank Jateng (bawaan: cara bayar)")
        sub.add_parser("show", help="tampilkan kepesertaan dan iurannya").add_argument("sponsorship", help=KEY_HELP)

    def _sponsorship(self, key: str) -> Sponsorship:
        # The operator at the command line runs the instance and sees all of it.
        sponsorships = Sponsorship.objects.select_related("sponsor", "worker")
        key = key.strip()
        if len(key) == 16:
            found = sponsorships.filter(worker__nik=key).order_by("-start_month", "-pk").first()
        else:
            found = sponsorships.filter(pk=int(key)).first() if key.isdigit() else None
        if found is None:
            raise CommandError(f"Kepesertaan {key} tidak ada.")
        return found

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _start(
        self, *, sponsor: str, worker: str, start: YearMonth, programme: str, income: int | None, **options: Any
    ) -> None:
        person = Worker.objects.filter(nik=worker.strip()).first()
        if person is None:
            raise CommandError(f"Pekerja dengan NIK {worker} tidak ada.")
        sponsorship = call_service(
            services.sponsorship_start, actor=None, sponsor=payer_by_code(sponsor), worker=person, start=start,
            programme=programme, declared_income=income,
        )  # fmt: skip
        dues = sponsorship.dues.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Kepesertaan nomor {sponsorship.pk}: {sponsorship.sponsor.name} membiayai {person.name} "
                f"mulai {start.label}; {dues} iuran dibuat."
            )
        )

    def _end(self, *, sponsorship: str, last_month: YearMonth, reason: str, note: str, **options: Any) -> None:
        ended = call_service(
            services.sponsorship_end, actor=None, sponsorship=self._sponsorship(sponsorship), last_month=last_month,
            reason=reason, note=note,
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(f"Kepesertaan nomor {ended.pk} berakhir setelah {last_month.label}."))

    def _undo_end(self, *, sponsorship: str, **options: Any) -> None:
        reopened = call_service(services.sponsorship_end_undo, actor=None, sponsorship=self._sponsorship(sponsorship))
        self.stdout.write(self.style.SUCCESS(f"Kepesertaan nomor {reopened.pk} berjalan lagi."))

    def _prepay(
        self, *, sponsorship: str, months: int, received_on: date, method: str, reference: str, source: str,
        **options: Any,
    ) -> None:  # fmt: skip
        payment = call_service(
            sponsorship_prepay, actor=None, sponsorship=self._sponsorship(sponsorship), months=months,
            received_on=received_on, method=method, reference=reference, source=source,
        )  # fmt: skip
        if payment is None:
            self.stdout.write(self.style.SUCCESS(f"{months} bulan sudah terbayar dari saldo titipan donatur."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Bayar di muka {months} bulan: pembayaran nomor {payment.pk}, {rupiah(payment.amount)}."
                )
            )

    def _show(self, *, sponsorship: str, **options: Any) -> None:
        shown = self._sponsorship(sponsorship)
        period = f"{shown.start.label} – {shown.end.label if shown.end else 'berjalan'}"
        self.stdout.write(f"Kepesertaan nomor {shown.pk}")
        self.stdout.write(f"  Donatur    : {shown.sponsor.name} ({shown.sponsor.code})")
        self.stdout.write(f"  Pekerja    : {shown.worker.name} ({shown.worker.nik})")
        self.stdout.write(f"  Masa       : {period}")
        if shown.end_reason:
            self.stdout.write(f"  Berakhir   : {shown.get_end_reason_display()} {shown.end_note}".rstrip())
        self.stdout.write(
            f"  Program    : {shown.get_programme_display()}, penghasilan {rupiah(shown.declared_income)}"
        )
        self.stdout.write("Iuran:")
        for due in shown.dues.order_by("month"):
            state = "dibatalkan" if due.cancelled else ("lunas" if due.is_paid else "belum lunas")
            self.stdout.write(
                f"  {YearMonth.of(due.month).label:<15} {rupiah(due.amount):>10} {rupiah(due.paid_amount):>10}  {state}"
            )
