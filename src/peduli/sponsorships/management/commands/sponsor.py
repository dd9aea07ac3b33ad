from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peduli.accounts.models import Role, User
from peduli.core.commands import call_service
from peduli.core.formatting import rupiah
from peduli.core.months import YearMonth
from peduli.ledger.calendar import overdue_through, premium_due_date
from peduli.ledger.management.commands._inputs import sponsor_by_code
from peduli.ledger.selectors import owed_dues
from peduli.sponsorships import services
from peduli.sponsorships.filters import with_running_count
from peduli.sponsorships.models import Sponsor


class Command(BaseCommand):
    help = "Donatur (pemberi bantuan iuran): create, show, list."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="catat donatur lembaga atau perorangan (ASN tercatat lewat data ASN)")
        create.add_argument("--kind", choices=[k for k in Sponsor.Kind.values if k != Sponsor.Kind.CIVIL_SERVANT],
                            required=True)  # fmt: skip
        create.add_argument("--code", required=True, help="kode singkat, mis. CSR-KLI")
        create.add_argument("--name", required=True)
        create.add_argument("--contact", default="", help="nama narahubung")
        create.add_argument("--phone", default="")
        create.add_argument("--email", default="")
        create.add_argument("--address", default="")
        create.add_argument("--partner", default="", help="nama pengguna akun Mitra CSR")
        sub.add_parser("show", help="tampilkan donatur, kepesertaan dan tunggakannya").add_argument(
            "code", help="kode donatur atau NIP ASN"
        )
        listing = sub.add_parser("list", help="daftar donatur")
        listing.add_argument("--kind", choices=Sponsor.Kind.values, default=None)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, "_" + action)(**options)

    def _create(
        self, *, kind: str, code: str, name: str, contact: str, phone: str, email: str, address: str, partner: str,
        **options: Any,
    ) -> None:  # fmt: skip
        account = None
        if partner:
            account = User.objects.filter(username=partner, role=Role.CSR_PARTNER).first()
            if account is None:
                raise CommandError(f"Tidak ada akun Mitra CSR dengan nama pengguna {partner}.")
        data = services.SponsorData(
            kind=kind, code=code, name=name, contact_name=contact, phone=phone, email=email, address=address,
            partner=account,
        )  # fmt: skip
        sponsor = call_service(services.sponsor_create, actor=None, data=data)
        self.stdout.write(self.style.SUCCESS(f"Donatur {sponsor.code} ({sponsor.name}) dicatat."))

    def _show(self, *, code: str, **options: Any) -> None:
        sponsor = sponsor_by_code(code)
        now = YearMonth.current()
        self.stdout.write(f"{sponsor.name} ({sponsor.code})")
        self.stdout.write(f"  Jenis         : {sponsor.get_kind_display()}")
        if sponsor.agency is not None:
            self.stdout.write(f"  OPD           : {sponsor.agency.name}")
        if sponsor.partner is not None:
            self.stdout.write(f"  Akun mitra    : {sponsor.partner.username}")
        self.stdout.write(f"  Saldo titipan : {rupiah(sponsor.credit)}")
        owed = [due.outstanding for due in owed_dues(sponsor.dues.all(), now)]
        through = overdue_through(now)
        self.stdout.write(f"  Tunggakan     : {rupiah(sum(owed))} ({len(owed)} iuran sampai {through.label})")
        self.stdout.write(f"  Jatuh tempo   : iuran {now.label} paling lambat {premium_due_date(now):%d/%m/%Y}")
        self.stdout.write("Kepesertaan:")
        for sponsorship in sponsor.sponsorships.select_related("worker").order_by("-start_month", "-pk"):
            period = f"{sponsorship.start.label} – {sponsorship.end.label if sponsorship.end else 'berjalan'}"
            self.stdout.write(
                f"  {sponsorship.pk:>6}  {sponsorship.worker.nik}  {sponsorship.worker.name:<30} {period}"
            )

    def _list(self, *, kind: str | None, **options: Any) -> None:
        sponsors = with_running_count(Sponsor.objects.all()).order_by("kind", "name")
        if kind:
            sponsors = sponsors.filter(kind=kind)
        for sponsor in sponsors:
            running: int = sponsor.running  # type: ignore[attr-defined]  # annotated by with_running_count
            self.stdout.write(
                f"{sponsor.code:<20} {sponsor.get_kind_display():<16} {sponsor.name:<40} "
                f"{running:>4} pekerja  saldo {rupiah(sponsor.credit)}"
            )
