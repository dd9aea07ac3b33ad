"""The menu each role sees. Hiding a link is a courtesy; the selectors and
services are what actually refuse."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from peduli.accounts.models import Role
from peduli.accounts.scoping import ROSTER_MANAGERS, ROSTER_READERS
from peduli.bpjs.claim_services import CLAIM_KEEPERS
from peduli.bpjs.member_selectors import MEMBER_KEEPERS
from peduli.bpjs.registration_selectors import REGISTRATION_EXCHANGERS
from peduli.ledger.calendar_views import CALENDAR_READERS
from peduli.ledger.selectors import LEDGER_READERS, REMITTANCE_READERS
from peduli.ledger.services import LEDGER_KEEPERS
from peduli.ledger.views import TREASURY_READERS
from peduli.planner.selectors import PLANNERS
from peduli.reporting.baseline_selectors import BASELINE_READERS
from peduli.reporting.dashboard_views import DASHBOARD_READERS
from peduli.reporting.monthly_report_selectors import MONTHLY_REPORT_READERS
from peduli.reporting.recap import RECAP_READERS
from peduli.sponsorships.selectors import SPONSORSHIP_READERS
from peduli.workers.selectors import WORKER_EDITORS, WORKER_READERS

ALL = frozenset(Role.values)


@dataclass(frozen=True)
class MenuItem:
    label: StrOrPromise
    url_name: str
    icon: str
    roles: frozenset[str]
    section: StrOrPromise = ""  # the heading the item is listed under; none for the first items

    def is_active(self, view_name: str) -> bool:
        """Whether the page shown (by its view name) belongs to this item:
        "agencies:civil_servant_detail" lights up "agencies:civil_servant_list"."""
        return view_name.startswith(self.url_name.removesuffix("list"))

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DATA, MONEY, BPJS, REPORTS = _("Data"), _("Iuran"), _("BPJS"), _("Laporan")
API_READERS = frozenset({Role.REGENCY_ADMIN, Role.BPJS_OFFICER, Role.CSR_PARTNER, Role.LEADER})

MENU = [
    MenuItem(_("Beranda"), "site:dashboard", "speedometer2", ALL),
    MenuItem(_("Dasbor Capaian"), "reporting:dashboard", "bar-chart-line", DASHBOARD_READERS),
    MenuItem(_("Iuran Saya"), "me:home", "heart", frozenset({Role.CIVIL_SERVANT})),
    MenuItem(_("Perangkat Daerah"), "agencies:agency_list", "building", ROSTER_READERS, DATA),
    MenuItem(_("Data ASN"), "agencies:civil_servant_list", "people", ROSTER_READERS, DATA),
    MenuItem(_("Impor Data ASN"), "agencies:roster_import_list", "file-earmark-arrow-up", ROSTER_MANAGERS, DATA),
    MenuItem(_("Pekerja Rentan"), "workers:worker_list", "person-vcard", WORKER_READERS, DATA),
    MenuItem(_("Verifikasi"), "workers:verification_queue", "patch-check", WORKER_EDITORS, DATA),
    MenuItem(_("Kemungkinan Duplikat"), "workers:duplicate_list", "intersect", WORKER_EDITORS, DATA),
    MenuItem(_("Impor Pekerja"), "workers:import_list", "file-earmark-arrow-up", WORKER_EDITORS, DATA),
    MenuItem(_("Wilayah"), "regions:region_list", "geo-alt", ALL - {Role.CIVIL_SERVANT}, DATA),
    MenuItem(_("Donatur"), "sponsorships:sponsor_list", "people-fill", SPONSORSHIP_READERS, MONEY),
    MenuItem(_("Kepesertaan"), "sponsorships:sponsorship_list", "link-45deg", SPONSORSHIP_READERS, MONEY),
    MenuItem(_("Iuran"), "ledger:overview", "cash-stack", LEDGER_READERS - {Role.AGENCY_OPERATOR}, MONEY),
    MenuItem(_("Iuran OPD"), "ledger:agency_ledger", "building-check", TREASURY_READERS, MONEY),
    MenuItem(_("Impor Pembayaran"), "payment_imports:import_list", "file-earmark-arrow-up", LEDGER_KEEPERS, MONEY),
    MenuItem(_("Tunggakan"), "ledger:arrears", "exclamation-triangle", LEDGER_READERS, MONEY),
    MenuItem(_("Setoran BPJS"), "ledger:remittance_list", "send-check", REMITTANCE_READERS, MONEY),
    MenuItem(_("Kalender Iuran"), "ledger:calendar", "calendar-event", CALENDAR_READERS, MONEY),
    MenuItem(_("Pendaftaran BPJS"), "bpjs:registration_batch_list", "person-plus", REGISTRATION_EXCHANGERS, BPJS),
    MenuItem(_("Peserta BPU BPJS"), "bpjs:member_list", "people", MEMBER_KEEPERS, BPJS),
    MenuItem(_("Peserta BPU per Desa"), "bpjs:member_count_list", "people", frozenset({Role.LEADER}), BPJS),
    MenuItem(_("Klaim BPJS"), "bpjs:claim_list", "heart-pulse", CLAIM_KEEPERS, BPJS),
    MenuItem(_("Manfaat Klaim BPJS"), "bpjs:claim_impact", "heart-pulse", frozenset({Role.LEADER}), BPJS),
    MenuItem(_("Target & Data Dasar"), "reporting:baseline_list", "bullseye", BASELINE_READERS, REPORTS),
    MenuItem(_("Rekap Bulanan"), "reporting:recap", "file-earmark-bar-graph", RECAP_READERS, REPORTS),
    MenuItem(_("Laporan Bulanan"), "reporting:monthly_report_list", "journal-check", MONTHLY_REPORT_READERS, REPORTS),
    MenuItem(_("Perencana"), "planner:scenario_list", "graph-up-arrow", PLANNERS, REPORTS),
    MenuItem(_("Data Terbuka"), "reporting:open_data", "database-down", ALL, REPORTS),
    MenuItem(_("Dokumentasi API"), "api:docs", "code-slash", API_READERS, REPORTS),
]  # fmt: skip


def menu_for(role: str, *, is_superuser: bool = False) -> list[MenuItem]:
    if is_superuser:
        role = Role.REGENCY_ADMIN
    return [item for item in MENU if role in item.roles]
