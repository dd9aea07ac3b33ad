"""What every kind's import wizard shows of a batch: progress, the column
mapping step, the preview and the rejected rows (templates in imports/)."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peduli.core.errors import ApplicationError
from peduli.imports.engine import header_mapping
from peduli.imports.models import ImportBatch
from peduli.imports.progress import STALE_AFTER_SECONDS, progress_get
from peduli.imports.reading import read_table
from peduli.imports.registry import spec_for

REJECTED_SHOWN = 200
STAGES = {
    "check": gettext_lazy("Memeriksa baris"),
    "write": gettext_lazy("Menyimpan"),
    "done": gettext_lazy("Selesai"),
}


def _missing_columns(batch: ImportBatch) -> list[str] | None:
    """The file's headers when the batch failed for want of required columns
    (the mapping step is then offered), else None."""
    if batch.status != ImportBatch.Status.FAILED or not batch.file:
        return None
    try:
        headers = read_table(Path(batch.file.path)).headers
        header_mapping(spec_for(batch.kind), headers, batch.mapping)
    except ApplicationError as error:
        return headers if error.code == "columns_missing" else None
    except OSError:
        return None
    return None


def _mapping_fields(batch: ImportBatch, headers: list[str]) -> list[dict[str, Any]]:
    spec = spec_for(batch.kind)
    used: set[str] = set()
    fields = []
    for column in spec.columns:
        chosen = batch.mapping.get(column.field) or next(
            (h for h in headers if h not in used and column.matches(h)), ""
        )
        if chosen:
            used.add(chosen)
        fields.append({"field": column.field, "label": column.label, "required": column.required, "chosen": chosen})
    return fields


def import_detail_context(batch: ImportBatch) -> dict[str, Any]:
    """What the generic wizard templates show of a batch; the caller adds its
    `urls` (URL names by step) and `title`."""
    spec = spec_for(batch.kind)
    progress = progress_get(batch.pk)
    stale = False
    if batch.status == ImportBatch.Status.RUNNING:
        if progress is not None:
            stale = progress.is_stale
        else:
            stale = batch.created_at < timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    headers = _missing_columns(batch)
    labels = {"row": _("Baris"), "action": _("Tindakan")} | {column.field: column.label for column in spec.columns}
    preview_keys = list(batch.preview[0].keys()) if batch.preview else []
    return {
        "batch": batch,
        "spec": spec,
        "progress": progress,
        "percent": progress.percent if progress else 0,
        "stage": STAGES.get(progress.stage, progress.stage) if progress else "",
        "stale": stale,
        "file_headers": headers,
        "mapping_fields": _mapping_fields(batch, headers) if headers else [],
        "preview_headers": [labels.get(key, key) for key in preview_keys],
        "preview_rows": [[row.get(key, "") for key in preview_keys] for row in batch.preview],
        "rejected": batch.rejected_rows.all()[:REJECTED_SHOWN] if batch.status == ImportBatch.Status.DONE else [],
        "rejected_shown": REJECTED_SHOWN,
    }
