"""The menu each role sees. Hiding a link is a courtesy; the selectors and
services are what actually refuse."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from peduli.accounts.models import Role
from peduli.accounts.roles import ROLE_MATRIX, Capability


@dataclass(frozen=True)
class MenuItem:
    label: StrOrPromise
    url_name: str
    icon: str
    capability: Capability
    section: StrOrPromise = ""  # the heading the item is listed under; none for the first items
    # Roles that have the capability but a better link of their own.
    hidden_for: frozenset[Role] = frozenset()

    @property
    def roles(self) -> frozenset[Role]:
        return ROLE_MATRIX[self.capability] - self.hidden_for

    def is_active(self, view_name: str) -> bool:
        """Whether the page shown (by its view name) belongs to this item:
        "agencies:civil_servant_detail" lights up "agencies:civil_servant_list"."""
        return view_name.startswith(self.url_name.removesuffix("list"))

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DATA, MONEY, BPJS, REPORTS = _("Data"), _("Iuran"), _("BPJS"), _("Laporan")

MENU = [
    MenuItem(_("Beranda"), "site:dashboard", "speedometer2", Capability.USE_SITE),
    MenuItem(_("Dasbor Capaian"), "reporting:dashboard", "bar-chart-line", Capability.READ_DASHBOARD),
    MenuItem(_("Iuran Saya"), "me:home", "heart", Capability.SPONSOR_FOR_SELF),
    MenuItem(_("Perangkat Daerah"), "agencies:agency_list", "building", Capability.READ_ROSTER, DATA),
    MenuItem(_("Data ASN"), "agencies:civil_servant_list", "people", Capability.READ_ROSTER, DATA),
    MenuItem(_("Impor Data ASN"), "agencies:roster_import_list",
             "file-earmark-arrow-up", Capability.MANAGE_ROSTER, DATA),
    MenuItem(_("Akun ASN"), "users:civil_servant_accounts", "person-check", Capability.OPEN_ACCOUNTS, DATA),
    MenuItem(_("Pengguna"), "users:user_list", "person-gear", Capability.MANAGE_USERS, DATA),
    MenuItem(_("Pekerja Rentan"), "workers:worker_list", "person-vcard", Capability.READ_WORKERS, DATA),
    MenuItem(_("Verifikasi"), "workers:verification_queue", "patch-check", Capability.EDIT_WORKERS, DATA),
    MenuItem(_("Kemungkinan Duplikat"), "workers:duplicate_list", "intersect", Capability.EDIT_WORKERS, DATA),
    MenuItem(_("Impor Pekerja"), "workers:import_list", "file-earmark-arrow-up", Capability.EDIT_WORKERS, DATA),
    MenuItem(_("Wilayah"), "regions:region_list", "geo-alt", Capability.READ_REGIONS, DATA),
    MenuItem(pgettext_lazy("daftar", "Donatur"), "sponsorships:sponsor_list", "people-fill",
             Capability.READ_SPONSORSHIPS, MONEY),
    MenuItem(_("Kepesertaan"), "sponsorships:sponsorship_list", "link-45deg", Capability.READ_SPONSORSHIPS, MONEY),
    MenuItem(_("Iuran"), "ledger:overview", "cash-stack", Capability.READ_LEDGER, MONEY,
             hidden_for=frozenset({Role.AGENCY_OPERATOR})),
    MenuItem(_("Iuran OPD"), "ledger:agency_ledger", "building-check", Capability.READ_TREASURY, MONEY),
    MenuItem(_("Impor Pembayaran"), "payment_imports:import_list",
             "file-earmark-arrow-up", Capability.KEEP_LEDGER, MONEY),
    MenuItem(_("Tunggakan"), "ledger:arrears", "exclamation-triangle", Capability.READ_LEDGER, MONEY),
    MenuItem(_("Setoran BPJS"), "ledger:remittance_list", "send-check", Capability.READ_REMITTANCES, MONEY),
    MenuItem(_("Kalender Iuran"), "ledger:calendar", "calendar-event", Capability.READ_CALENDAR, MONEY),
    MenuItem(_("Pendaftaran BPJS"), "bpjs:registration_batch_list",
             "person-plus", Capability.EXCHANGE_REGISTRATIONS, BPJS),
    MenuItem(_("Peserta BPU BPJS"), "bpjs:member_list", "people", Capability.KEEP_MEMBERS, BPJS),
    MenuItem(_("Peserta BPU per Desa"), "bpjs:member_count_list", "people", Capability.READ_MEMBER_COUNTS, BPJS,
             hidden_for=ROLE_MATRIX[Capability.KEEP_MEMBERS]),
    MenuItem(_("Klaim BPJS"), "bpjs:claim_list", "heart-pulse", Capability.KEEP_CLAIMS, BPJS),
    MenuItem(_("Manfaat Klaim BPJS"), "bpjs:claim_impact", "heart-pulse", Capability.READ_CLAIM_IMPACT, BPJS,
             hidden_for=ROLE_MATRIX[Capability.KEEP_CLAIMS]),
    MenuItem(_("Target & Data Dasar"), "reporting:baseline_list", "bullseye", Capability.READ_BASELINES, REPORTS),
    MenuItem(_("Rekap Bulanan"), "reporting:recap", "file-earmark-bar-graph", Capability.READ_RECAP, REPORTS),
    MenuItem(_("Laporan Bulanan"), "reporting:monthly_report_list",
             "journal-check", Capability.READ_MONTHLY_REPORTS, REPORTS),
    MenuItem(_("Perencana"), "planner:scenario_list", "graph-up-arrow", Capability.PLAN, REPORTS),
    MenuItem(_("Data Terbuka"), "reporting:open_data", "database-down", Capability.USE_SITE, REPORTS),
    MenuItem(_("Dokumentasi API"), "api:docs", "code-slash", Capability.READ_API, REPORTS),
]  # fmt: skip


def menu_for(role: str, *, is_superuser: bool = False) -> list[MenuItem]:
    if is_superuser:
        role = Role.REGENCY_ADMIN
    return [item for item in MENU if role in item.roles]
