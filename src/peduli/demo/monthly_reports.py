"""The demo's monthly reports: every agency and district office for every
month of the movement's records that has ended (from January 2022, as the
ledger), so the report board claims no month missing that the demo never
filled. The older months all came in and were accepted, some late; of the
last six, a few are missing, the newest month is partly still under review,
and the health office's newest report was returned with a note (the demo
operator operator.dinkes sees it).

Reports are opened by `monthly_reports_open` (one insert a month, figures
from the indicators); their history (who submitted and reviewed when) is then
written in one bulk update, since the services stamp the present moment.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from peduli.accounts.models import Role, User
from peduli.core.months import YearMonth, month_range
from peduli.demo.ledger_plan import FIRST_MONTH
from peduli.reporting.models import MonthlyReport
from peduli.reporting.monthly_reports.services import monthly_reports_open

MONTHS = 6  # the recent months, where reports are missing, late or waiting for review
SEED = 3324
RETURNED_AGENCY = "DINKES"
REMARKS = (
    "Sosialisasi gerakan pada apel pagi; beberapa ASN baru mendaftar sebagai donatur.",
    "Pendataan pekerja rentan di sekitar kantor bersama pemerintah desa.",
    "Iuran dipotong melalui gaji; tidak ada kendala.",
    "Dua ASN pensiun; kepesertaan pekerjanya dialihkan ke ASN lain.",
    "Koordinasi dengan bendahara untuk pemotongan iuran bulan depan.",
    "Belum ada penambahan donatur bulan ini; sosialisasi dijadwalkan ulang.",
)
RETURN_NOTE = "Keterangan kegiatan belum diisi. Mohon lengkapi kegiatan sosialisasi dan kendala bulan ini."


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(8, 15), rng.randint(0, 59))))


@transaction.atomic
def demo_monthly_reports_load(*, seed: int = SEED) -> int:
    """Open and fill in the reports of every ended month since the movement's
    first; returns how many reports were opened. Run it after the agencies
    and the ledger."""
    rng = random.Random(seed)
    now = timezone.now()
    last = YearMonth.current() - 1
    months = list(month_range(FIRST_MONTH, last))
    recent = last - (MONTHS - 1)
    opened = sum(monthly_reports_open(actor=None, month=month) for month in months)
    office = User.objects.filter(role=Role.REGENCY_ADMIN, is_active=True).order_by("pk").first()
    operators = {u.agency_id: u for u in User.objects.filter(role=Role.AGENCY_OPERATOR, is_active=True)}
    reports = list(
        MonthlyReport.objects.filter(month__in=[m.first_day for m in months], status=MonthlyReport.Status.DRAFT)
        .select_related("agency")
        .order_by("month", "agency__code")
    )
    changed = []
    for report in reports:
        month = YearMonth.of(report.month)
        newest = month == last
        returned = newest and report.agency.code == RETURNED_AGENCY
        roll = rng.random()
        if roll < (0.35 if newest else 0.06 if month >= recent else 0) and not returned:
            continue  # missing (or, before the deadline, not yet sent)
        late = roll > (0.93 if newest else 0.86)
        days = rng.randint(1, 20) if late else -rng.randint(0, 9)
        # After the month ended, before now.
        sent_on = max(report.deadline + timedelta(days=days), (month + 1).first_day)
        submitted_at = min(_at(sent_on, rng), now - timedelta(hours=2))
        report.remarks = rng.choice(REMARKS)
        report.submitted_by = operators.get(report.agency_id)
        report.submitted_at = submitted_at
        report.status = MonthlyReport.Status.SUBMITTED
        reviewed_at = submitted_at + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
        if returned:
            report.status, report.remarks, report.review_note = MonthlyReport.Status.RETURNED, "", RETURN_NOTE
            report.reviewed_by, report.reviewed_at = office, min(reviewed_at, now - timedelta(hours=1))
        elif reviewed_at < now and not (newest and rng.random() < 0.4):
            report.status, report.reviewed_by, report.reviewed_at = MonthlyReport.Status.ACCEPTED, office, reviewed_at
        changed.append(report)
    fields = ["status", "remarks", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_note"]
    MonthlyReport.objects.bulk_update(changed, fields, batch_size=500)
    return opened
