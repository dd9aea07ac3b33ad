from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from peduli.core.commands import call_service, date_argument
from peduli.workers import services
from peduli.workers.models import DuplicateFlag, Worker, age_on
from peduli.workers.selectors import open_duplicate_flags, status_changes_of, workers_reaching_age_limit


class Command(BaseCommand):
    help = "Kelola pekerja rentan: verify, return, end, protect, show, end-aged, merge."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="verifikasi data pekerja").add_argument("nik")
        back = sub.add_parser("return", help="kembalikan data untuk diperbaiki")
        back.add_argument("nik")
        back.add_argument("--reason", required=True, help="apa yang harus diperbaiki")
        end = sub.add_parser("end", help="akhiri data pekerja")
        end.add_argument("nik")
        end.add_argument("--reason", choices=Worker.EndReason.values, required=True)
        end.add_argument(
            "--on", type=date_argument, default=None, help="tanggal berlaku, YYYY-MM-DD (default hari ini)"
        )
        sub.add_parser("undo-end", help="batalkan pengakhiran yang salah catat (hari yang sama)").add_argument("nik")
        sub.add_parser("protect", help="tandai terlindungi (punya nomor KPJ)").add_argument("nik")
        sub.add_parser("show", help="tampilkan status dan riwayatnya").add_argument("nik")
        aged = sub.add_parser("end-aged", help="pekerja yang mencapai 65 tahun")
        aged.add_argument("--on", type=date_argument, default=None, help="tanggal acuan, YYYY-MM-DD (default hari ini)")
        aged.add_argument("--apply", action="store_true", help="akhiri datanya (tanpa ini: hanya daftar)")
        merge = sub.add_parser("merge", help="gabungkan dua data orang yang sama")
        merge.add_argument("keep_nik", help="NIK yang dipertahankan")
        merge.add_argument("other_nik", help="NIK yang diakhiri sebagai data ganda")

    def _worker(self, nik: str) -> Worker:
        # The operator at the command line runs the instance and sees all of it.
        worker = Worker.objects.select_related("village", "occupation").filter(nik=nik.strip()).first()
        if worker is None:
            raise CommandError(f"Pekerja dengan NIK {nik} tidak ada.")
        return worker

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action.replace("-", "_"))(**options)

    def _verify(self, *, nik: str, **options: Any) -> None:
        worker = call_service(services.worker_verify, actor=None, worker=self._worker(nik))
        self.stdout.write(self.style.SUCCESS(f"{worker.name} ({worker.nik}) terverifikasi."))

    def _return(self, *, nik: str, reason: str, **options: Any) -> None:
        worker = call_service(services.worker_return, actor=None, worker=self._worker(nik), reason=reason)
        self.stdout.write(self.style.SUCCESS(f"{worker.name} ({worker.nik}) dikembalikan untuk diperbaiki."))

    def _end(self, *, nik: str, reason: str, on: date | None, **options: Any) -> None:
        worker = call_service(
            services.worker_transition, actor=None, worker=self._worker(nik), to=Worker.Status.ENDED, on=on,
            reason=reason,
        )  # fmt: skip
        self.stdout.write(
            self.style.SUCCESS(
                f"{worker.name} ({worker.nik}) berakhir per {worker.status_since:%d/%m/%Y}: "
                f"{worker.get_end_reason_display()}."
            )
        )

    def _undo_end(self, *, nik: str, **options: Any) -> None:
        worker = call_service(services.worker_end_undo, actor=None, worker=self._worker(nik))
        self.stdout.write(self.style.SUCCESS(f"{worker.name} ({worker.nik}) kembali {worker.get_status_display()}."))

    def _protect(self, *, nik: str, **options: Any) -> None:
        worker = call_service(
            services.worker_transition, actor=None, worker=self._worker(nik), to=Worker.Status.PROTECTED
        )
        self.stdout.write(self.style.SUCCESS(f"{worker.name} ({worker.nik}) terlindungi (KPJ {worker.kpj})."))

    def _show(self, *, nik: str, **options: Any) -> None:
        worker = self._worker(nik)
        self.stdout.write(f"{worker.name} ({worker.nik})")
        place = f"{worker.birth_place}, " if worker.birth_place else ""
        self.stdout.write(
            f"  Lahir      : {place}{worker.birth_date:%d/%m/%Y} ({worker.age} tahun), {worker.get_sex_display()}"
        )
        self.stdout.write(f"  Domisili   : {worker.village.name} ({worker.village_id})")
        self.stdout.write(f"  Pekerjaan  : {worker.occupation.name}")
        status = f"{worker.get_status_display()} sejak {worker.status_since:%d/%m/%Y}"
        if worker.end_reason:
            status += f" ({worker.get_end_reason_display()})"
        self.stdout.write(f"  Status     : {status}")
        if worker.returned_reason:
            self.stdout.write(f"  Dikembalikan: {worker.returned_reason}")
        self.stdout.write("Riwayat:")
        for change in status_changes_of(worker):
            actor = change.actor.username if change.actor else "operator"
            moved = f"{change.from_status or '-'} → {change.to_status}"
            extra = " ".join(part for part in (change.reason, change.note) if part)
            self.stdout.write(f"  {change.effective_on:%d/%m/%Y}  {moved:<24} {actor:<20} {extra}".rstrip())

    def _end_aged(self, *, on: date | None, apply: bool, **options: Any) -> None:
        day = on or timezone.localdate()
        workers = workers_reaching_age_limit(Worker.objects.all(), on=day).order_by("birth_date", "nik")
        for worker in workers:
            self.stdout.write(
                f"  {worker.nik}  {worker.name:<30} {worker.birth_date:%d/%m/%Y} ({age_on(worker.birth_date, day)} th)"
            )
        count = workers.count()
        if not apply:
            self.stdout.write(
                f"{count} pekerja berumur 65 tahun atau lebih per {day:%d/%m/%Y}; --apply untuk mengakhiri."
            )
            return
        ended = call_service(services.workers_end_aged_out, actor=None, on=day)
        self.stdout.write(self.style.SUCCESS(f"{ended} pekerja diakhiri per {day:%d/%m/%Y} (usia 65 tahun)."))

    def _merge(self, *, keep_nik: str, other_nik: str, **options: Any) -> None:
        keep, other = self._worker(keep_nik), self._worker(other_nik)
        pair = Q(worker=keep, candidate=other) | Q(worker=other, candidate=keep)
        flag: DuplicateFlag | None = open_duplicate_flags().filter(pair).first()
        if flag is None:
            raise CommandError(f"Tidak ada kemungkinan duplikat terbuka untuk NIK {keep.nik} dan {other.nik}.")
        kept = call_service(services.duplicate_merge, actor=None, flag=flag, keep=keep)
        self.stdout.write(self.style.SUCCESS(f"NIK {other.nik} digabung ke {kept.nik} ({kept.name})."))
