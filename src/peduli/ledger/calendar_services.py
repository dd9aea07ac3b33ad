"""The labour office's days off: recording and removing a day the
`holidays` package does not know, which moves premium due dates and report
deadlines (`ledger.calendar` reads them)."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.ledger.calendar import days_off
from peduli.ledger.locks import regencies_to_run
from peduli.ledger.models import DayOff
from peduli.regions.selectors import instance_region_code

DAY_OFF_YEARS = 2  # how far back or ahead a day off may be recorded


@transaction.atomic
def day_off_record(*, actor: User | None, day: date, name: str, regency_id: str | None = None) -> DayOff:
    """Record a day off the `holidays` package does not know (a cuti bersama
    decided late, a local decision) for the regency (the instance's by
    default); premium due dates and report deadlines move past it."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang mencatat hari libur."))
    name = " ".join(name.split())
    if not name:
        raise ApplicationError(_("Tulis keterangan hari libur, misalnya Cuti bersama Idul Fitri."), field="name")
    if len(name) > 150:
        raise ApplicationError(_("Keterangan hari libur paling banyak 150 huruf."), field="name")
    today = timezone.localdate()
    if abs(day.year - today.year) > DAY_OFF_YEARS:
        raise ApplicationError(
            _("Tanggal hari libur harus antara tahun %(first)s dan %(last)s.")
            % {"first": today.year - DAY_OFF_YEARS, "last": today.year + DAY_OFF_YEARS},
            field="day",
        )
    regency_id = instance_region_code() if regency_id is None else regency_id
    known = days_off(day, day, regency_id=regency_id)
    if day.weekday() >= 5 or day in known:
        reason = known.get(day) or (_("hari Sabtu") if day.weekday() == 5 else _("hari Minggu"))
        raise ApplicationError(
            _("%(day)s sudah hari libur (%(reason)s).") % {"day": f"{day:%d/%m/%Y}", "reason": reason}, field="day"
        )
    day_off = DayOff.objects.create(regency_id=regency_id or None, day=day, name=name, created_by=actor)
    _day_off_mark_stale(regency_id, YearMonth.of(day))
    return day_off


@transaction.atomic
def day_off_remove(*, actor: User | None, day_off: DayOff) -> None:
    """Remove a recorded day off; due dates and deadlines around it move back."""
    require_role(actor, Capability.KEEP_LEDGER, _("Hanya Disperinaker yang menghapus hari libur."))
    month = YearMonth.of(day_off.day)
    regency_id = day_off.regency_id
    day_off.delete()
    _day_off_mark_stale(regency_id, month)


def _day_off_mark_stale(regency_id: str | None, month: YearMonth) -> None:
    """A regency's day off moves its due dates; a national one every regency's."""
    for regency in [regency_id] if regency_id else regencies_to_run():
        snapshots_mark_stale(regency_id=regency, since=month)
