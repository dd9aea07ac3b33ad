"""Starting imports of BPJS's monthly member lists and per-village counts.

The import engine does the work (`bpjs.member_importing`); these services
only attach the list's month to the file, which is how the engine's later
steps (confirm, remap, resume) still know it."""

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from peduli.accounts.models import User
from peduli.bpjs.member_importing import MEMBER_COUNT_IMPORT, MEMBER_LIST_IMPORT, month_marked_copy, name_with_month
from peduli.core.errors import ApplicationError
from peduli.core.months import YearMonth
from peduli.imports.engine import ProgressCallback
from peduli.imports.models import ImportBatch
from peduli.imports.services import import_file, import_start


def member_import_kind(*, counts: bool) -> str:
    return MEMBER_COUNT_IMPORT.kind if counts else MEMBER_LIST_IMPORT.kind


def member_list_import_start(
    *, actor: User, uploaded_file: Any, month: YearMonth, counts: bool = False, dry_run: bool = True
) -> ImportBatch:
    """Store BPJS's list (or per-village counts, `counts`) of `month` and queue
    its check (dry run) or import; the wizard shows the rest."""
    uploaded_file.name = name_with_month(getattr(uploaded_file, "name", "berkas"), month)
    return import_start(
        actor=actor, kind=member_import_kind(counts=counts), uploaded_file=uploaded_file, dry_run=dry_run
    )


def member_list_import_file(
    *,
    path: Path,
    month: YearMonth,
    actor: User | None,
    counts: bool = False,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
) -> ImportBatch:
    """Import BPJS's list (or counts) of `month` from a file, synchronously
    (the command line and the benchmark)."""
    if not path.is_file():
        raise ApplicationError(_("Berkas %(path)s tidak ditemukan.") % {"path": path}, field="file")
    with month_marked_copy(path, month) as marked:
        return import_file(
            kind=member_import_kind(counts=counts), path=marked, actor=actor, dry_run=dry_run, on_progress=on_progress
        )
