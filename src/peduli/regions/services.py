"""Writes to the region tree."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from peduli.core.errors import ApplicationError
from peduli.regions.dataset import RegionRow, read_rows
from peduli.regions.models import Region

BATCH_SIZE = 2000


@dataclass(frozen=True)
class RegionLoadResult:
    total: int
    by_level: dict[int, int]


def _in_scope(row: RegionRow, root: str) -> bool:
    # The root's ancestors come along so the tree stays connected.
    return not root or row.code == root or row.code.startswith(root + ".") or root.startswith(row.code + ".")


@transaction.atomic
def regions_load(*, root: str = "", rows: Iterable[RegionRow] | None = None) -> RegionLoadResult:
    """Insert or update the regions under `root` (a dotted code; empty = the
    whole nation) and their ancestors, level by level, in set-based batches.

    Idempotent: loading twice leaves the same rows. Raises ApplicationError if
    `root` is not in the dataset.
    """
    selected = [row for row in (rows if rows is not None else read_rows()) if _in_scope(row, root)]
    if root and not any(row.code == root for row in selected):
        raise ApplicationError(
            _("Kode wilayah %(code)s tidak ada dalam daftar wilayah Kemendagri.") % {"code": root},
            field="regency",
        )
    by_level: dict[int, int] = {}
    for level in sorted(Region.Level.values):
        batch = [
            Region(code=row.code, name=row.name, level=row.level, parent_id=row.parent_code)
            for row in selected
            if row.level == level
        ]
        Region.objects.bulk_create(
            batch,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent"],
        )
        by_level[level] = len(batch)
    return RegionLoadResult(total=len(selected), by_level=by_level)
