"""What text may go into a cell of a file Peduli writes (xlsx, csv): the
one rule of `core.xlsx` and `core.csv_files`, which every export uses.

A cell never starts a formula: text that a spreadsheet reads as one
(OWASP's "CSV injection": it begins with =, +, -, @, a tab or a carriage
return) is marked as text — Excel's quote prefix in xlsx, a leading
apostrophe in csv — so `=HYPERLINK(…)` in a stored name shows as typed on the
officer's machine and runs nothing. A cell never carries a character the
format cannot hold (NUL, BEL and the other control characters; tab, line
feed and carriage return stay), so a download never fails on a character
typed upstream."""

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What a spreadsheet reads as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: str) -> str:
    """`value` without the control characters xlsx cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    """A csv cell: text cleaned and, when it begins like a formula, led by
    an apostrophe (OWASP's rule); numbers as they are."""
    if not isinstance(value, str):
        return "" if value is None else value
    text = cell_text(value)
    return "'" + text if looks_like_formula(text) else text
