"""Headers and deployment: a Content-Security-Policy that allows scripts
from Peduli's own files only (and no template that would need more), the
API's schema and docs for logged-in users only, and `peduli check --deploy`
clean with the production example (.env.example)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import Client
from rest_framework.test import APIClient

from peduli.accounts.models import User
from tests.support.clients import client_for

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "peduli"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.IGNORECASE)


def test_every_page_carries_a_policy_that_allows_only_own_scripts(db: None, client: Client) -> None:
    policy = client.get("/akun/masuk/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_template_has_an_inline_script_or_handler() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if INLINE_HANDLER.search(line) or INLINE_SCRIPT.search(line)
    ]
    assert found == []


def test_the_api_schema_and_docs_are_for_logged_in_users(admin: User) -> None:
    assert APIClient().get("/api/schema/").status_code in (401, 403)
    docs = Client().get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/akun/masuk/")

    assert client_for(admin).get("/api/schema/").status_code == 200
    page = client_for(admin).get("/api/docs/").content.decode()
    assert "swagger-ui" in page and INLINE_SCRIPT.search(page) is None


def test_check_deploy_is_clean_with_the_production_example() -> None:
    script = (
        "import os, sys, environ; environ.Env.read_env('.env.example', overwrite=True); "
        "os.environ['SECRET_KEY'] = 'k' * 50 + 'Qz9#wX'; "
        "sys.argv = ['peduli', 'check', '--deploy', '--fail-level', 'WARNING']; "
        "from peduli.__main__ import main; main()"
    )
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
