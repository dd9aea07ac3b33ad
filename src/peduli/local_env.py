"""The `.env` of one's own machine (`make run`, `python -m peduli.local_env`).

`make run` writes it on the first run, beside `pyproject.toml` where the
settings read it, so that `.venv/bin/peduli <command>` afterwards runs with
what `make run` runs with: a secret key generated for this machine (not one
published in the repository), plain HTTP (PEDULI_HTTPS=false), DEBUG off,
and the database `make run` was given (DATABASE_URL, when set; otherwise
the SQLite file var/peduli.sqlite3).

It never replaces what is there: an existing file keeps every line, and
only the names it lacks are added. Nothing here imports Django: the
settings refuse to load without the key this writes.
"""

import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

ENV_FILE = Path(__file__).resolve().parents[2] / ".env"
HEADER = (
    "# This machine's settings, written by `make run` (python -m peduli.local_env);\n"
    "# `make run` and `.venv/bin/peduli` read them. Not for production: see .env.example.\n"
)
_NAME = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


def _names(text: str) -> set[str]:
    return {match.group(1) for line in text.splitlines() if (match := _NAME.match(line))}


def local_env_ensure(path: Path = ENV_FILE, environ: Mapping[str, str] = os.environ) -> list[str]:
    """Write `path` (or add to it) what `make run` needs; return the names
    added, none when all were there. An existing value is never changed."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    present = _names(text)
    wanted = {
        # URL-safe: no `$` (which django-environ would expand) or `#`.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PEDULI_HTTPS": "false",
        "DEBUG": "false",
    }
    if environ.get("DATABASE_URL"):
        wanted["DATABASE_URL"] = environ["DATABASE_URL"]
    added = [name for name in wanted if name not in present]
    if not added:
        return []
    lines = "".join(f"{name}={wanted[name]}\n" for name in added)
    if not text:
        text = HEADER
    elif not text.endswith("\n"):
        text += "\n"
    path.write_text(text + lines, encoding="utf-8")
    path.chmod(0o600)  # the key signs sessions
    return added


def main() -> None:
    added = local_env_ensure()
    if added:
        print(f"{ENV_FILE} ditulis: {', '.join(added)}", file=sys.stderr)


if __name__ == "__main__":
    main()
