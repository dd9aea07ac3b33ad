"""Writes to agencies and the civil-servant roster. Every change goes through
here, is checked against the actor's rights and recorded in history."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.accounts.roles import Capability, may, require_role
from peduli.agencies.models import Agency, AgencyName, CivilServant
from peduli.agencies.selectors import agency_queryset_manageable_by
from peduli.core.changes import snapshots_mark_stale
from peduli.core.errors import ApplicationError
from peduli.core.identity import PPPK, parse_nip
from peduli.regions.models import Region
from peduli.regions.selectors import instance_regency, instance_region_code


def _check_agency_place(*, kind: str, district: Region | None, within: str) -> None:
    """`within`: the code of the region the agency's district must lie in
    (the agency's regency; "" for a national instance creating one)."""
    if kind == Agency.Kind.DISTRICT_OFFICE and district is None:
        raise ApplicationError(_("Kantor kecamatan harus dipilih kecamatannya."), field="district")
    if district is not None and district.level != Region.Level.DISTRICT:
        raise ApplicationError(_("Wilayah yang dipilih bukan kecamatan."), field="district")
    if district is not None and within and not district.code.startswith(f"{within}."):
        raise ApplicationError(
            _("Kecamatan %(name)s (%(code)s) berada di luar wilayah %(within)s.")
            % {"name": district.name, "code": district.code, "within": within},
            field="district",
        )


@transaction.atomic
def agency_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str,
    valid_from: date,
    short_name: str = "",
    district: Region | None = None,
) -> Agency:
    """Create an agency with its first name, valid from `valid_from`."""
    require_role(actor, Capability.MANAGE_AGENCIES)
    code = code.strip().upper()
    _check_agency_place(kind=kind, district=district, within=instance_region_code())
    regency = district.parent if district is not None and district.parent else instance_regency()
    if Agency.objects.filter(regency=regency, code=code).exists():
        raise ApplicationError(_("Kode OPD %(code)s sudah dipakai.") % {"code": code}, field="code")
    agency = Agency(
        code=code,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        regency=regency,
        district=district,
        valid_from=valid_from,
    )
    agency._history_user = actor  # type: ignore[attr-defined]
    agency.save()
    snapshots_mark_stale(regency_id=agency.regency_id, since=None)
    AgencyName.objects.create(agency=agency, name=agency.name, valid_from=valid_from)
    return agency


@transaction.atomic
def agency_update(
    *,
    actor: User | None,
    agency: Agency,
    short_name: str,
    kind: str,
    district: Region | None,
    valid_until: date | None,
) -> Agency:
    """Change an agency's particulars other than its name (see agency_rename)."""
    require_role(actor, Capability.MANAGE_AGENCIES)
    _check_agency_place(kind=kind, district=district, within=agency.regency_id)
    if valid_until is not None and valid_until < agency.valid_from:
        raise ApplicationError(_("Tanggal akhir berlaku tidak boleh sebelum tanggal mulai."), field="valid_until")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    agency.short_name, agency.kind, agency.district, agency.valid_until = (
        short_name.strip(),
        kind,
        district,
        valid_until,
    )
    agency._history_user = actor  # type: ignore[attr-defined]
    agency.save()
    snapshots_mark_stale(regency_id=agency.regency_id, since=None)
    return agency


@transaction.atomic
def agency_rename(*, actor: User | None, agency: Agency, new_name: str, effective: date) -> Agency:
    """Give the agency a new name from `effective` on, keeping the old one for
    the months before. `effective` may not lie in the future: a rename is
    recorded when it takes effect, so the current name is always right."""
    require_role(actor, Capability.MANAGE_AGENCIES)
    new_name = new_name.strip()
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    current = AgencyName.objects.filter(agency=agency, valid_until__isnull=True).first()
    if not new_name or new_name == agency.name:
        raise ApplicationError(_("Nama baru harus berbeda dari nama sekarang."), field="new_name")
    if effective > timezone.localdate():
        raise ApplicationError(
            _("Tanggal berlaku nama baru tidak boleh di masa depan; catat perubahan saat berlaku."), field="effective"
        )
    if current is not None:
        if effective <= current.valid_from:
            raise ApplicationError(
                _("Tanggal berlaku harus sesudah %(date)s, awal nama sekarang.")
                % {"date": current.valid_from.strftime("%d/%m/%Y")},
                field="effective",
            )
        current.valid_until = effective - timedelta(days=1)
        current.save(update_fields=["valid_until"])
    AgencyName.objects.create(agency=agency, name=new_name, valid_from=effective)
    agency.name = new_name
    agency._history_user = actor  # type: ignore[attr-defined]
    agency._change_reason = _("Ganti nama berlaku %(date)s") % {"date": effective.strftime("%d/%m/%Y")}  # type: ignore[attr-defined]
    agency.save()
    snapshots_mark_stale(regency_id=agency.regency_id, since=None)
    return agency


# Civil servants -----------------------------------------------------------------


@dataclass(frozen=True)
class CivilServantData:
    """The fields of a civil servant as a form, the API, an import row or a
    command gives them."""

    nip: str
    name: str
    sex: str
    birth_date: date
    employment_type: str
    agency: Agency
    unit: str = ""
    rank: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    home_village: Region | None = None
    service_start: date | None = None


def _check_manageable(actor: User | None, agency: Agency) -> None:
    if actor is not None and not agency_queryset_manageable_by(actor).filter(pk=agency.pk).exists():
        raise ApplicationError(
            _("Anda tidak berwenang mengelola ASN di %(agency)s.") % {"agency": agency.name},
            field="agency",
            code="forbidden",
        )


PNS_RANKS = [
    f"{group}/{grade}"
    for group, grades in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for grade in grades
]
PPPK_RANKS = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def normalize_rank(raw: str, *, employment_type: str) -> str:
    """Write a rank as BKN does ("III/a" for PNS, "IX" for PPPK); empty stays empty."""
    text = raw.strip().replace(" ", "")
    if not text:
        return ""
    if employment_type == PPPK:
        rank, allowed = text.upper(), PPPK_RANKS
    else:
        group, _sep, grade = text.partition("/")
        rank, allowed = f"{group.upper()}/{grade.lower()}", PNS_RANKS
    if rank not in allowed:
        raise ApplicationError(
            _("Golongan %(rank)s tidak dikenal untuk %(type)s; contoh: %(example)s.")
            % {"rank": raw, "type": employment_type, "example": "IX" if employment_type == PPPK else "III/a"},
            field="rank",
        )
    return rank


def _checked_email(raw: str) -> str:
    """The address as written (without surrounding spaces), empty when none."""
    address = raw.strip()
    if not address:
        return ""
    try:
        validate_email(address)
    except ValidationError:
        raise ApplicationError(
            _('Alamat e-mail "%(email)s" tidak valid; tulis seperti nama@kendalkab.go.id.') % {"email": address},
            field="email",
        ) from None
    return address


def civil_servant_clean(data: CivilServantData) -> dict[str, Any]:
    """Check one civil servant's data on its own and return the model fields to
    store. Raises ApplicationError naming the field at fault. Needs no query:
    the roster import calls it for thousands of rows."""
    info = parse_nip(data.nip, employment_type=data.employment_type, sex=data.sex, birth_date=data.birth_date)
    name = " ".join(data.name.split())
    if not name:
        raise ApplicationError(_("Nama wajib diisi."), field="name")
    if data.home_village is not None and data.home_village.level != Region.Level.VILLAGE:
        raise ApplicationError(_("Tempat tinggal harus sebuah desa/kelurahan."), field="home_village")
    if data.agency.valid_until is not None and data.agency.valid_until < timezone.localdate():
        raise ApplicationError(
            _("%(agency)s sudah tidak berlaku sejak %(date)s.")
            % {"agency": data.agency.name, "date": data.agency.valid_until.strftime("%d/%m/%Y")},
            field="agency",
        )
    appointed = date(info.appointment_year, info.appointment_month or 1, 1)
    return {
        "nip": info.nip,
        "name": name,
        "sex": info.sex,
        "birth_date": info.birth_date,
        "employment_type": info.employment_type,
        "agency": data.agency,
        "regency": data.agency.regency,
        # One line each, like the name: a line break typed in a cell becomes a space.
        "unit": " ".join(data.unit.split()),
        "rank": normalize_rank(data.rank, employment_type=info.employment_type),
        "position": " ".join(data.position.split()),
        "phone": data.phone.strip(),
        "email": _checked_email(data.email),
        "home_village": data.home_village,
        "service_start": data.service_start or appointed,
    }


def duplicate_nip_error(holder: CivilServant) -> ApplicationError:
    return ApplicationError(
        _("NIP %(nip)s sudah terdaftar atas nama %(name)s (%(agency)s).")
        % {"nip": holder.nip, "name": holder.name, "agency": holder.agency.name},
        field="nip",
        code="duplicate",
    )


def _ensure_nip_free(nip: str, *, exclude: CivilServant | None = None) -> None:
    holders = CivilServant.objects.filter(nip=nip).select_related("agency")
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    holder = holders.first()
    if holder is not None:
        raise duplicate_nip_error(holder)


@transaction.atomic
def civil_servant_create(*, actor: User | None, data: CivilServantData) -> CivilServant:
    """Register a civil servant in an agency the actor manages."""
    _check_manageable(actor, data.agency)
    fields = civil_servant_clean(data)
    _ensure_nip_free(fields["nip"])
    person = CivilServant(**fields)
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    snapshots_mark_stale(regency_id=person.regency_id, since=None)
    return person


@transaction.atomic
def civil_servant_update(*, actor: User | None, civil_servant: CivilServant, data: CivilServantData) -> CivilServant:
    """Correct a civil servant's data. Moving them to another agency (mutasi)
    is for the labour office only, since the receiving agency must accept."""
    person = CivilServant.objects.select_for_update().get(pk=civil_servant.pk)
    _check_manageable(actor, person.agency)
    if data.agency.pk != person.agency_id and actor is not None and not may(actor, Capability.MANAGE_AGENCIES):
        raise ApplicationError(_("Mutasi ke OPD lain dilakukan oleh admin Disperinaker."), field="agency")
    fields = civil_servant_clean(data)
    _ensure_nip_free(fields["nip"], exclude=person)
    for field, value in fields.items():
        setattr(person, field, value)
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    snapshots_mark_stale(regency_id=person.regency_id, since=None)
    return person


@transaction.atomic
def civil_servant_end_service(
    *, actor: User | None, civil_servant: CivilServant, on: date, reason: str
) -> CivilServant:
    """Record that the civil servant leaves service from `on` (retirement,
    transfer out, death, …). They stay in the roster for past months."""
    person = CivilServant.objects.select_for_update().get(pk=civil_servant.pk)
    _check_manageable(actor, person.agency)
    if reason not in CivilServant.EndReason.values:
        raise ApplicationError(_("Pilih alasan berhenti."), field="reason")
    if person.service_end is not None:
        raise ApplicationError(
            _("ASN ini sudah tercatat berhenti per %(date)s.") % {"date": person.service_end.strftime("%d/%m/%Y")},
            field="on",
        )
    if on <= person.service_start:
        raise ApplicationError(
            _("Tanggal berhenti harus sesudah mulai bertugas (%(date)s).")
            % {"date": person.service_start.strftime("%d/%m/%Y")},
            field="on",
        )
    person.service_end, person.end_reason = on, reason
    person._history_user = actor  # type: ignore[attr-defined]
    person.save()
    if not person.is_active:
        _account_end(actor, person)
    snapshots_mark_stale(regency_id=person.regency_id, since=None)
    return person


def accounts_of_leavers_end(*, today: date) -> int:
    """Close the accounts of those whose service ended by `today` — an end
    of service recorded ahead of its date (a retirement next month) closes
    the account on the day, run hourly by the scheduler. How many closed."""
    leavers = CivilServant.objects.filter(service_end__lte=today, user__is_active=True)
    closed = 0
    for person in leavers:
        closed += _account_end(None, person)
    return closed


def _account_end(actor: User | None, person: CivilServant) -> int:
    """Whoever has left service can no longer log in (the account stays, with its history)."""
    closed = 0
    for account in User.objects.filter(civil_servant=person, is_active=True):
        account.is_active = False
        account._history_user = actor  # type: ignore[attr-defined]
        account._change_reason = _("berhenti bertugas")  # type: ignore[attr-defined]
        account.save()
        closed += 1
    return closed
