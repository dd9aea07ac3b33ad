"""`make run` leaves a working operator shell (issue 15 point 8): the local
.env it writes holds a key of this machine's and plain HTTP, is read by the
settings' own reader, and is never overwritten."""

import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from peduli.local_env import local_env_ensure

ROOT = Path(__file__).resolve().parents[1]


def _read(path: Path) -> dict[str, str]:
    """The file as the settings read it (environ.Env.read_env), into a dict of its own, not os.environ."""
    values: dict[str, str] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(environ.Env, "ENVIRON", values)
        environ.Env.read_env(path, overwrite=True)
    return values


def test_the_first_run_writes_a_key_of_its_own_and_plain_http(tmp_path: Path) -> None:
    path = tmp_path / ".env"

    assert local_env_ensure(path, environ={}) == ["SECRET_KEY", "PEDULI_HTTPS", "DEBUG"]

    other = tmp_path / "other.env"
    local_env_ensure(other, environ={})
    values = _read(path)
    assert values["PEDULI_HTTPS"] == "false" and values["DEBUG"] == "false"
    assert len(values["SECRET_KEY"]) >= 50 and values["SECRET_KEY"] != _read(other)["SECRET_KEY"]
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    local_env_ensure(path, environ={})
    before = path.read_bytes()

    assert local_env_ensure(path, environ={"DATABASE_URL": ""}) == []
    assert path.read_bytes() == before


def test_an_existing_file_keeps_every_line_and_gets_only_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text("# mine\nSECRET_KEY=kunci-saya-sendiri\nPEDULI_REGENCY=33.24", encoding="utf-8")

    added = local_env_ensure(path, environ={"DATABASE_URL": "postgres://peduli@127.0.0.1:5432/peduli"})

    assert added == ["PEDULI_HTTPS", "DEBUG", "DATABASE_URL"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# mine\nSECRET_KEY=kunci-saya-sendiri\nPEDULI_REGENCY=33.24\n")
    assert _read(path)["SECRET_KEY"] == "kunci-saya-sendiri"
    assert _read(path)["DATABASE_URL"] == "postgres://peduli@127.0.0.1:5432/peduli"


def test_the_module_runs_without_django_settings(tmp_path: Path) -> None:
    script = "from pathlib import Path; from peduli.local_env import local_env_ensure; "
    script += f"print(local_env_ensure(Path({str(tmp_path / '.env')!r}), environ={{}}))"
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src")}

    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "['SECRET_KEY', 'PEDULI_HTTPS', 'DEBUG']"
