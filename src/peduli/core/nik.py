"""The worker's NIK (Nomor Induk Kependudukan): one set of rules, vectorised.

A NIK is PPKKDD-HHBBTT-NNNN: the district (kecamatan) code where it was issued,
the birth date (day + 40 for women) and a serial. The rules are written once,
as polars expressions over a frame (`nik_check_frame`), so an import checks a
million rows in one pass; a form or the API checks one NIK through the same
rules (`parse_nik`). A failure is a code plus the values its message needs;
`nik_error_message` renders the Indonesian text only for the rows refused.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError
from peduli.core.identity import FEMALE, MALE
from peduli.core.parsing import identity_digits_cell

NIK_LENGTH = 16
WOMAN_DAY_OFFSET = 40
# When most NIKs of a file end in 0, the column went through Excel as a number
# and lost its 16th digit (Excel keeps 15); legitimate NIKs end in 0 one time
# in ten.
PRECISION_LOSS_SHARE = 0.5
PRECISION_LOSS_MIN_ROWS = 5

# Codes in the order they are checked; a row reports the first that applies.
AS_NUMBER = "nik_as_number"
SCIENTIFIC = "nik_scientific"
EMPTY = "nik_empty"
NOT_DIGITS = "nik_not_digits"
LENGTH = "nik_length"
REGION = "nik_region"
BIRTH_DATE = "nik_birth_date"
SERIAL = "nik_serial"
PRECISION_LOSS = "nik_precision_loss"
SEX_MISMATCH = "nik_sex_mismatch"
BIRTH_MISMATCH = "nik_birth_date_mismatch"


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder."""

    nik: str
    district_code: str
    birth_date: date
    sex: str
    serial: int


def normalize_nik_expr(column: pl.Expr) -> pl.Expr:
    """Remove the spaces, dots and dashes people type into a NIK; keep digits as they are."""
    return identity_digits_cell(column)


def _birth_expr(nik: pl.Expr, today: date) -> tuple[pl.Expr, pl.Expr]:
    day_digits = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    is_woman = day_digits > WOMAN_DAY_OFFSET
    day = pl.when(is_woman).then(day_digits - WOMAN_DAY_OFFSET).otherwise(day_digits)
    short_year = nik.str.slice(10, 2).cast(pl.Int32, strict=False)
    # Two-digit years: the most recent century that does not lie in the future.
    year = pl.when(short_year + 2000 <= today.year).then(short_year + 2000).otherwise(short_year + 1900)
    text = pl.format(
        "{}-{}-{}",
        year.cast(pl.String),
        nik.str.slice(8, 2),
        day.cast(pl.String).str.zfill(2),
    )
    born = pl.when((day >= 1) & (day <= 31)).then(text.str.to_date("%Y-%m-%d", strict=False))
    sex = pl.when(is_woman).then(pl.lit(FEMALE)).otherwise(pl.lit(MALE))
    return born, sex


def nik_check_frame(
    frame: pl.DataFrame,
    *,
    district_codes: Collection[str],
    today: date,
    column: str = "nik",
) -> pl.DataFrame:
    """Check the NIKs of `frame[column]` and add what they say.

    Optional input columns: `nik_is_number` (the spreadsheet cell was a
    number), `sex` (L/P as the record states it) and `birth_date` (a date, as
    the record states it); missing or null means "not stated".
    Adds `nik` (normalised), `nik_input` (as typed), `nik_district`, `nik_birth_date`, `nik_sex` and
    `nik_error` (a code above, null when valid).
    """
    districts = pl.Series("districts", [code.replace(".", "") for code in district_codes], dtype=pl.String)
    raw = pl.col(column).cast(pl.String)
    nik = normalize_nik_expr(raw)
    is_number = pl.col("nik_is_number") if "nik_is_number" in frame.columns else pl.lit(False)
    stated_sex = pl.col("sex") if "sex" in frame.columns else pl.lit(None, dtype=pl.String)
    stated_birth = pl.col("birth_date") if "birth_date" in frame.columns else pl.lit(None, dtype=pl.Date)
    # From the normalised column, not its expression: the birth date names
    # the NIK a dozen times, and an eager frame would normalise it as often.
    born, sex = _birth_expr(pl.col("nik"), today)
    checked = frame.with_columns(nik_raw=raw, nik=nik).with_columns(
        nik_district=pl.format(
            "{}.{}.{}", pl.col("nik").str.slice(0, 2), pl.col("nik").str.slice(2, 2), pl.col("nik").str.slice(4, 2)
        ),
        nik_birth_date=born,
        nik_sex=sex,
    )
    nik = pl.col("nik")
    rules: list[tuple[pl.Expr, str]] = [
        (is_number.fill_null(False), AS_NUMBER),
        (pl.col("nik_raw").str.to_lowercase().str.contains("e+", literal=True).fill_null(False), SCIENTIFIC),
        (nik.is_null() | (nik == ""), EMPTY),
        (~nik.str.contains(r"^[0-9]+$"), NOT_DIGITS),
        (nik.str.len_chars() != NIK_LENGTH, LENGTH),
        (~nik.str.slice(0, 6).is_in(districts.implode()), REGION),
        (pl.col("nik_birth_date").is_null(), BIRTH_DATE),
        (nik.str.slice(12, 4) == "0000", SERIAL),
        (stated_sex.is_not_null() & (stated_sex != pl.col("nik_sex")), SEX_MISMATCH),
        (stated_birth.is_not_null() & (stated_birth != pl.col("nik_birth_date")), BIRTH_MISMATCH),
    ]
    error = pl.lit(None, dtype=pl.String)
    for condition, code in reversed(rules):
        error = pl.when(condition).then(pl.lit(code)).otherwise(error)
    checked = checked.with_columns(nik_error=error)
    return _flag_precision_loss(checked).rename({"nik_raw": "nik_input"})


def _flag_precision_loss(checked: pl.DataFrame) -> pl.DataFrame:
    valid = checked.filter(pl.col("nik_error").is_null())
    if valid.height < PRECISION_LOSS_MIN_ROWS:
        return checked
    share = valid.select(pl.col("nik").str.ends_with("0").mean()).item()
    if share is None or share <= PRECISION_LOSS_SHARE:
        return checked
    return checked.with_columns(
        nik_error=pl.when(pl.col("nik_error").is_null() & pl.col("nik").str.ends_with("0"))
        .then(pl.lit(PRECISION_LOSS))
        .otherwise(pl.col("nik_error"))
    )


def nik_error_message(code: str, row: Mapping[str, Any]) -> str:
    """The Indonesian message for a failed check, from the checked row's values."""
    nik = row.get("nik") or ""
    typed = row.get("nik_input") or nik
    text_hint = _("Format kolom NIK sebagai Teks di Excel, lalu ketik ulang NIK-nya.")
    if code == AS_NUMBER:
        return _("NIK terbaca sebagai angka (%(value)s), sehingga digit terakhirnya bisa hilang. %(hint)s") % {
            "value": typed,
            "hint": text_hint,
        }
    if code == SCIENTIFIC:
        return _("NIK tertulis dalam notasi ilmiah (%(value)s). %(hint)s") % {"value": typed, "hint": text_hint}
    if code == PRECISION_LOSS:
        return _(
            "NIK %(value)s berakhiran 0 seperti hampir semua NIK di berkas ini: tanda kolom NIK pernah berformat "
            "angka dan digit ke-16 hilang. %(hint)s"
        ) % {"value": nik, "hint": text_hint}
    if code == EMPTY:
        return _("NIK wajib diisi.")
    if code == NOT_DIGITS:
        return _("NIK hanya boleh berisi angka; tertulis %(value)s.") % {"value": typed}
    if code == LENGTH:
        return _("NIK harus 16 digit; yang diisi %(count)d digit.") % {"count": len(nik)}
    if code == REGION:
        return _("Digit 1–6 NIK (%(digits)s) bukan kode kecamatan yang terdaftar di Kemendagri.") % {"digits": nik[:6]}
    if code == BIRTH_DATE:
        return _(
            "Digit 7–12 NIK (%(digits)s, tanggal lahir HHBBTT; perempuan: tanggal + 40) bukan tanggal yang ada."
        ) % {"digits": nik[6:12]}
    if code == SERIAL:
        return _("Empat digit terakhir NIK (nomor urut) tidak boleh 0000.")
    if code == SEX_MISMATCH:
        return _("Jenis kelamin tidak cocok dengan NIK: digit 7–8 menunjukkan %(sex)s.") % {
            "sex": _("perempuan") if row.get("nik_sex") == FEMALE else _("laki-laki")
        }
    if code == BIRTH_MISMATCH:
        born = row.get("nik_birth_date")
        return _("Tanggal lahir tidak cocok dengan NIK: menurut NIK %(date)s.") % {
            "date": born.strftime("%d/%m/%Y") if isinstance(born, date) else "-"
        }
    raise ValueError(code)


def nik_error_field(code: str) -> str:
    """The form field a failure is about."""
    return {SEX_MISMATCH: "sex", BIRTH_MISMATCH: "birth_date"}.get(code, "nik")


def parse_nik(
    raw: object,
    *,
    district_codes: Collection[str],
    sex: str | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> NikInfo:
    """Check one NIK with the same rules as an import; raise ApplicationError
    (field nik, sex or birth_date) naming the first problem."""
    is_number = isinstance(raw, int | float) and not isinstance(raw, bool)
    frame = pl.DataFrame(
        {
            "nik": [str(raw) if raw is not None else None],
            "nik_is_number": [is_number],
            "sex": [sex],
            "birth_date": [birth_date],
        },
        schema={"nik": pl.String, "nik_is_number": pl.Boolean, "sex": pl.String, "birth_date": pl.Date},
    )
    row = nik_check_frame(frame, district_codes=district_codes, today=today or timezone.localdate()).row(0, named=True)
    code = row["nik_error"]
    if code is not None:
        raise ApplicationError(nik_error_message(code, row), field=nik_error_field(code), code=code)
    return NikInfo(
        nik=row["nik"],
        district_code=row["nik_district"],
        birth_date=row["nik_birth_date"],
        sex=row["nik_sex"],
        serial=int(row["nik"][12:]),
    )
