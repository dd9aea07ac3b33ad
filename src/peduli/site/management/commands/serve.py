import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peduli.site.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = (
        "Menjalankan Peduli di satu mesin: server web (gunicorn), pekerja tugas dan penjadwal. Pekerja tugas "
        "dan penjadwal yang mati dijalankan lagi (jeda 1 detik, berlipat sampai 60 detik); bila server web "
        "berhenti, semuanya berhenti."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="alamat:port server web")
        parser.add_argument("--web-workers", type=int, default=2, help="jumlah proses gunicorn")

    def handle(self, *args: Any, bind: str, web_workers: int, **options: Any) -> None:
        bin_dir = Path(sys.executable).parent
        peduli = [sys.executable, "-m", "peduli"]
        children = [
            Child(
                "server web",
                [str(bin_dir / "gunicorn"), "peduli.wsgi", "--bind", bind, "--workers", str(web_workers),
                 "--access-logfile", "-"],
                essential=True,
            ),
            Child("pekerja tugas", [*peduli, "db_worker"]),
            Child("penjadwal", [*peduli, "scheduler"]),
        ]  # fmt: skip
        Supervisor(children, log=sys.stderr).run()
