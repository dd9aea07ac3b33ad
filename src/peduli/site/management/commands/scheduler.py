import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from peduli.agencies.tasks import accounts_of_leavers_end_task
from peduli.imports.tasks import import_batches_fail_stale_task
from peduli.ledger.tasks import ledger_month_task
from peduli.reporting.coverage.tasks import monthly_report_reminders_task, snapshots_calendar_task
from peduli.site.health import HOURLY, SCHEDULER, heartbeat_older_than, heartbeat_record
from peduli.site.tasks import worker_heartbeat_task

# Hourly: the monthly run is idempotent and reminders go out at most once a
# day, so a missed hour (restart, downtime) costs nothing and a new month
# starts within the hour. Every minute: the scheduler's heartbeat, and the
# worker's heartbeat task (`/sehat/` reads both).
INTERVAL_SECONDS = 3600
HEARTBEAT_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Penjadwal: setiap jam mengantrekan tugas bulanan buku iuran (tagihan bulan ini, lalu pekerja yang "
        "menunggak 3 bulan), pembaruan angka bulan ini bila bulan baru mulai atau jatuh tempo iuran lewat, "
        "dan pengingat laporan bulanan OPD yang belum melapor (sekali sehari, mulai "
        "beberapa hari sebelum batas waktu) dan penutupan akun ASN yang masa tugasnya berakhir; "
        "setiap menit mencatat detaknya, mengantrekan detak pekerja tugas "
        "(dibaca /sehat/) dan penandaan gagal impor yang proses latarnya mati. Tugasnya dijalankan oleh "
        "`peduli db_worker`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="sekali lalu selesai (cron tiap menit; tugas per jam sejam sekali)"
        )

    def _hourly(self) -> None:
        ledger = ledger_month_task.enqueue()
        figures = snapshots_calendar_task.enqueue()
        reminders = monthly_report_reminders_task.enqueue()
        accounts_of_leavers_end_task.enqueue()
        self.stdout.write(
            f"{timezone.localtime():%d/%m/%Y %H:%M} tugas bulanan diantrekan ({ledger.id}); "
            f"pergantian kalender angka diantrekan ({figures.id}); "
            f"pengingat laporan bulanan diantrekan ({reminders.id}); penutupan akun ASN yang berhenti diantrekan."
        )
        self.stdout.flush()  # seen at once when make runs it in the background

    def _beat(self) -> None:
        heartbeat_record(SCHEDULER)
        worker_heartbeat_task.enqueue()
        # An import whose worker died is failed within minutes, not the next hour.
        import_batches_fail_stale_task.enqueue()

    def handle(self, *args: Any, once: bool, **options: Any) -> None:
        try:
            while True:
                self._beat()
                if heartbeat_older_than(HOURLY, seconds=INTERVAL_SECONDS):
                    self._hourly()
                    heartbeat_record(HOURLY)
                if once:
                    return
                time.sleep(HEARTBEAT_SECONDS)
        except KeyboardInterrupt:
            self.stdout.write("Penjadwal berhenti.")
