"""What a worker import changes of the workers already registered, field by
field old → new, as its preview and its result list them (`spec.RowChange`)."""

from datetime import date
from typing import Any

from django.db.backends.utils import CursorWrapper
from django.utils.translation import gettext as _

from peduli.imports.reading import ROW_COLUMN
from peduli.imports.spec import CHANGES_LISTED, Column, FieldChange, RowChange
from peduli.regions.models import Region
from peduli.workers.models import Occupation

# The stored fields a person recognises, by the import column that sets each
# (name_key, district and regency follow from the name and the village).
LISTED = {
    "name": "name", "birth_place": "birth_place", "birth_date": "birth_date", "sex": "sex", "village_id": "village",
    "address": "address", "rt": "rt", "rw": "rw", "phone": "phone", "occupation_id": "occupation",
    "in_social_register": "in_social_register", "has_disability": "has_disability",
    "woman_head_of_household": "woman_head_of_household", "kpj": "kpj",
}  # fmt: skip
FLAGS = {"in_social_register", "has_disability", "woman_head_of_household"}


def _normal(field: str, value: Any) -> Any:
    """One database's value as the other's: SQLite gives flags as 0/1 and an
    expression's date as text."""
    if value is None:
        return ""
    if field in FLAGS:
        return bool(value)
    if field == "birth_date" and isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def _shown(field: str, value: Any, names: dict[str, str]) -> str:
    if field in FLAGS:
        return _("Ya") if value else _("Tidak")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value in ("", None):
        return _("(kosong)")
    if field == "village_id":
        return f"{names.get(value, value)} ({value})"
    if field == "occupation_id":
        return names.get(f"occupation:{value}", str(value))
    return str(value)


def worker_changes_listed(
    cursor: CursorWrapper, *, table: str, new_values: dict[str, str], columns: tuple[Column, ...]
) -> list[RowChange]:
    """The first CHANGES_LISTED staged rows (`table`, `_changed` marked) that
    change a registered worker, each with its fields old → new. `new_values`
    are the SQL of each field's new value over `s` (the staged row) and `w`
    (the worker), as the import's UPDATE writes them; run before it."""
    fields = list(LISTED)
    pairs = ", ".join(f"w.{field}, {new_values[field]}" for field in fields)
    cursor.execute(
        f"SELECT s.{ROW_COLUMN}, s.nik, w.name, {pairs} FROM {table} s JOIN workers_worker w ON w.nik = s.nik "
        f"WHERE s._changed ORDER BY s.{ROW_COLUMN} LIMIT %s",
        [CHANGES_LISTED],
    )
    rows = cursor.fetchall()
    labels = {column.field: column.label for column in columns}
    villages = {value for row in rows for value in row[3 + 2 * fields.index("village_id") :][:2]}
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    names |= {f"occupation:{pk}": name for pk, name in Occupation.objects.values_list("pk", "name")}
    listed = []
    for row in rows:
        changed = []
        for index, field in enumerate(fields):
            old, new = (_normal(field, value) for value in row[3 + 2 * index : 5 + 2 * index])
            if old != new:
                changed.append(FieldChange(labels[LISTED[field]], _shown(field, old, names), _shown(field, new, names)))
        listed.append(RowChange(row=row[0], key=row[1], name=row[2], fields=tuple(changed)))
    return listed
