from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.agencies.models import CivilServant
from peduli.agencies.services import civil_servant_end_service
from peduli.core.commands import call_service, date_argument


class Command(BaseCommand):
    help = "Catat ASN berhenti bertugas (pensiun, pindah, meninggal, …)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nip")
        parser.add_argument("--on", type=date_argument, required=True, help="TMT berhenti, DD/MM/YYYY atau YYYY-MM-DD")
        parser.add_argument("--reason", choices=CivilServant.EndReason.values, required=True)

    def handle(self, *args: Any, nip: str, on: date, reason: str, **options: Any) -> None:
        person = CivilServant.objects.filter(nip=nip).first()
        if person is None:
            raise CommandError(f"ASN dengan NIP {nip} tidak ada.")
        call_service(civil_servant_end_service, actor=None, civil_servant=person, on=on, reason=reason)
        self.stdout.write(self.style.SUCCESS(f"{person.name} dicatat berhenti per {on:%d/%m/%Y}."))
