"""The demo ledger's plan: its months, the agencies and organisations that
take part, how civil servants pay, and the pool of verified workers they
sponsor. `peduli.demo.ledger` writes the history from it.

Civil servants join a few at a time from 2022 and in a push from
June to September 2025, most paying for one or two workers. Many pay by payroll deduction (the agency treasurer's
file: one payment per civil servant per month), others transfer 3, 6 or 12
months ahead; a few are in arrears now, some stopped long enough for their
workers to lapse, and some sponsorships ended (the worker died or found formal
work, the sponsor stopped). Organisations pay lump sums for many workers:
company CSR (one with the demo partner account mitra.csr), regional
enterprises (BUMD), the tobacco excise share (DBHCHT) and the regional budget
(APBD), which is two months behind. Every month up to two months ago is
remitted to BPJS and confirmed; last month's batch waits for BPJS.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from peduli.core.months import YearMonth
from peduli.ledger.models import Payment
from peduli.ledger.rates import INCOME_BANDS
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.workers.models import MAXIMUM_AGE, Worker, age_on
from peduli.workers.selectors import open_duplicate_flags

FIRST_MONTH = YearMonth(2022, 1)
JUNE_2025, JULY_2025, AUGUST_2025 = YearMonth(2025, 6), YearMonth(2025, 7), YearMonth(2025, 8)
SEPTEMBER_2025 = YearMonth(2025, 9)
# What BPJS's Kendal branch told the press on 19 August 2025: the workers
# covered by civil servants and how many civil servants pay for them.
WORKERS_JUNE_2025 = 728
WORKERS_AUGUST_2025 = 974
SPONSORS_AUGUST_2025 = 573
WORKERS_SEPTEMBER_2025 = 1_256  # 282 more, with three more agencies
# The agencies whose civil servants pay (the press named none; the demo's
# logins' agencies are among them): 22 from the start, employing 1,834 civil
# servants in August 2025; three more (245) from September 2025; four more
# from January 2026. The schools, the hospital and seven district offices never.
AGENCIES_AUGUST_2025 = (
    "SETDA", "SETWAN", "INSPEKTORAT", "BAPPEDA", "BKD", "BKPSDM", "DINKES", "DINSOS", "DISPERINAKER", "DLH",
    "DISDUKCAPIL", "DISKOMINFO", "KEC-01", "KEC-03", "KEC-04", "KEC-06", "KEC-08", "KEC-10", "KEC-12", "KEC-14",
    "KEC-15", "KEC-18",
)  # fmt: skip
AGENCIES_SEPTEMBER_2025 = ("DISPERKIM", "SATPOLPP", "KEC-02")
LATE_AGENCIES = ("DPUPR", "DISTAPANG", "KEC-09", "KEC-16")
LATE_AGENCIES_FROM = YearMonth(2026, 1)
# New civil-servant sponsors a month before the push, by year; and after it.
STARTS_PER_MONTH = {2022: (3, 8), 2023: (6, 12), 2024: (10, 18), 2025: (20, 30)}
LATER_STARTS = (12, 25)
# How civil servants pay, with weights: payroll deduction, transfer ahead,
# one or two months late, three or more unpaid (the worker lapses), the
# sponsorship ended with the worker, the sponsor stopped paying and ended it.
BEHAVIOURS = {"payroll": 40, "prepay": 48, "late": 5, "lapsing": 2, "ended": 2, "stopped": 1.5}
# How many workers one civil servant pays for, with weights: 1.7 on average,
# as in August 2025 (974 workers, 573 civil servants).
WORKERS_PER_SPONSOR = {1: 45, 2: 40, 3: 15}
LOGIN_SPONSOR_FROM = YearMonth(2023, 3)
ARREARS_SETTLED = 3
WORKER_ENDS = (
    (Sponsorship.EndReason.WORKER_DIED, Worker.EndReason.DIED),
    (Sponsorship.EndReason.FORMAL_WORK, Worker.EndReason.FORMAL_WORK),
)
# The month's paid dues: their workers are covered (as `coverage_sync` finds at the time).
PAID_IN = "SELECT worker_id FROM ledger_due WHERE month = %s AND cancelled = FALSE AND paid_amount = amount"
NEW_PAYMENTS_SPONSORS = "SELECT DISTINCT sponsor_id FROM ledger_payment WHERE id > %s"


@dataclass(frozen=True)
class Cohort:
    workers: int
    start: YearMonth
    end: YearMonth | None = None
    takes_over: str = ""  # the organisation whose workers this cohort goes on paying for


@dataclass(frozen=True)
class Organisation:
    code: str
    kind: str
    name: str
    contact: str
    cohorts: tuple[Cohort, ...]
    method: str
    source: str
    block: int  # months each payment pays
    day: int  # day of the month the money arrives
    arrears: int = 0  # months unpaid up to now
    ends: int = 0  # workers who die or find formal work while sponsored
    programme: str = Sponsorship.Programme.JKK_JKM
    income: int = INCOME_BANDS[0]
    prefer: tuple[str, ...] = ()  # occupation codes the fund is meant for
    partner: str = ""
    end_note: str = ""


# Where a payment's evidence comes from, as a clerk writes it (a reference is unique per source).
CSR_ACCOUNT = "Rekening CSR Bank Jateng"
BANK_TRANSFER = "Transfer Bank Jateng"

# The companies and regional enterprises are fictional; any likeness to a real
# one is chance. The organisation whose workers another takes over comes first.
ORGANISATIONS = (
    Organisation("DBHCHT", Sponsor.Kind.DBHCHT, "DBHCHT Kabupaten Kendal", "Bidang Hubungan Industrial",
                  (Cohort(200, YearMonth(2023, 1)), Cohort(60, YearMonth(2025, 1))), Payment.Method.TRANSFER,
                  "RKUD Kendal", 12, 20, ends=4, prefer=("buruh_tembakau", "buruh_rokok", "petani", "buruh_tani")),
    Organisation("CSR-SKL", Sponsor.Kind.COMPANY_CSR, "PT Samudra Kaliwungu Logistik", "Manajer CSR",
                  (Cohort(30, YearMonth(2023, 7), end=YearMonth(2025, 6)),), Payment.Method.CSR_LUMP_SUM,
                  CSR_ACCOUNT, 6, 10, end_note="Program CSR 2023–2025 selesai; pekerjanya dilanjutkan APBD."),
    Organisation("APBD-PPR", Sponsor.Kind.APBD, "APBD Kabupaten Kendal – Perlindungan Pekerja Rentan",
                  "Bidang Hubungan Industrial",
                  (Cohort(220, YearMonth(2024, 7)), Cohort(30, YearMonth(2025, 7), takes_over="CSR-SKL")),
                  Payment.Method.TRANSFER, "RKUD Kendal", 3, 15, arrears=2),
    Organisation("CSR-KAL", Sponsor.Kind.COMPANY_CSR, "PT Kendal Agro Lestari", "Manajer CSR",
                  (Cohort(100, YearMonth(2024, 1)), Cohort(30, YearMonth(2025, 7))), Payment.Method.CSR_LUMP_SUM,
                  CSR_ACCOUNT, 12, 10, partner="mitra.csr"),
    Organisation("CSR-TWS", Sponsor.Kind.COMPANY_CSR, "PT Tirta Weleri Sejahtera", "Bagian Umum",
                  (Cohort(50, YearMonth(2025, 3)),), Payment.Method.TRANSFER, BANK_TRANSFER, 6, 5, arrears=1,
                  programme=Sponsorship.Programme.JKK_JKM_JHT, income=1_500_000),
    Organisation("CSR-KGM", Sponsor.Kind.COMPANY_CSR, "PT Kendal Garmen Mandiri", "Manajer CSR",
                  (Cohort(25, YearMonth(2026, 1)),), Payment.Method.CSR_LUMP_SUM, CSR_ACCOUNT, 12, 12),
    Organisation("BUMD-BPRAK", Sponsor.Kind.BUMD_CSR, "PT BPR Artha Kendal (Perseroda)", "Sekretaris Perusahaan",
                  (Cohort(80, YearMonth(2024, 1)),), Payment.Method.TRANSFER, BANK_TRANSFER, 12, 15, ends=2),
    Organisation("BUMD-PPKS", Sponsor.Kind.BUMD_CSR, "Perumda Pasar Kendal Sejahtera", "Bagian Keuangan",
                  (Cohort(40, YearMonth(2025, 9)),), Payment.Method.TRANSFER, BANK_TRANSFER, 1, 10),
)  # fmt: skip


@dataclass
class Sponsored:
    worker: Worker
    start: YearMonth
    end: YearMonth | None = None
    reason: str = ""
    note: str = ""
    worker_end: str = ""  # the worker's own end reason when the sponsorship ends with the worker
    programme: str = Sponsorship.Programme.JKK_JKM
    income: int = INCOME_BANDS[0]
    sponsorship: Sponsorship | None = None


@dataclass
class Terms:
    """How a civil servant pays: `block` months a payment, up to `paid_through`."""

    block: int
    paid_through: YearMonth
    method: str
    end: YearMonth | None = None
    reason: str = ""
    worker_end: str = ""


@dataclass
class Plan:
    """One sponsor's story: whom it pays for and the months its money covers."""

    sponsor: Sponsor
    method: str
    source: str
    block: int
    paid_through: YearMonth
    day: int
    reference: str  # with a {month} placeholder; unique per source
    sponsored: list[Sponsored] = field(default_factory=list)
    via_services: bool = False


def month_between(rng: random.Random, first: YearMonth, last: YearMonth) -> YearMonth:
    return YearMonth.from_index(rng.randint(first.index, last.index))


def block_end(start: YearMonth, block: int, month: YearMonth) -> YearMonth:
    """The last month of the `block`-month period, counted from `start`, that holds `month`."""
    return start + ((start.months_until(month) // block + 1) * block - 1)


class Pool:
    """Verified workers under 65 whom nobody pays for and who are not under
    duplicate review, in a seeded order."""

    def __init__(self, rng: random.Random, today: date) -> None:
        flagged = open_duplicate_flags()
        workers = (
            Worker.objects.filter(status=Worker.Status.VERIFIED, kpj="", sponsorships__isnull=True)
            .exclude(pk__in=flagged.values("worker"))
            .exclude(pk__in=flagged.values("candidate"))
            .select_related("occupation")
            .order_by("nik")
        )
        self.free = [w for w in workers if age_on(w.birth_date, today) < MAXIMUM_AGE]
        rng.shuffle(self.free)

    def take(self, count: int, prefer: tuple[str, ...] = ()) -> list[Worker]:
        ranked = sorted(self.free, key=lambda w: w.occupation.code not in prefer) if prefer else self.free
        if len(ranked) < count:
            raise RuntimeError("Pekerja terverifikasi tidak cukup untuk riwayat iuran demo.")
        chosen, self.free = ranked[:count], ranked[count:]
        return chosen
