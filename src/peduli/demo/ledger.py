"""The demo's ledger: who paid whose premium, month by month, from January
2022 (when the movement began) to the current month.

The reports define, and tests/demo/test_ledger.py checks with its own queries:

- **workers covered by civil servants in month M**: the distinct workers with
  a non-cancelled, fully paid due (paid_amount = amount) of month M whose
  sponsor is of kind "asn";
- **participating agencies in M**: the distinct agencies of those sponsors.

The history reproduces the public figures: 728 workers covered by civil
servants in June 2025; 974 in August 2025, paid for by 573 civil servants of
22 of the 38 agencies; 1,256 in September 2025, from 25 agencies. Who pays
how is the plan's (`peduli.demo.ledger_plan`).

The rest of the 14,177 protected workers of the public figures are members
BPJS reports as paying for themselves: they come with the BPJS exchange, not
from here, and so do the demo's 240 workers with a KPJ, whom no sponsor pays.

The services keep the books: sponsors are made by `sponsor_create` and
`sponsor_for_civil_servant`, dues by `dues_generate` month by month, endings
by `sponsorship_end`, arrears and lapses by `coverage_sync`, remittances by
`remittance_create` and `remittance_confirm`; the newest sponsorships start
and pay through `sponsorship_start`, `payment_record` and
`sponsorship_prepay`. The bulk of the history (some 2,100 sponsorships and
14,000 payments) is written set-based the way a payment file is imported
(rows in bulk, one credit UPDATE, the ledger's set-based allocation), month by
month, and coverage follows each month: workers are protected in the month
their due is first paid, fall into arrears when a premium passes its due
date unpaid and lapse where three overdue months stay unpaid.
"""

import random
from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from peduli.accounts.models import Role, User
from peduli.agencies.models import Agency, CivilServant
from peduli.core.months import YearMonth, month_range
from peduli.demo.ledger_plan import (
    AGENCIES_AUGUST_2025,
    AGENCIES_SEPTEMBER_2025,
    ARREARS_SETTLED,
    AUGUST_2025,
    BANK_TRANSFER,
    BEHAVIOURS,
    FIRST_MONTH,
    JULY_2025,
    JUNE_2025,
    LATE_AGENCIES,
    LATE_AGENCIES_FROM,
    LATER_STARTS,
    LOGIN_SPONSOR_FROM,
    NEW_PAYMENTS_SPONSORS,
    ORGANISATIONS,
    PAID_IN,
    SEPTEMBER_2025,
    SPONSORS_AUGUST_2025,
    STARTS_PER_MONTH,
    WORKER_ENDS,
    WORKERS_AUGUST_2025,
    WORKERS_JUNE_2025,
    WORKERS_PER_SPONSOR,
    WORKERS_SEPTEMBER_2025,
    Organisation,
    Plan,
    Pool,
    Sponsored,
    Terms,
    block_end,
    month_between,
)
from peduli.demo.workers import demo_drive_workers_load
from peduli.ledger.coverage import COVERED_REASON, coverage_sync
from peduli.ledger.dues import rate_schedule_for
from peduli.ledger.models import Payment, RateSchedule
from peduli.ledger.services import (
    dues_generate,
    payment_record,
    payments_bulk_apply,
    remittance_confirm,
    remittance_create,
    sponsors_lock,
    sponsorship_prepay,
)
from peduli.sponsorships.models import Sponsor, Sponsorship
from peduli.sponsorships.services import (
    SponsorData,
    sponsor_create,
    sponsor_for_civil_servant,
    sponsorship_end,
    sponsorship_start,
)
from peduli.workers.models import Worker
from peduli.workers.services import worker_transition, workers_set_status


class _History:
    def __init__(self, rng: random.Random, actor: User) -> None:
        self.rng, self.actor = rng, actor
        self.today, self.now = timezone.localdate(), YearMonth.current()
        self.pool = Pool(rng, self.today)
        self.plans: list[Plan] = []
        self.rates: dict[YearMonth, RateSchedule] = {}
        self.taken: dict[str, list[Worker]] = {}
        agencies = list(Agency.objects.order_by("code"))
        self.servants: dict[int, list[CivilServant]] = {a.pk: [] for a in agencies}
        for servant in CivilServant.objects.filter(service_end__isnull=True).select_related("agency").order_by("nip"):
            self.servants[servant.agency_id].append(servant)
        for servants in self.servants.values():
            rng.shuffle(servants)
        self.weights = {a.pk: len(self.servants[a.pk]) for a in agencies}
        self.logins = list(
            CivilServant.objects.filter(user__role=Role.CIVIL_SERVANT, service_end__isnull=True).order_by("nip")
        )
        by_code = {a.code: a for a in agencies}
        self.participating = [by_code[c] for c in AGENCIES_AUGUST_2025]
        self.september = [by_code[c] for c in AGENCIES_SEPTEMBER_2025]
        self.late = [by_code[c] for c in LATE_AGENCIES]
        if any(s.agency not in self.participating for s in self.logins):
            raise RuntimeError("Akun ASN demo harus bekerja di OPD yang ikut gerakan sejak awal.")

    # Planning ----------------------------------------------------------------

    def plan(self) -> None:
        for organisation in ORGANISATIONS:
            self._organisation(organisation)
        for servant in self.logins:
            self.servants[servant.agency_id].remove(servant)
            start = max(LOGIN_SPONSOR_FROM, YearMonth.of(servant.service_start))
            self.plans.append(self._civil_servant(servant, start, Terms(1, self.now, Payment.Method.PAYROLL), 1))
        for month in month_range(FIRST_MONTH, JUNE_2025 - 1):
            self._civil_servants_from(month, self.rng.randint(*STARTS_PER_MONTH[month.year]), self.participating)
        # The push: June's newcomers reach 728 and include every participating
        # agency; July's and August's reach 974 workers and 573 civil servants.
        # All of them still pay in September, when the three agencies that
        # join bring the workers to 1,256.
        self._civil_servants_from(
            JUNE_2025, WORKERS_JUNE_2025 - self._covered(JUNE_2025), self.participating,
            must_cover=SEPTEMBER_2025, forced=list(self.participating),
        )  # fmt: skip
        push = WORKERS_AUGUST_2025 - self._covered(AUGUST_2025)
        sponsors = SPONSORS_AUGUST_2025 - self._sponsoring(AUGUST_2025)
        for month, workers, people in (
            (JULY_2025, push * 3 // 5, sponsors * 3 // 5),
            (AUGUST_2025, push - push * 3 // 5, sponsors - sponsors * 3 // 5),
        ):
            self._civil_servants_from(month, workers, self.participating, must_cover=SEPTEMBER_2025, sponsors=people)
        joined = self.participating + self.september
        self._civil_servants_from(
            SEPTEMBER_2025, WORKERS_SEPTEMBER_2025 - self._covered(SEPTEMBER_2025), joined,
            must_cover=SEPTEMBER_2025, forced=list(self.september),
        )  # fmt: skip
        for month in month_range(SEPTEMBER_2025 + 1, self.now):
            agencies = joined + (self.late if month >= LATE_AGENCIES_FROM else [])
            # Years on, the demo's registry runs out of free workers: the drive
            # then slows to what is left instead of failing.
            starts = min(self.rng.randint(*LATER_STARTS), len(self.pool.free))
            self._civil_servants_from(month, starts, agencies)

    def _covered(self, month: YearMonth) -> int:
        """Civil-servant workers the plans pay for in `month` (the reports' definition)."""
        return sum(len(paid) for paid in self._paying(month))

    def _sponsoring(self, month: YearMonth) -> int:
        """Civil servants who pay for some worker in `month` (the reports' definition)."""
        return sum(1 for paid in self._paying(month) if paid)

    def _paying(self, month: YearMonth) -> Iterator[list[Sponsored]]:
        """For each civil servant's plan, the workers it pays for in `month`."""
        for p in self.plans:
            if p.sponsor.kind == Sponsor.Kind.CIVIL_SERVANT:
                yield [s for s in p.sponsored if s.start <= month <= min(p.paid_through, s.end or p.paid_through)]

    def _organisation(self, organisation: Organisation) -> None:
        partner = User.objects.filter(username=organisation.partner, role=Role.CSR_PARTNER).first()
        sponsor = sponsor_create(actor=self.actor, data=SponsorData(
            kind=organisation.kind, name=organisation.name, code=organisation.code,
            contact_name=organisation.contact, partner=partner,
        ))  # fmt: skip
        sponsored: list[Sponsored] = []
        for cohort in organisation.cohorts:
            if cohort.start > self.now:
                continue
            workers = self.taken[cohort.takes_over] if cohort.takes_over else self.pool.take(
                cohort.workers, organisation.prefer)  # fmt: skip
            sponsored += [
                Sponsored(w, cohort.start, cohort.end, Sponsorship.EndReason.SPONSOR_STOPPED if cohort.end else "",
                           organisation.end_note if cohort.end else "", programme=organisation.programme,
                           income=organisation.income)
                for w in workers
            ]  # fmt: skip
        self.taken[organisation.code] = [s.worker for s in sponsored]
        running = [s for s in sponsored if s.end is None and s.start + 2 <= self.now - 1]
        for index, ending in enumerate(self.rng.sample(running, organisation.ends)):
            ending.end = month_between(self.rng, ending.start + 2, self.now - 1)
            ending.reason, ending.worker_end = WORKER_ENDS[index % len(WORKER_ENDS)]
        first = min(s.start for s in sponsored)
        paid = self.now - organisation.arrears if organisation.arrears else block_end(
            first, organisation.block, self.now)  # fmt: skip
        self.plans.append(Plan(
            sponsor, organisation.method, organisation.source, organisation.block, paid, organisation.day,
            f"{organisation.code}-{{month}}", sponsored,
        ))  # fmt: skip

    def _civil_servants_from(
        self,
        month: YearMonth,
        workers: int,
        agencies: list[Agency],
        *,
        must_cover: YearMonth | None = None,
        forced: list[Agency] | None = None,
        sponsors: int | None = None,
    ) -> None:
        """Civil servants who start paying in `month` for `workers` workers in
        all: exactly `sponsors` of them when given, else as many as their
        random share of workers makes."""
        forced = forced or []
        if sponsors is not None and not sponsors <= workers <= sponsors * max(WORKERS_PER_SPONSOR):
            raise RuntimeError(f"{sponsors} ASN demo tidak dapat membiayai {workers} pekerja pada {month.label}.")
        while workers > 0:
            servant = self._servant(agencies, month, forced.pop(0) if forced else None)
            # This month's sponsorships go through the services one by one: one worker each.
            size = self._size(workers, sponsors) if month < self.now else 1
            terms = self._terms(month, must_cover, several=size > 1)
            self.plans.append(self._civil_servant(servant, month, terms, size))
            workers -= size
            sponsors = sponsors - 1 if sponsors is not None else None

    def _size(self, workers: int, sponsors: int | None) -> int:
        """How many of the `workers` left the next civil servant pays for, so
        that `sponsors` civil servants (with this one) pay for all of them."""
        most = max(WORKERS_PER_SPONSOR)
        size = self.rng.choices(list(WORKERS_PER_SPONSOR), weights=list(WORKERS_PER_SPONSOR.values()))[0]
        if sponsors is None:
            return min(size, workers)
        others = sponsors - 1
        return min(max(size, workers - others * most), workers - others)

    def _servant(self, agencies: list[Agency], month: YearMonth, forced: Agency | None) -> CivilServant:
        """A civil servant of one of `agencies` already serving in `month` and not yet a sponsor."""
        weights = [self.weights[a.pk] for a in agencies]
        for agency in [forced] if forced else self.rng.choices(agencies, weights=weights, k=20):
            servants = self.servants[agency.pk]
            for index, servant in enumerate(servants):
                if servant.service_start <= month.first_day:
                    return servants.pop(index)
        raise RuntimeError("ASN demo tidak cukup untuk riwayat iuran demo.")

    def _terms(self, start: YearMonth, must_cover: YearMonth | None, *, several: bool) -> Terms:
        """How a civil servant starting in `start` pays; one who pays for
        `several` workers does not end with a worker's death or new job."""
        rng, now = self.rng, self.now
        earliest = max(start + 2, must_cover or start)
        kind = rng.choices(list(BEHAVIOURS), weights=list(BEHAVIOURS.values()))[0]
        if kind == "prepay":
            block = rng.choice((3, 6, 12))
            return Terms(block, block_end(start, block, now), Payment.Method.TRANSFER)
        if kind == "late" and now - 2 >= earliest:
            return Terms(1, now - rng.choice((1, 2)), Payment.Method.TRANSFER)
        if kind == "lapsing" and now - 5 >= earliest:
            return Terms(1, now - rng.randint(3, 5), Payment.Method.TRANSFER)
        if kind == "ended" and now - 1 >= earliest and not several:
            end = month_between(rng, earliest, now - 1)
            reason, worker_end = rng.choice(WORKER_ENDS)
            return Terms(1, end, Payment.Method.PAYROLL, end, reason, worker_end)
        if kind == "stopped" and now - 4 >= earliest:
            paid = month_between(rng, earliest, now - 4)
            return Terms(1, paid, Payment.Method.TRANSFER, paid + 3, Sponsorship.EndReason.SPONSOR_STOPPED)
        return Terms(1, now, Payment.Method.PAYROLL)

    def _civil_servant(self, servant: CivilServant, start: YearMonth, terms: Terms, size: int) -> Plan:
        sponsor = sponsor_for_civil_servant(actor=self.actor, civil_servant=servant)
        payroll = terms.method == Payment.Method.PAYROLL
        note = "Donatur berhenti membayar iuran." if terms.reason == Sponsorship.EndReason.SPONSOR_STOPPED else ""
        return Plan(
            sponsor, terms.method, f"potong_gaji:{servant.agency.code}" if payroll else "transfer", terms.block,
            terms.paid_through, 1 if payroll else self.rng.randint(2, 12),
            f"{{month}}-{servant.nip}" if payroll else f"TRF-{{month}}-{servant.nip}",
            [Sponsored(w, start, terms.end, terms.reason, note, terms.worker_end) for w in self.pool.take(size)],
            via_services=start == self.now,
        )  # fmt: skip

    # Money -------------------------------------------------------------------

    def _amount(self, plan: Plan, first: YearMonth, last: YearMonth) -> int:
        """What the plan's sponsor owes for the months from `first` to `last`."""
        total = 0
        for s in plan.sponsored:
            for month in month_range(max(first, s.start), min(last, s.end or last)):
                rate = self.rates.get(month) or self.rates.setdefault(month, rate_schedule_for(month))
                total += rate.premium(programme=s.programme, declared_income=s.income)
        return total

    def _received(self, plan: Plan, month: YearMonth) -> date:
        return min(date(month.year, month.month, plan.day), self.today)

    def _payments(self, plan: Plan) -> list[Payment]:
        """The plan's payments: one per block of months, from its first month to what it has paid for."""
        payments = []
        start = min(s.start for s in plan.sponsored)
        for index in range(start.index, min(plan.paid_through, self.now).index + 1, plan.block):
            first = YearMonth.from_index(index)
            last = min(first + (plan.block - 1), plan.paid_through)
            amount = self._amount(plan, first, last)
            if amount:
                months = first.label if first == last else f"{first.label} – {last.label}"
                payments.append(Payment(
                    sponsor=plan.sponsor, regency_id=plan.sponsor.regency_id, amount=amount,
                    received_on=self._received(plan, first), method=plan.method, source=plan.source,
                    reference=plan.reference.format(month=first), note=f"Iuran {months}", recorded_by=self.actor,
                ))  # fmt: skip
        return payments

    # Writing -----------------------------------------------------------------

    def write(self) -> None:
        """Month by month the way the office works: the new sponsorships, the
        month's dues (paid from the sponsors' credit), the money received, the
        sponsorships that ended; then who is covered and who lapsed. News
        of a worker's death or new job comes a month late, so that month's
        due is cancelled."""
        bulk = [p for p in self.plans if not p.via_services]
        starting: dict[YearMonth, list[tuple[Plan, Sponsored]]] = defaultdict(list)
        endings: dict[YearMonth, list[Sponsored]] = defaultdict(list)
        received: dict[YearMonth, list[Payment]] = defaultdict(list)
        for plan in bulk:
            for s in plan.sponsored:
                starting[s.start].append((plan, s))
                if s.end is not None:
                    endings[s.end].append(s)
            for payment in self._payments(plan):
                received[YearMonth.of(payment.received_on)].append(payment)
        for month in month_range(FIRST_MONTH, self.now):
            self._start(starting[month])
            dues_generate(actor=self.actor, month=month)
            self._receive(received[month])
            late_news = [s for s in endings[month - 1] if s.worker_end]
            for s in [*late_news, *(s for s in endings[month] if not s.worker_end)]:
                assert s.sponsorship is not None and s.end is not None
                sponsorship_end(actor=self.actor, sponsorship=s.sponsorship, last_month=s.end, reason=s.reason,
                                note=s.note)  # fmt: skip
            workers_set_status(
                actor=None, worker_ids_sql=PAID_IN, params=(month.first_day,), to=Worker.Status.PROTECTED,
                on=month.first_day, reason=COVERED_REASON,
            )  # fmt: skip
            for s in late_news:
                worker_transition(actor=self.actor, worker=s.worker, to=Worker.Status.ENDED, on=month.first_day,
                                  reason=s.worker_end)  # fmt: skip
            # The month as it ended (today for this one): arrears, lapses.
            coverage_sync(on=min(month.last_day, self.today))

    def _start(self, starting: list[tuple[Plan, Sponsored]]) -> None:
        rows = bulk_create_with_history(
            [Sponsorship(sponsor=p.sponsor, worker=s.worker, regency_id=s.worker.regency_id,
                         start_month=s.start.first_day, programme=s.programme, declared_income=s.income,
                         created_by=self.actor)
             for p, s in starting],
            Sponsorship, batch_size=1000, default_user=self.actor,
        )  # fmt: skip
        for (_plan, s), row in zip(starting, rows, strict=True):
            s.sponsorship = row

    def _receive(self, payments: list[Payment]) -> None:
        """Post a month's payments the way the payment import does: in bulk,
        the sponsors' credit in one statement, then the set-based allocation."""
        before = Payment.objects.aggregate(last=Max("pk"))["last"] or 0
        Payment.objects.bulk_create(payments, batch_size=2000)
        sponsors_lock(NEW_PAYMENTS_SPONSORS, [before])
        payments_bulk_apply(where="id > %s", params=[before])

    def newest(self) -> None:
        """This month's new civil servants start and pay through the services."""
        for plan in (p for p in self.plans if p.via_services):
            s = plan.sponsored[0]
            s.sponsorship = sponsorship_start(actor=self.actor, sponsor=plan.sponsor, worker=s.worker, start=s.start)
            if plan.block > 1:
                sponsorship_prepay(
                    actor=self.actor, sponsorship=s.sponsorship, months=plan.block,
                    received_on=self._received(plan, s.start), method=plan.method,
                    reference=plan.reference.format(month=s.start), source=plan.source,
                )  # fmt: skip
                continue
            for month in month_range(s.start, plan.paid_through):
                payment_record(
                    actor=self.actor, sponsor=plan.sponsor, amount=self._amount(plan, month, month),
                    received_on=self._received(plan, month), method=plan.method,
                    reference=plan.reference.format(month=month), source=plan.source,
                )  # fmt: skip

    def settle_arrears(self) -> None:
        """A few civil servants whose workers lapsed pay what they owe today;
        the workers are protected again."""
        lapsed = [
            p for p in self.plans
            if p.sponsor.kind == Sponsor.Kind.CIVIL_SERVANT and p.sponsored[0].end is None
            and p.paid_through <= self.now - 3
        ][:ARREARS_SETTLED]  # fmt: skip
        for plan in lapsed:
            payment_record(
                actor=self.actor, sponsor=plan.sponsor, amount=self._amount(plan, plan.paid_through + 1, self.now),
                received_on=self.today, method=Payment.Method.TRANSFER, source=BANK_TRANSFER,
                reference=plan.reference.format(month=self.now) + "-LUNAS", note="Pelunasan tunggakan",
            )  # fmt: skip

    def remit(self) -> None:
        """Every month up to last month goes to BPJS; all but last month's batch are confirmed."""
        officer = User.objects.filter(role=Role.BPJS_OFFICER, is_active=True).order_by("pk").first() or self.actor
        for month in month_range(FIRST_MONTH, self.now - 1):
            remittance = remittance_create(actor=self.actor, month=month)
            if month < self.now - 1:
                remittance_confirm(actor=officer, remittance=remittance, bpjs_reference=f"BPJS-KDL-{month}")


@transaction.atomic
def demo_ledger_load(*, seed: int, actor: User) -> None:
    """Register the sponsorship drive's workers, then write the ledger's
    history from January 2022 to the current month (`actor` keeps the books)."""
    demo_drive_workers_load(seed=seed, verifier=actor)
    history = _History(random.Random(seed), actor)
    history.plan()
    history.write()
    history.newest()
    history.settle_arrears()
    history.remit()
