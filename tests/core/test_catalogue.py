"""The English message catalogue is complete and compiled: every string the
source marks for translation has an English text (a new untranslated one
fails `make test`), and the committed django.mo says what django.po says."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(settings.BASE_DIR)
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES"

needs_gettext = pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msgattrib")), reason="GNU gettext is not installed (make browser)"
)


def _gettext(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


@needs_gettext
def test_every_message_marked_in_the_source_has_an_english_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # makemessages over a copy of the package, merging into a copy of the
    # catalogue: what it adds is what nobody has translated yet.
    tree = tmp_path / "peduli"
    shutil.copytree(PACKAGE, tree, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[tree / "locale"]):
        call_command("makemessages", locale=["en"], no_location=True, verbosity=0)
    merged = tree / "locale" / "en" / "LC_MESSAGES" / "django.po"
    untranslated = _gettext("msgattrib", "--untranslated", "--no-obsolete", merged)
    fuzzy = _gettext("msgattrib", "--only-fuzzy", "--no-obsolete", merged)
    assert not untranslated, f"Translate these in {CATALOGUE / 'django.po'} (make messages):\n{untranslated}"
    assert not fuzzy, f"Check these guessed translations and remove their fuzzy mark:\n{fuzzy}"
    # Placeholders and plural forms agree between the Indonesian and the English.
    _gettext("msgfmt", "--check", "-o", tmp_path / "check.mo", merged)


@needs_gettext
def test_the_committed_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    _gettext("msgfmt", "--check", "-o", tmp_path / "fresh.mo", CATALOGUE / "django.po")
    with (tmp_path / "fresh.mo").open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog  # type: ignore[attr-defined]
        found = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    stale = sorted(str(key) for key in expected.keys() ^ found.keys())[:10]
    assert found == expected, f"django.mo is stale: run make messages and commit it ({stale})"
    assert len(expected) > 1_500  # the whole site, not a stub
