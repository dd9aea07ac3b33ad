"""Control characters in typed text: refused wherever text comes in (every
page's form through `core.forms.BootstrapFormMixin`, every API request body
through `peduli.api.parsers`, every imported cell through the engine's
`imports.engine.control_characters_refused`, by the same pattern as a polars
expression), and cleaned from what was stored before (the migrations that
call `without_control_characters`). NUL, BEL, ESC, DEL, the C1 characters
and the like are never what a person meant: they come from copying out of
other systems, and they break the files Peduli writes. Tab, line feed and
carriage return are whitespace and stay (a note may have lines; an import's
cell parsers turn them into one space, as a line break Excel keeps in an
address cell)."""

import re
from collections.abc import Sequence

import polars as pl
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _(
    "Teks ini berisi karakter tak terlihat (karakter kontrol), biasanya terbawa saat menyalin dari "
    "aplikasi lain. Ketik ulang teksnya."
)
CONTROL_CHARACTERS_IN_COLUMNS_MESSAGE = _(
    "Kolom %(columns)s berisi karakter tak terlihat (karakter kontrol), biasanya terbawa saat menyalin dari "
    "aplikasi lain. Ketik ulang isinya."
)


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def without_control_characters(text: str) -> str:
    """`text` with each control character dropped ("Budi\\x07 Santoso" → "Budi Santoso")."""
    return CONTROL_CHARACTERS.sub("", text)


def control_characters_in(column: pl.Expr) -> pl.Expr:
    """`has_control_characters` of each text of `column`, for a whole column at
    once (null stays null); polars reads the pattern as Python does."""
    return column.str.contains(CONTROL_CHARACTERS.pattern)


def control_characters_dropped(column: pl.Expr) -> pl.Expr:
    """`without_control_characters` of each text of `column`."""
    return column.str.replace_all(CONTROL_CHARACTERS.pattern, "")


def stored_text_clean(model: type[models.Model], fields: Sequence[str], *, vendor: str) -> int:
    """Drop control characters from `fields` of every row of `model` that has
    any (a data migration's step, set-based by a regex filter); the count of
    rows changed. PostgreSQL cannot hold NUL, so it is not looked for there."""
    pattern = CONTROL_CHARACTERS.pattern if vendor == "sqlite" else CONTROL_CHARACTERS.pattern.replace(r"\x00", r"\x01")
    dirty = Q()
    for field in fields:
        dirty |= Q(**{f"{field}__regex": pattern})
    rows = list(model._default_manager.filter(dirty).only("pk", *fields))
    for row in rows:
        for field in fields:
            setattr(row, field, without_control_characters(getattr(row, field)))
    model._default_manager.bulk_update(rows, fields, batch_size=1000)
    return len(rows)
