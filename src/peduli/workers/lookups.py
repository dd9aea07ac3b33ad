"""What checking a worker needs from the database, loaded once per file or form."""

from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.regions.models import Region
from peduli.regions.scoping import user_region_code
from peduli.regions.selectors import district_codes, instance_region_code
from peduli.workers.models import Occupation
from peduli.workers.selectors import registration_villages, worker_editable_districts

SQLITE_SAFE_IN = 30_000


@dataclass
class WorkerLookups:
    district_codes: set[str]
    villages: pl.DataFrame  # village_id, district_id, regency_id: where the actor may register
    occupation_ids: dict[str, int]  # lower-case name or alias → id
    default_occupation_id: int
    occupation_names: str
    scope_label: str
    editable_districts: set[str] | None  # None: every district of the region
    region_code: str  # where the actor works: a registered worker elsewhere is not theirs to change

    @classmethod
    def load(cls, *, actor: User | None) -> "WorkerLookups":
        instance = instance_region_code()
        editable = worker_editable_districts(actor)
        villages = registration_villages(actor).values_list("code", flat=True)
        rows = [(code, code[: code.rfind(".")], code[:5]) for code in villages]
        occupations = list(Occupation.objects.all())
        ids: dict[str, int] = {}
        for occupation in occupations:
            names = [occupation.name, occupation.code.replace("_", " "), *occupation.aliases.split(",")]
            ids |= {name.strip().lower(): occupation.pk for name in names if name.strip()}
        if editable is not None:
            scope = ", ".join(Region.objects.filter(code__in=editable).values_list("name", flat=True))
            scope_label = _("kecamatan Anda (%(names)s)") % {"names": scope}
        else:
            region = Region.objects.filter(code=instance).first()
            scope_label = region.name if region else _("instansi ini")
        return cls(
            district_codes=district_codes(),
            villages=pl.DataFrame(
                rows, schema={"village_id": pl.String, "district_id": pl.String, "regency_id": pl.String}, orient="row"
            ),
            occupation_ids=ids,
            default_occupation_id=next(o.pk for o in occupations if o.code == "lainnya"),
            occupation_names=", ".join(o.name for o in occupations),
            scope_label=scope_label,
            editable_districts=editable,
            region_code=user_region_code(actor) if actor is not None else instance_region_code(),
        )


# What an import compares a registered worker's row with: where it lives,
# its name (a verified worker's is guarded) and its status.
EXISTING_SCHEMA = {
    "nik": pl.String, "_existing_district": pl.String, "_existing_name": pl.String, "_existing_name_key": pl.String,
    "_existing_status": pl.String,
}  # fmt: skip
_EXISTING_COLUMNS = "nik, district_id, name, name_key, status"


def existing_workers(niks: pl.Series) -> pl.DataFrame:
    """EXISTING_SCHEMA of the NIKs already registered (`niks`: valid NIKs,
    digits only)."""
    found: list[tuple[object, ...]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One text parameter split by the server: neither a million
            # placeholders nor a Python string per NIK to adapt into an array
            # (which cost 3 s of a million-row import).
            cursor.execute(
                f"SELECT {_EXISTING_COLUMNS} FROM workers_worker WHERE nik = ANY(string_to_array(%s, ','))",
                [niks.str.join(",").item() if len(niks) else ""],
            )
            found = cursor.fetchall()
        else:
            keys = niks.to_list()
            for start in range(0, len(keys), SQLITE_SAFE_IN):
                part = keys[start : start + SQLITE_SAFE_IN]
                marks = ", ".join(["%s"] * len(part))
                cursor.execute(f"SELECT {_EXISTING_COLUMNS} FROM workers_worker WHERE nik IN ({marks})", part)
                found += cursor.fetchall()
    return pl.DataFrame(found, schema=EXISTING_SCHEMA, orient="row")
