"""No module takes another app's private helper (a name starting with `_`):
what one app offers another is public and named for it (issue 13, one write
path per table). The layers themselves are import-linter's (`make lint`)."""

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "peduli"


def _app_of(module: str) -> str:
    return module.split(".")[1] if module.startswith("peduli.") else module


def test_no_app_imports_a_private_name_of_another() -> None:
    crossings = []
    for path in SOURCE.rglob("*.py"):
        app = path.relative_to(SOURCE).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("peduli."):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private and _app_of(node.module) != app:
                    crossings.append(f"{path.relative_to(SOURCE)}: from {node.module} import {', '.join(private)}")
    assert crossings == []
