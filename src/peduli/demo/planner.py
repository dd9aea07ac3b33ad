"""The demo's planner: three scenarios from Kendal's public figures of June
2025 (338,681 informal workers, 14,177 protected, 10,292 civil servants
sponsoring 728 workers), so the planner's pages have something to compare.

- Status quo: civil servants keep joining slowly, no new budget;
- Dorongan ASN: every agency pushes; 400 civil servants a month start
  sponsoring until all do, some of them two workers;
- Dorongan ASN + CSR/DBHCHT/APBD: the same, with company and BUMD CSR,
  the tobacco excise share and the regional budget paying for workers, and
  a registration drive through the villages that enrols 3,500 new workers a
  month — enough for the 2029 target of the RPJMD (reached in January 2029
  and held), not for the 2045 one. The first two keep the enrolment
  capacity the registry's history gives; with no budget it changes nothing.
"""

from decimal import Decimal
from typing import Any

from peduli.core.months import YearMonth
from peduli.planner.models import Scenario
from peduli.planner.services import ScenarioData, scenario_create

START = {
    "start_month": YearMonth(2025, 6),
    "informal_workers": 338_681,
    "protected_workers": 14_177,
    "civil_servants": 10_292,
    "sponsoring_civil_servants": 728,
    "workers_by_civil_servants": 728,
    "self_paying_growth_pct": Decimal(2),
    "informal_growth_pct": Decimal("0.5"),
    "lapse_pct_per_month": Decimal("0.3"),
}
PUSH: dict[str, Any] = {"new_sponsors_per_month": 400, "workers_per_sponsor": Decimal("1.5")}
SCENARIOS: list[tuple[str, str, dict[str, Any]]] = [
    ("Status quo", "ASN bergabung pelan seperti 2022–2025 (20 orang sebulan); tidak ada anggaran baru.",
     {"new_sponsors_per_month": 20}),
    ("Dorongan ASN", "Semua OPD menggerakkan ASN: 400 donatur baru sebulan sampai seluruh ASN ikut; "
     "sebagian membiayai dua pekerja.", PUSH),
    ("Dorongan ASN + CSR/DBHCHT/APBD", "Dorongan ASN ditambah CSR perusahaan Rp 5 M, CSR BUMD Rp 1 M, "
     "DBHCHT Rp 12 M dan APBD Rp 17 M setahun, dan pendataan lewat desa/kelurahan yang mendaftarkan "
     "3.500 pekerja baru sebulan.",
     {**PUSH, "csr_per_year": 5_000_000_000, "bumd_per_year": 1_000_000_000, "dbhcht_per_year": 12_000_000_000,
      "apbd_per_year": 17_000_000_000, "enrolment_capacity_per_month": 3_500}),
]  # fmt: skip


def demo_planner_load() -> list[Scenario]:
    """Create the three scenarios of the instance's regency (again only those missing)."""
    existing = set(Scenario.objects.values_list("name", flat=True))
    return [
        scenario_create(actor=None, data=ScenarioData(name=name, description=description, **{**START, **assumptions}))
        for name, description, assumptions in SCENARIOS
        if name not in existing
    ]
