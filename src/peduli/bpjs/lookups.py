"""What the BPJS imports look up: the regency's villages by code or name,
and which keys of a file are already stored."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from peduli.core.parsing import place_key_cell, region_code_cell
from peduli.regions.models import Region
from peduli.regions.selectors import district_codes, instance_regency

SEPARATOR = "\x1f"  # the unit separator: never in a NIK or a claim number


def in_list_sql(column: str, values: list[str]) -> tuple[str, list[Any]]:
    """`column IN values` with one text parameter: split by PostgreSQL (far
    cheaper to send than an array of 100,000 strings), a JSON array on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(string_to_array(%s, %s))", [SEPARATOR.join(values), SEPARATOR]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]


def existing_keys(table: str, column: str, values: list[str]) -> set[str]:
    condition, params = in_list_sql(column, values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {condition}", params)
        return {row[0] for row in cursor.fetchall()}


@dataclass
class PlaceLookups:
    regency_id: str
    district_codes: set[str]
    villages: pl.DataFrame  # village_id, _village_key, _district_key of the regency
    today: date

    @classmethod
    def load(cls) -> "PlaceLookups":
        regency_id = instance_regency().code
        rows = Region.objects.filter(level=Region.Level.VILLAGE, code__startswith=f"{regency_id}.").values_list(
            "code", "name", "parent__name"
        )
        villages = pl.DataFrame(
            list(rows), schema={"village_id": pl.String, "_vname": pl.String, "_dname": pl.String}, orient="row"
        ).select(
            "village_id", _village_key=place_key_cell(pl.col("_vname")), _district_key=place_key_cell(pl.col("_dname"))
        )
        return cls(
            regency_id=regency_id, district_codes=district_codes(), villages=villages, today=timezone.localdate()
        )

    def resolve_villages(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Add `village_id` from `village` (a code) or `village_name` (+ `district_name`),
        and `_village_problem` (a message, null when fine or when no village was given)."""
        known = self.villages.select("village_id", _known=pl.lit(True))
        frame = frame.with_columns(
            _code=region_code_cell("village"),
            _village_key=place_key_cell(pl.col("village_name")),
            _district_key=place_key_cell(pl.col("district_name")),
        ).join(known, left_on="_code", right_on="village_id", how="left")
        by_both = self.villages.select("_village_key", "_district_key", _by_both=pl.col("village_id"))
        counted = self.villages.group_by("_village_key").agg(_by_name=pl.col("village_id").first(), _same_name=pl.len())
        frame = frame.join(by_both, on=["_village_key", "_district_key"], how="left").join(
            counted, on="_village_key", how="left"
        )
        by_name = pl.when(pl.col("_district_key").is_null() & (pl.col("_same_name") == 1)).then(pl.col("_by_name"))
        frame = frame.with_columns(
            village_id=pl.when(pl.col("_code").is_not_null())
            .then(pl.when(pl.col("_known")).then(pl.col("_code")))
            .otherwise(pl.coalesce(pl.col("_by_both"), by_name))
        )
        problem = (
            pl.when(pl.col("_code").is_not_null() & pl.col("village_id").is_null())
            .then(pl.format(_("Kode desa {} tidak ada di kabupaten ini."), pl.col("village")))
            .when(pl.col("_code").is_null() & pl.col("_village_key").is_not_null() & pl.col("village_id").is_null())
            .then(
                pl.when(pl.col("_district_key").is_null() & (pl.col("_same_name") > 1))
                .then(pl.format(_('Ada beberapa desa bernama "{}"; isi juga kecamatannya.'), pl.col("village_name")))
                .otherwise(pl.format(_('Desa "{}" tidak ditemukan di kabupaten ini.'), pl.col("village_name")))
            )
        )
        return frame.with_columns(_village_problem=problem)
