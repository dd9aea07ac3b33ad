"""Turning the cells people type into values: the one set of cell parsers
every import, form, serializer and command uses.

The rules are polars expressions over a column, so an import reads a chunk
of 50,000 rows in one pass; a single value (a form, the API, a command, the
civil-servant roster's row checks) goes through the same expressions on a
one-row frame (`parse_date_cell`), so typing and uploading meet the same
rules. An expression that cannot read a cell gives null; each import words
its own refusal.

Dates are written day first (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy) or as
yyyy-mm-dd, always with a four-digit year: "05/06/62" could be 1962 or 2062
(a worker born in 1962 is 63 and may still join), so a two-digit year is
refused rather than guessed. A spreadsheet's date cell arrives as yyyy-mm-dd
(`imports.reading`); a date Excel shows as its serial number is read when
the cell was a number. The range of dates Peduli takes is `core.dates`.
"""

from datetime import date, datetime

import polars as pl
from django.utils.translation import gettext as _

from peduli.core.dates import outside_message, within_programme_dates
from peduli.core.errors import ApplicationError
from peduli.core.identity import FEMALE, MALE

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's date serial numbers
MAX_AMOUNT_DIGITS = 12  # Rp 999 milyar: more is a typo, not an amount
SEX_WORDS = {
    "l": MALE, "lk": MALE, "laki": MALE, "lakilaki": MALE, "pria": MALE, "1": MALE, "m": MALE,
    "p": FEMALE, "pr": FEMALE, "perempuan": FEMALE, "wanita": FEMALE, "2": FEMALE, "f": FEMALE, "w": FEMALE,
}  # fmt: skip
# The lengths of a Kemendagri code's parts: province, regency, district, village.
REGION_CODE_PARTS = ((0, 2), (2, 4), (4, 6), (6, 10))
# The words before a place's name ("Desa Sukodadi", "Kec. Kendal").
PLACE_WORDS = r"^(desa|kelurahan|kel|ds|kecamatan|kec)\b\.?\s*"


def _column(cell: str | pl.Expr) -> pl.Expr:
    return pl.col(cell) if isinstance(cell, str) else cell


# Text --------------------------------------------------------------------------------


def text_cell(cell: str | pl.Expr) -> pl.Expr:
    """The cell as text, without the spaces around it and with runs of
    whitespace inside turned into one space."""
    return _column(cell).cast(pl.String).str.strip_chars().str.replace_all(r"\s+", " ")


def word_cell(cell: str | pl.Expr) -> pl.Expr:
    """A word to look up in a table of words: lower case, letters and digits only."""
    return _column(cell).cast(pl.String).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")


def sex_cell(cell: str | pl.Expr) -> pl.Expr:
    """L or P from the many ways a sex is written; null when empty or unknown."""
    return word_cell(cell).replace_strict(SEX_WORDS, default=None, return_dtype=pl.String)


def parse_sex_cell(value: object) -> str | None:
    """One sex, L or P, by `sex_cell`; None if empty."""
    text = str(value or "").strip()
    return sex_checked(pl.select(sex_cell(pl.lit(text, dtype=pl.String))).item(), value)


def sex_checked(sex: str | None, typed: object) -> str | None:
    """What `sex_cell` read from the cell `typed`: None when the cell is
    empty; ApplicationError when it names no sex."""
    if sex is None and pl.select(word_cell(pl.lit(str(typed or ""), dtype=pl.String))).item():
        raise ApplicationError(
            _('Jenis kelamin "%(value)s" tidak dikenal; tulis L atau P.') % {"value": typed}, field="sex"
        )
    return sex


# Dates -------------------------------------------------------------------------------


def date_cell_any(cell: str | pl.Expr, is_number: pl.Expr | None = None) -> pl.Expr:
    """The date a cell holds in one of DATE_FORMATS (or, when `is_number`
    marks a number cell, as an Excel serial), before the range check; null
    if it holds none."""
    number = is_number.fill_null(False) if is_number is not None else pl.lit(False)
    cells = pl.struct(text_cell(cell).alias("raw"), number.alias("number"))
    return cells.map_batches(_dates_read, return_dtype=pl.Date, is_elementwise=True)


def _dates_read(cells: pl.Series) -> pl.Series:
    """`date_cell_any` of a struct of `raw` (the cell's text) and `number`.

    Its steps run one after the other on a frame, so each is computed once:
    as one expression, where the year check names the parsed date twice, an
    eager frame would parse every cell in every format twice (and twice more
    under `within_programme_dates`), a third of a worker import's checks."""
    raw, number = pl.col("raw"), pl.col("number")
    read = [raw.str.to_date(fmt, strict=False) for fmt in DATE_FORMATS]
    read.append(
        pl.when(number & raw.str.contains(r"^[0-9]{5}$")).then(
            pl.lit(EXCEL_EPOCH) + pl.duration(days=raw.cast(pl.Int64, strict=False))
        )
    )
    parsed = cells.struct.unnest().select(pl.coalesce(read).alias("day"))
    day = pl.col("day")
    # "%Y" also reads "85" as the year 85: a year is written with four digits.
    return parsed.select(pl.when(day.dt.year() >= 1000).then(day)).to_series().alias(cells.name)


def date_cell(cell: str | pl.Expr, is_number: pl.Expr | None = None) -> pl.Expr:
    """The date a cell holds, within the dates Peduli takes; null otherwise
    (every import refuses it as not a date)."""
    return within_programme_dates(date_cell_any(cell, is_number))


def parse_date_cell(value: object, *, field: str, label: str) -> date | None:
    """One date from a date cell or text in DATE_FORMATS, read by the same
    expression as an import, within the dates Peduli takes (core.dates);
    None if empty. Raises ApplicationError(field=`field`) otherwise."""
    if isinstance(value, datetime):
        return date_checked(value.date(), value, field=field, label=label)
    if isinstance(value, date):
        return date_checked(value, value, field=field, label=label)
    text = str(value if value is not None else "").strip()
    day = pl.select(date_cell_any(pl.lit(text, dtype=pl.String))).item() if text else None
    return date_checked(day, text, field=field, label=label)


def date_checked(day: date | None, typed: object, *, field: str, label: str) -> date | None:
    """What `date_cell_any` read from the cell `typed`: None when the cell
    is empty; ApplicationError when it is not a date or lies outside the
    dates Peduli takes."""
    if day is None:
        if str(typed if typed is not None else "").strip() == "":
            return None
        raise ApplicationError(
            _('%(label)s "%(value)s" bukan tanggal; tulis dd/mm/yyyy, misalnya 17/08/1985.')
            % {"label": label, "value": str(typed).strip()},
            field=field,
        )
    message = outside_message(day, label)
    if message:
        raise ApplicationError(message, field=field)
    return day


# Money and counts --------------------------------------------------------------------


def whole_number_cell(cell: str | pl.Expr, *, is_number: pl.Expr | None = None, max_digits: int) -> pl.Expr:
    """A whole number from "12345", "12.345", "12,345" or "12 345"; null if
    not that, or longer than `max_digits`. A number cell (`is_number`) is
    taken as it is: 12.5 there is a fraction, not twelve thousand five hundred."""
    text = _column(cell).cast(pl.String).str.replace_all(r"\s", "")
    grouped = text.str.contains(r"^[0-9]{1,3}(\.[0-9]{3})+$") | text.str.contains(r"^[0-9]{1,3}(,[0-9]{3})+$")
    if is_number is not None:
        grouped = ~is_number.fill_null(False) & grouped
    digits = pl.when(grouped).then(text.str.replace_all(r"[.,]", "")).when(text.str.contains(r"^[0-9]+$")).then(text)
    return pl.when(digits.str.len_chars() <= max_digits).then(digits.cast(pl.Int64))


def rupiah_cell(cell: str | pl.Expr) -> pl.Expr:
    """Whole rupiah from "16800", "16.800", "Rp 16.800,-" or "16.800,00"; null if not that."""
    text = _column(cell).cast(pl.String).str.replace(r"(?i)^\s*rp\.?", "").str.replace_all(r"\s", "")
    return whole_number_cell(text.str.replace(r"(,-|,00?|\.-)$", ""), max_digits=MAX_AMOUNT_DIGITS)


def percent_cell(cell: str | pl.Expr) -> pl.Expr:
    """A percentage from "3,65", "3.65" or "3,65 %", rounded to 2 decimals."""
    text = _column(cell).cast(pl.String).str.replace_all(r"[\s%]", "").str.replace(",", ".")
    return text.cast(pl.Float64, strict=False).round(2)


# Identity numbers --------------------------------------------------------------------


def identity_digits_cell(cell: str | pl.Expr) -> pl.Expr:
    """An NIK, NIP or KPJ without the spaces, dots and dashes people type
    into it; the digits themselves are never touched."""
    return _column(cell).cast(pl.String).str.strip_chars().str.replace_all(r"[\s.\-]", "")


def kpj_cell(cell: str | pl.Expr) -> pl.Expr:
    """A BPJS membership number (KPJ) as stored: no spaces, dots, dashes or
    slashes, letters in upper case. Whether it is valid is each import's rule."""
    return identity_digits_cell(cell).str.replace_all("/", "").str.to_uppercase()


def sponsor_code_cell(cell: str | pl.Expr) -> pl.Expr:
    """A sponsor's code: an NIP without what people type into it, any other
    code in upper case (as `sponsor_create` stores it)."""
    raw = text_cell(cell)
    digits = identity_digits_cell(raw)
    return pl.when(digits.str.contains(r"^[0-9]{18}$")).then(digits).otherwise(raw.str.to_uppercase())


# Region codes ------------------------------------------------------------------------


def region_code_cell(cell: str | pl.Expr) -> pl.Expr:
    """A Kemendagri code with its dots (33.24.01.2001) from "33.24.01.2001",
    "3324012001" or "33 24 01 2001" (any level: "332401" is 33.24.01).
    A code typed with dots is taken as typed ("33.24.01." names nothing),
    and so is a cell without digits: whether the region exists is the
    caller's lookup."""
    raw = text_cell(cell)
    digits = raw.str.replace_all(r"[^0-9]", "")
    parts = [digits.str.slice(start, end - start) for start, end in REGION_CODE_PARTS]
    dotted = pl.concat_str(parts, separator=".").str.strip_chars_end(".")
    return pl.when(raw.str.contains(".", literal=True) | (digits == "")).then(raw).otherwise(dotted)


def place_key_cell(cell: str | pl.Expr) -> pl.Expr:
    """A village's or district's name to look up: "Desa Sukodadi", "Kel.
    Sukodadi" and "sukodadi" are one key; so are "Kec. Kaliwungu Selatan"
    and "Kaliwungu Selatan"."""
    words = _column(cell).cast(pl.String).str.to_lowercase().str.strip_chars().str.replace(PLACE_WORDS, "")
    return words.str.replace_all(r"[^a-z0-9]", "")


def district_code_cell(cell: str | pl.Expr, regency_code: str) -> pl.Expr:
    """A district's code from "33.24.01", "332401" or its number within the
    regency ("1"/"01"); the regency's own code stays as it is (a regency
    row); anything else is left as typed (and found nowhere)."""
    raw = _column(cell)
    digits = raw.str.replace_all(r"[^0-9]", "")
    regency_digits = regency_code.replace(".", "")
    return (
        pl.when(digits == regency_digits)
        .then(pl.lit(regency_code))
        .when(digits.str.len_chars() <= 2)
        .then(pl.lit(f"{regency_code}.") + digits.str.zfill(2))
        .when((digits.str.len_chars() == 6) & digits.str.starts_with(regency_digits))
        .then(pl.lit(f"{regency_code}.") + digits.str.slice(4, 2))
        .otherwise(raw)
    )


def region_code_from_cell(value: object) -> str:
    """One Kemendagri code with its dots, by `region_code_cell`; "" when empty."""
    text = str(value or "").strip()
    if not text:
        return ""
    return pl.select(region_code_cell(pl.lit(text, dtype=pl.String))).item() or ""
