"""What the ledger's and sponsorships' commands share: finding a sponsor by
its code or NIP. (Django does not
take a module whose name starts with "_" for a command.)"""

from django.core.management.base import CommandError

from peduli.agencies.models import CivilServant
from peduli.core.commands import call_service
from peduli.sponsorships.models import Sponsor
from peduli.sponsorships.services import sponsor_for_civil_servant


def sponsor_by_code(code: str) -> Sponsor:
    """The sponsor with this code (a civil servant's is their NIP). The
    operator at the command line sees the whole instance."""
    sponsor = Sponsor.objects.select_related("agency", "partner").filter(code=code.strip().upper()).first()
    if sponsor is None:
        raise CommandError(f"Donatur dengan kode {code} tidak ada.")
    return sponsor


def payer_by_code(code: str) -> Sponsor:
    """The sponsor with this code, or for a civil servant's NIP their sponsor
    record, made on first use (a civil servant who starts paying)."""
    civil_servant = CivilServant.objects.filter(nip=code.strip()).first()
    if civil_servant is not None:
        return call_service(sponsor_for_civil_servant, actor=None, civil_servant=civil_servant)
    return sponsor_by_code(code)
