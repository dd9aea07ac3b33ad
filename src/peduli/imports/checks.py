"""What the `validate` of every spec shares: a row's problems joined into
its one refusal (`_error`, null for a valid row), NIK messages first."""

from collections.abc import Sequence

import polars as pl

from peduli.core.nik import nik_error_message
from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import ERROR_COLUMN


def problems_combined(frame: pl.DataFrame, problems: Sequence[pl.Expr]) -> pl.DataFrame:
    """`_error` from `problems` (expressions that are null when fine),
    joined by spaces; null when the row has none."""
    combined = pl.concat_str(problems, separator=" ", ignore_nulls=True)
    return frame.with_columns(pl.when(combined != "").then(combined).alias(ERROR_COLUMN))


def problems_with_nik(frame: pl.DataFrame, problems: Sequence[pl.Expr]) -> pl.DataFrame:
    """`_error` of a frame checked by `core.nik.nik_check_frame`: the NIK's
    message (rendered in Python, for the refused rows only), then `problems`."""
    frame = frame.with_columns(_other_errors=pl.concat_str(problems, separator=" ", ignore_nulls=True))
    refused = frame.filter(pl.col("nik_error").is_not_null())
    messages = pl.DataFrame(
        {
            ROW_COLUMN: refused.get_column(ROW_COLUMN),
            "_nik_message": [
                nik_error_message(row["nik_error"], row)
                for row in refused.select("nik", "nik_input", "nik_error", "nik_sex", "nik_birth_date").iter_rows(
                    named=True
                )
            ],
        },
        schema={ROW_COLUMN: pl.Int64, "_nik_message": pl.String},
    )
    frame = frame.join(messages, on=ROW_COLUMN, how="left")
    return problems_combined(frame, [pl.col("_nik_message"), pl.col("_other_errors").replace("", None)])
