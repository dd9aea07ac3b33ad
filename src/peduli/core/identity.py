"""Identity numbers: parsing and validation of the civil servant's NIP.

One place decides what a valid NIP is; forms, the API, imports and commands all
call `parse_nip`. Every failure has its own message so a clerk knows which
digits to check.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError

NIP_LENGTH = 18
PNS = "PNS"
PPPK = "PPPK"
MALE = "L"
FEMALE = "P"
SEX_DIGITS = {"1": MALE, "2": FEMALE}
# A civil servant is appointed at 18 at the earliest (UU ASN).
MINIMUM_APPOINTMENT_AGE = 18


@dataclass(frozen=True)
class NipInfo:
    """What an NIP says about its holder."""

    nip: str
    employment_type: str
    birth_date: date
    appointment_year: int
    appointment_month: int | None
    sex: str
    serial: int


def _date_or_none(text: str) -> date | None:
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def normalize_nip(raw: object) -> str:
    """Strip the spaces and dots people type into an NIP; never touch digits."""
    return "".join(ch for ch in str(raw).strip() if ch not in " .-")


def _employment_type_of(nip: str) -> str:
    # PPPK numbers carry "2" and a digit 1–9 where a PNS number has its
    # appointment month (01–12), so the two can be told apart.
    return PPPK if nip[12] == "2" and nip[13] != "0" else PNS


def parse_nip(
    raw: object,
    *,
    employment_type: str | None = None,
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> NipInfo:
    """Parse an NIP and check it against the record it belongs to.

    Raises ApplicationError(field="nip") naming the first problem found.
    `employment_type`, `sex` and `birth_date`, when given, must agree with the
    digits.
    """
    nip = normalize_nip(raw)
    today = today or timezone.localdate()
    if not nip.isdigit():
        raise ApplicationError(_("NIP hanya boleh berisi angka."), field="nip", code="nip_not_digits")
    if len(nip) != NIP_LENGTH:
        raise ApplicationError(
            _("NIP harus 18 digit; yang diisi %(count)d digit.") % {"count": len(nip)},
            field="nip",
            code="nip_length",
        )
    born = _date_or_none(nip[0:8])
    if born is None:
        raise ApplicationError(
            _("Digit 1–8 NIP (tanggal lahir TTTTBBHH) bukan tanggal yang ada: %(digits)s.") % {"digits": nip[0:8]},
            field="nip",
            code="nip_birth_date",
        )
    if born >= today:
        raise ApplicationError(
            _("Tanggal lahir pada NIP (%(date)s) belum terjadi.") % {"date": born.strftime("%d/%m/%Y")},
            field="nip",
            code="nip_birth_date",
        )
    kind = _employment_type_of(nip)
    if employment_type and employment_type != kind:
        raise ApplicationError(
            _("NIP ini berformat %(found)s, tetapi jenis kepegawaian diisi %(given)s.")
            % {"found": kind, "given": employment_type},
            field="nip",
            code="nip_employment_type",
        )
    year = int(nip[8:12])
    month: int | None = None
    if kind == PNS:
        month = int(nip[12:14])
        if not 1 <= month <= 12:
            raise ApplicationError(
                _("Digit 13–14 NIP (bulan pengangkatan) harus 01–12; tertulis %(digits)s.") % {"digits": nip[12:14]},
                field="nip",
                code="nip_appointment",
            )
    appointed_first_day = date(year, month or 1, 1) if 1 <= year <= 9999 else None
    if appointed_first_day is None or appointed_first_day > today:
        raise ApplicationError(
            _("Tahun/bulan pengangkatan pada NIP (%(digits)s) belum terjadi.") % {"digits": nip[8:14]},
            field="nip",
            code="nip_appointment",
        )
    if year - born.year < MINIMUM_APPOINTMENT_AGE:
        raise ApplicationError(
            _("Menurut NIP, pegawai diangkat pada umur %(age)d tahun; umur minimal %(minimum)d tahun.")
            % {"age": year - born.year, "minimum": MINIMUM_APPOINTMENT_AGE},
            field="nip",
            code="nip_appointment",
        )
    sex_digit = nip[14]
    if sex_digit not in SEX_DIGITS:
        raise ApplicationError(
            _("Digit ke-15 NIP (jenis kelamin) harus 1 (laki-laki) atau 2 (perempuan); tertulis %(digit)s.")
            % {"digit": sex_digit},
            field="nip",
            code="nip_sex",
        )
    nip_sex = SEX_DIGITS[sex_digit]
    if sex and sex != nip_sex:
        raise ApplicationError(
            _("Jenis kelamin tidak cocok dengan NIP: digit ke-15 menunjukkan %(nip_sex)s.")
            % {"nip_sex": _("laki-laki") if nip_sex == MALE else _("perempuan")},
            field="sex",
            code="nip_sex",
        )
    serial = int(nip[15:18])
    if serial == 0:
        raise ApplicationError(
            _("Tiga digit terakhir NIP (nomor urut) tidak boleh 000."), field="nip", code="nip_serial"
        )
    if birth_date and birth_date != born:
        raise ApplicationError(
            _("Tanggal lahir tidak cocok dengan NIP: menurut NIP %(date)s.") % {"date": born.strftime("%d/%m/%Y")},
            field="birth_date",
            code="nip_birth_date",
        )
    return NipInfo(
        nip=nip,
        employment_type=kind,
        birth_date=born,
        appointment_year=year,
        appointment_month=month,
        sex=nip_sex,
        serial=serial,
    )


def identity_cell_text(value: object, *, label: str) -> str:
    """The text of a cell that holds an identity number (NIP, NIK).

    Excel keeps only 15 significant digits of a number, so an 18-digit NIP or a
    16-digit NIK stored as a number has already lost its last digits; it must be
    refused, never "repaired".
    """
    if isinstance(value, bool | int | float):
        raise ApplicationError(
            _(
                "%(label)s terbaca sebagai angka (%(value)s), sehingga digit terakhirnya hilang. "
                "Format kolom %(label)s sebagai Teks di Excel lalu ketik ulang."
            )
            % {"label": label, "value": value},
            field=label.lower(),
            code="identity_as_number",
        )
    text = str(value).strip()
    if "e+" in text.lower():
        raise ApplicationError(
            _(
                "%(label)s tertulis dalam notasi ilmiah (%(value)s). "
                "Format kolom %(label)s sebagai Teks di Excel lalu ketik ulang."
            )
            % {"label": label, "value": text},
            field=label.lower(),
            code="identity_as_number",
        )
    return text
