"""Writes of the coverage denominators (informal workers per district and
year) and the coverage targets. Only the labour office changes them; every
change is recorded in history (who, when, before, after) and marks the
regency's snapshots stale, since every coverage percentage divides by them."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, require_role
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.regions.models import Region
from peduli.reporting.models import InformalWorkerBaseline, Target

FIRST_YEAR = 2000
LAST_TARGET_YEAR = 2100
# A count is published for a year that has begun (or, as a projection, the next one).
BASELINE_YEARS_AHEAD = 1
SOURCE_MAX = 255


def _check_regency(regency: Region) -> None:
    if regency.level != Region.Level.REGENCY:
        raise ApplicationError(_("Wilayah %(name)s bukan kabupaten/kota.") % {"name": regency}, field="regency")


def _check_year(year: int, *, last: int) -> None:
    if not FIRST_YEAR <= year <= last:
        raise ApplicationError(
            _("Tahun harus antara %(first)s dan %(last)s.") % {"first": FIRST_YEAR, "last": last}, field="year"
        )


def _check_pct(value: Decimal | None, *, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        pct = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ApplicationError(_("Persentase harus berupa angka."), field=field) from error
    if not pct.is_finite() or not Decimal(0) <= pct <= Decimal(100):
        raise ApplicationError(_("Persentase harus antara 0 dan 100."), field=field)
    if pct != pct.quantize(Decimal("0.01")):
        raise ApplicationError(_("Persentase paling banyak dua angka di belakang koma."), field=field)
    return pct.quantize(Decimal("0.01"))


def _check_text(text: str, *, field: str, missing: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ApplicationError(missing, field=field)
    if len(text) > SOURCE_MAX:
        raise ApplicationError(_("Teks terlalu panjang (lebih dari %(n)s huruf).") % {"n": SOURCE_MAX}, field=field)
    return text


@transaction.atomic
def baseline_set(
    *,
    actor: User | None,
    regency: Region,
    district: Region | None,
    year: int,
    informal_workers: int,
    source: str,
    stated_share_pct: Decimal | None = None,
) -> InformalWorkerBaseline:
    """Record (or correct) the number of informal workers of a district, or
    of the whole regency when `district` is None, in `year`.

    `stated_share_pct` is what the source printed as the district's share of
    the regency; it is kept only to check it against the computed share."""
    require_role(actor, Capability.EDIT_BASELINES)
    _check_regency(regency)
    if district is not None and (district.level != Region.Level.DISTRICT or district.parent_id != regency.pk):
        raise ApplicationError(
            _("Kecamatan %(district)s bukan bagian dari %(regency)s.") % {"district": district, "regency": regency},
            field="district",
        )
    _check_year(year, last=timezone.localdate().year + BASELINE_YEARS_AHEAD)
    if isinstance(informal_workers, bool) or not isinstance(informal_workers, int) or informal_workers < 1:
        raise ApplicationError(
            _("Jumlah pekerja informal harus bilangan bulat lebih dari nol."), field="informal_workers"
        )
    source = _check_text(source, field="source", missing=_("Sumber data wajib diisi, misalnya BPS Sakernas 2024."))
    stated = _check_pct(stated_share_pct, field="stated_share_pct")
    baseline = (
        InformalWorkerBaseline.objects.select_for_update().filter(regency=regency, district=district, year=year).first()
    ) or InformalWorkerBaseline(regency=regency, district=district, year=year)
    baseline.informal_workers, baseline.source, baseline.stated_share_pct = informal_workers, source, stated
    baseline.recorded_by = actor
    baseline._history_user = actor  # type: ignore[attr-defined]
    baseline.save()
    snapshots_mark_stale(regency_id=regency.pk, since=None)
    return baseline


@transaction.atomic
def baseline_delete(*, actor: User | None, baseline: InformalWorkerBaseline) -> None:
    """Remove a figure entered by mistake (a year without figures falls back
    to the latest earlier year's)."""
    require_role(actor, Capability.EDIT_BASELINES)
    regency_id = baseline.regency_id
    baseline._history_user = actor  # type: ignore[attr-defined]
    baseline.delete()
    snapshots_mark_stale(regency_id=regency_id, since=None)


@transaction.atomic
def target_set(*, actor: User | None, regency: Region, year: int, coverage_pct: Decimal, legal_source: str) -> Target:
    """Record (or correct) the coverage the regency's plan sets for `year`."""
    require_role(actor, Capability.EDIT_BASELINES)
    _check_regency(regency)
    _check_year(year, last=LAST_TARGET_YEAR)
    pct = _check_pct(coverage_pct, field="coverage_pct")
    if pct is None:
        raise ApplicationError(_("Target cakupan (%) wajib diisi."), field="coverage_pct")
    legal_source = _check_text(
        legal_source, field="legal_source", missing=_("Dasar hukum wajib diisi, misalnya RPJMD 2025–2029.")
    )
    target = Target.objects.select_for_update().filter(regency=regency, year=year).first() or Target(
        regency=regency, year=year
    )
    target.coverage_pct, target.legal_source = pct, legal_source
    target._history_user = actor  # type: ignore[attr-defined]
    target.save()
    snapshots_mark_stale(regency_id=regency.pk, since=None)
    return target


@transaction.atomic
def target_delete(*, actor: User | None, target: Target) -> None:
    require_role(actor, Capability.EDIT_BASELINES)
    regency_id = target.regency_id
    target._history_user = actor  # type: ignore[attr-defined]
    target.delete()
    snapshots_mark_stale(regency_id=regency_id, since=None)
