"""Writing csv files, the one way every export does: UTF-8 with a byte-order
mark (so Excel opens it with the right letters), CRLF line ends, and every
cell by the rule of `core.cells` (never a formula, never a character a
spreadsheet cannot hold)."""

import csv
import io
from collections.abc import Iterable, Sequence

from peduli.core.cells import csv_cell


def csv_bytes(*, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_cell(header) for header in headers)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()
