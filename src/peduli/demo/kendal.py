"""The Kendal demo: 38 agencies, the civil-servant roster of June–August 2025,
a login for every role, the vulnerable workers (`peduli.demo.workers`) and the
ledger's history since January 2022 (`peduli.demo.ledger`). Deterministic: the
same seed gives the same data.

Public figures reproduced: 10,292 civil servants in June 2025 and 10,345 in
August 2025 (60 PPPK appointed 1 July 2025, 7 PNS teachers retired 1 August
2025); 728 workers covered by civil servants in June 2025; 974 in August 2025,
sponsored by 573 civil servants of 22 agencies that employ 1,834 between them;
1,256 in September 2025, when 3 more agencies (245 civil servants) pay; 338,681
informal workers of whom 14,177 (4.19%) protected in June 2025, counting BPJS's
self-paying members (`peduli.demo.bpjs_members`) once.
"""

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency, AgencyName, CivilServant
from peduli.bpjs.models import Claim, Member, RegistrationBatch
from peduli.demo.baselines import demo_baselines_load
from peduli.demo.boundaries import demo_boundaries_load
from peduli.demo.bpjs_claims import demo_claims_load
from peduli.demo.bpjs_members import demo_bpjs_members_load
from peduli.demo.bpjs_registration import demo_bpjs_registration_load
from peduli.demo.ledger import demo_ledger_load
from peduli.demo.monthly_reports import demo_monthly_reports_load
from peduli.demo.planner import demo_planner_load
from peduli.demo.reconciliation import demo_reconciliation_load
from peduli.demo.workers import demo_workers_load
from peduli.ledger.coverage import coverage_sync
from peduli.ledger.models import RemittanceStatement
from peduli.planner.models import Scenario
from peduli.regions.models import Boundary, Region
from peduli.regions.services import regions_load
from peduli.reporting.coverage.snapshots import snapshots_refresh
from peduli.reporting.models import InformalWorkerBaseline, MonthlyReport
from peduli.sponsorships.models import Sponsor
from peduli.users.services import user_create
from peduli.workers.models import Worker

REGENCY = "33.24"
SEED = 3324
MOVEMENT_START = date(2022, 1, 1)
JUNE_2025_TOTAL = 10_292
NEW_PPPK_JULY_2025 = 60
RETIRED_AUGUST_2025 = 7
DEMO_PASSWORD = "Peduli#2026"

# (code, name, short name, kind, civil servants in June 2025). The agencies
# that take part in the movement are the smaller ones (`peduli.demo.ledger_plan`):
# the 22 of August 2025 employ 1,834 civil servants between them, the three that
# join in September 245; the teachers and the hospital's staff are most of the rest.
AGENCIES = [
    ("SETDA", "Sekretariat Daerah", "Setda", Agency.Kind.SECRETARIAT, 230),
    ("SETWAN", "Sekretariat DPRD", "Setwan", Agency.Kind.SECRETARIAT, 60),
    ("INSPEKTORAT", "Inspektorat Daerah", "Inspektorat", Agency.Kind.INSPECTORATE, 55),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", Agency.Kind.BOARD, 60),
    ("BKD", "Badan Keuangan Daerah", "BKD", Agency.Kind.BOARD, 120),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", Agency.Kind.BOARD, 60),
    ("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", Agency.Kind.OFFICE, 6_343),
    ("DINKES", "Dinas Kesehatan", "Dinkes", Agency.Kind.OFFICE, 460),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "DPUPR", Agency.Kind.OFFICE, 150),
    ("DISPERKIM", "Dinas Perumahan dan Kawasan Permukiman", "Disperkim", Agency.Kind.OFFICE, 75),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", Agency.Kind.UNIT, 130),
    ("DINSOS", "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", "Dinsos P2PA", Agency.Kind.OFFICE, 85),
    ("DISPERINAKER", "Dinas Perindustrian dan Tenaga Kerja", "Disperinaker", Agency.Kind.OFFICE, 70),
    ("DISTAPANG", "Dinas Pertanian dan Pangan", "Distapang", Agency.Kind.OFFICE, 230),
    ("DLH", "Dinas Lingkungan Hidup", "DLH", Agency.Kind.OFFICE, 94),
    ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", Agency.Kind.OFFICE, 70),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", Agency.Kind.OFFICE, 50),
    ("RSUD", "RSUD dr. H. Soewondo Kendal", "RSUD", Agency.Kind.HOSPITAL, 1_150),
]
DISTRICT_OFFICE_STAFF = 40  # each of the 20 district offices
# Who the July appointments and the August retirements change: the education
# and health offices (two new PPPK in three go to the schools), the schools.
EDUCATION, HEALTH = "DISDIKBUD", "DINKES"

MALE_NAMES = (
    "Agus Budi Slamet Joko Heru Eko Bambang Sutrisno Teguh Rudi Wahyu Arif Dedi Hadi Yusuf "
    "Fajar Rizky Andi Imam Mochamad Ahmad Nur Sigit Bayu Dwi Tri Anton Priyo"
).split()
FEMALE_NAMES = (
    "Sri Siti Endang Yuliana Dewi Rina Nurul Wahyuni Lestari Eni Tri Sulistyowati Ratna Indah "
    "Fitri Anisa Retno Kartika Puji Umi Dian Novi Ayu Rahmawati Susanti Mujiati"
).split()
FAMILY_NAMES = (
    "Santoso Prasetyo Wibowo Susanto Hidayat Purnomo Setiawan Nugroho Saputra Kurniawan Hartono "
    "Suryani Wulandari Rahayu Utami Handayani Astuti Pratiwi Maharani Kusuma"
).split()
DEGREES = [
    "",
    "",
    "S.Pd.",
    "S.Pd.",
    "S.Kep., Ns.",
    "S.E.",
    "S.H.",
    "S.Sos.",
    "A.Md.",
    "S.T.",
    "S.Kom.",
    "M.Pd.",
    "S.IP.",
]
POSITIONS = {
    "DISDIKBUD": ["Guru Kelas", "Guru Mata Pelajaran", "Kepala Sekolah", "Pengawas Sekolah", "Pengelola Data"],
    "DINKES": ["Perawat", "Bidan", "Dokter", "Sanitarian", "Nutrisionis", "Pengadministrasi Umum"],
    "RSUD": ["Perawat", "Bidan", "Dokter Spesialis", "Apoteker", "Radiografer"],
}
DEFAULT_POSITIONS = [
    "Analis Kebijakan",
    "Pengadministrasi Umum",
    "Penata Kelola Sistem",
    "Kepala Seksi",
    "Pranata Komputer",
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    description: str


def demo_logins() -> list[DemoLogin]:
    """The logins of the instance, for `make run` to print every time."""
    users = User.objects.filter(is_active=True).order_by("-is_superuser", "role", "username")[:20]
    return [
        DemoLogin(
            role="Superuser (Admin Django)" if u.is_superuser else u.get_role_display(),
            username=u.username,
            description=u.get_full_name(),
        )
        for u in users
    ]


def _name(rng: random.Random, sex: str) -> str:
    first = rng.choice(MALE_NAMES if sex == "L" else FEMALE_NAMES)
    parts = [first]
    if rng.random() < 0.8:
        parts.append(rng.choice(FAMILY_NAMES))
    degree = rng.choice(DEGREES)
    return " ".join(parts) + (f", {degree}" if degree else "")


def _pns_rank(rng: random.Random, years_in_service: int) -> str:
    group = "II" if years_in_service < 4 and rng.random() < 0.3 else "III" if years_in_service < 20 else "IV"
    return f"{group}/{rng.choice('abcd')}"


class _NipMaker:
    """Valid, unique NIPs: birth date, appointment, sex digit, serial."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.used = rng, set[str]()

    def make(self, *, born: date, appointed: date, sex: str, pppk: bool) -> str:
        while True:
            serial = self.rng.randint(1, 999)
            middle = f"{appointed.year}2{self.rng.randint(1, 9)}" if pppk else f"{appointed:%Y%m}"
            nip = f"{born:%Y%m%d}{middle}{1 if sex == 'L' else 2}{serial:03d}"
            if nip not in self.used:
                self.used.add(nip)
                return nip


def _agencies(regency: Region) -> list[tuple[Agency, int]]:
    agencies = []
    for code, name, short, kind, staff in AGENCIES:
        agencies.append(
            (
                Agency(code=code, name=name, short_name=short, kind=kind, regency=regency, valid_from=MOVEMENT_START),
                staff,
            )
        )
    for district in Region.objects.filter(parent=regency).order_by("code"):
        code = f"KEC-{district.code[-2:]}"
        agency = Agency(
            code=code,
            name=f"Kecamatan {district.name}",
            short_name=f"Kec. {district.name}",
            kind=Agency.Kind.DISTRICT_OFFICE,
            regency=regency,
            district=district,
            valid_from=MOVEMENT_START,
        )
        agencies.append((agency, DISTRICT_OFFICE_STAFF))
    return agencies


def _roster(rng: random.Random, agencies: list[tuple[Agency, int]], regency: Region) -> list[CivilServant]:
    villages = list(
        Region.objects.filter(code__startswith=regency.code + ".", level=Region.Level.VILLAGE).values_list(
            "code", flat=True
        )
    )
    if sum(staff for _agency, staff in agencies) != JUNE_2025_TOTAL:
        raise RuntimeError(f"Daftar OPD demo tidak berjumlah {JUNE_2025_TOTAL} ASN pada Juni 2025.")
    nips = _NipMaker(rng)
    people: list[CivilServant] = []
    by_code = {agency.code: agency for agency, _staff in agencies}
    for agency, count in agencies:
        positions = POSITIONS.get(agency.code, DEFAULT_POSITIONS)
        home = [v for v in villages if agency.district_id and v.startswith(agency.district_id + ".")] or villages
        for _ in range(count):
            pppk = rng.random() < 0.27
            sex = "P" if rng.random() < (0.62 if agency.code in ("DISDIKBUD", "DINKES", "RSUD") else 0.4) else "L"
            born = date(rng.randint(1967, 1999), rng.randint(1, 12), rng.randint(1, 28))
            if pppk:
                appointed = date(rng.choice([2022, 2023, 2024]), 1, 1)
                rank = rng.choice(["V", "VII", "IX", "IX", "X"])
            else:
                year = min(max(born.year + rng.randint(23, 33), 1990), 2024)
                appointed = date(year, rng.choice([1, 3, 4]), 1)
                rank = _pns_rank(rng, 2025 - year)
            people.append(
                CivilServant(
                    nip=nips.make(born=born, appointed=appointed, sex=sex, pppk=pppk),
                    name=_name(rng, sex),
                    sex=sex,
                    birth_date=born,
                    employment_type="PPPK" if pppk else "PNS",
                    regency=regency,
                    agency=agency,
                    unit=agency.short_name,
                    rank=rank,
                    position=rng.choice(positions),
                    home_village_id=rng.choice(home),
                    service_start=appointed,
                )
            )
    # 60 PPPK teachers and nurses appointed 1 July 2025.
    for index in range(NEW_PPPK_JULY_2025):
        agency = by_code[EDUCATION] if index % 3 else by_code[HEALTH]
        sex = "P" if index % 2 else "L"
        born = date(rng.randint(1985, 2000), rng.randint(1, 12), rng.randint(1, 28))
        appointed = date(2025, 7, 1)
        people.append(
            CivilServant(
                nip=nips.make(born=born, appointed=appointed, sex=sex, pppk=True),
                name=_name(rng, sex),
                sex=sex,
                birth_date=born,
                employment_type="PPPK",
                regency=regency,
                agency=agency,
                unit=agency.short_name,
                rank="IX",
                position=rng.choice(POSITIONS.get(agency.code, DEFAULT_POSITIONS)),
                home_village_id=rng.choice(villages),
                service_start=appointed,
            )
        )
    # Seven of the oldest PNS teachers retire from 1 August 2025.
    teachers = (p for p in people if p.employment_type == "PNS" and p.agency.code == EDUCATION)
    oldest = sorted(teachers, key=lambda p: p.birth_date)[:RETIRED_AUGUST_2025]
    for person in oldest:
        person.service_end, person.end_reason = date(2025, 8, 1), CivilServant.EndReason.RETIRED
    return people


def _create_logins(agencies: list[Agency], first_servant: CivilServant, district: Region) -> None:
    by_code = {a.code: a for a in agencies}
    plan: list[tuple[str, str, str, dict[str, Any]]] = [
        (Role.REGENCY_ADMIN, "disperinaker", "Admin Disperinaker", {}),
        (Role.AGENCY_OPERATOR, "operator.dinkes", "Operator Dinas Kesehatan", {"agency": by_code["DINKES"]}),
        (Role.DISTRICT_OPERATOR, "operator.kec.kendal", f"Operator Kecamatan {district.name}", {"district": district}),
        (Role.CIVIL_SERVANT, first_servant.nip, first_servant.name, {"civil_servant": first_servant}),
        (Role.BPJS_OFFICER, "bpjs.kendal", "Petugas BPJS Ketenagakerjaan Kendal", {}),
        (Role.CSR_PARTNER, "mitra.csr", "Mitra CSR", {}),
        (Role.LEADER, "bupati", "Bupati Kendal", {}),
    ]
    for role, username, name, place in plan:
        user_create(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            full_name=name,
            check_password=False,
            **place,
        )
    User.objects.create_superuser("admin", password=DEMO_PASSWORD, first_name="Admin", last_name="Sistem")


@transaction.atomic
def demo_load(*, all_regions: bool = True, seed: int = SEED) -> None:
    """Load the Kendal demo into an empty instance.

    `all_regions` loads the national region list (needed later to check the
    district digits of any NIK); otherwise only Kendal's tree.
    """
    demo_base_load(all_regions=all_regions, seed=seed)
    demo_extend(seed=seed)


@transaction.atomic
def demo_base_load(*, all_regions: bool = True, seed: int = SEED) -> None:
    """The demo as it was first released: regions, agencies, the roster and the logins."""
    regions_load(root="" if all_regions else REGENCY)
    regency = Region.objects.get(code=REGENCY)
    rng = random.Random(seed)
    pairs = _agencies(regency)
    for agency, _staff in pairs:
        agency.save()
    AgencyName.objects.bulk_create(AgencyName(agency=a, name=a.name, valid_from=a.valid_from) for a, _s in pairs)
    people = _roster(rng, pairs, regency)
    bulk_create_with_history(people, CivilServant, batch_size=1000)
    first = CivilServant.objects.filter(agency__code="DISPERINAKER", service_end__isnull=True).order_by("nip").first()
    assert first is not None  # the roster above always staffs the labour office
    _create_logins([a for a, _s in pairs], first, Region.objects.get(code="33.24.15"))


@transaction.atomic
def demo_extend(*, seed: int = SEED) -> list[str]:
    """Add to a loaded demo the parts later versions brought and it lacks
    (the workers, the ledger's history); returns what was added, for the operator."""
    office = User.objects.get(username="disperinaker")
    added = []
    if not Worker.objects.exists():
        demo_workers_load(seed=seed, verifier=office)
        added.append("pekerja rentan")
    if not Sponsor.objects.exists():
        demo_ledger_load(seed=seed, actor=office)
        added.append("riwayat iuran sejak Januari 2022")
    if not Boundary.objects.exists():
        demo_boundaries_load(actor=office)
        added.append("batas kecamatan dan desa untuk peta")
    added.extend(_demo_reporting_extend(seed=seed, office=office))
    # BPJS's member lists came last: the statuses as they stand today.
    coverage_sync()
    return added


def _demo_reporting_extend(*, seed: int, office: User) -> list[str]:
    """Issues 5 and 6: the denominators and targets, what BPJS reports
    (members, registrations, claims, a reconciliation), then — on fresh
    snapshots — the agencies' monthly reports and the planner's scenarios."""
    regency = Region.objects.get(code=REGENCY)
    added = []
    if not InformalWorkerBaseline.objects.exists():
        demo_baselines_load(regency=regency)
        added.append("jumlah pekerja informal dan target RPJMD/RPJPD")
    if not Member.objects.exists():
        demo_bpjs_members_load(regency=regency, seed=seed)
        added.append("peserta BPU yang dilaporkan BPJS")
    if not RegistrationBatch.objects.exists():
        demo_bpjs_registration_load(seed=seed, actor=User.objects.get(username="bpjs.kendal"))
        added.append("pendaftaran BPJS dan nomor KPJ")
    if not Claim.objects.exists():
        demo_claims_load()
        added.append("klaim JKK dan JKM")
    if not RemittanceStatement.objects.exists():
        demo_reconciliation_load()
        added.append("rekonsiliasi setoran")
    if added:
        snapshots_refresh(regency=regency, force=True)
    if not MonthlyReport.objects.exists():
        demo_monthly_reports_load(seed=seed)
        added.append("laporan bulanan OPD")
    if not Scenario.objects.exists():
        demo_planner_load()
        added.append("skenario perencana")
    return added


def demo_is_loaded() -> bool:
    return Agency.objects.filter(code="DISPERINAKER").exists()
