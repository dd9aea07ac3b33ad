"""The one role matrix: every capability has its roles, `may` and
`require_role` answer from it alone, and no other module keeps a set of roles
of its own (the property that makes the matrix the one place to look)."""

import ast
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from peduli.accounts.models import Role
from peduli.accounts.roles import REFUSALS, ROLE_MATRIX, Capability, may, require_role
from peduli.core.errors import ApplicationError

SOURCE = Path(__file__).resolve().parents[2] / "src" / "peduli"
MATRIX_MODULE = SOURCE / "accounts" / "roles.py"


def test_every_capability_has_a_non_empty_set_of_roles() -> None:
    assert set(ROLE_MATRIX) == set(Capability)
    assert all(roles and roles <= set(Role) for roles in ROLE_MATRIX.values())


@pytest.mark.parametrize("role", list(Role))
def test_may_answers_from_the_matrix_for_every_role(
    role: Role, user_factory: Any, person_factory: Any, agencies: Any
) -> None:
    place = {
        Role.AGENCY_OPERATOR: {"agency": agencies["dinkes"]},
        Role.DISTRICT_OPERATOR: {"district": agencies["kec"].district},
    }.get(role, {})
    if role == Role.CIVIL_SERVANT:
        place = {"civil_servant": person_factory("dinkes")}
    user = user_factory(role, **place)
    assert {c for c in Capability if may(user, c)} == {c for c, roles in ROLE_MATRIX.items() if role in roles}


def test_superusers_may_everything_and_anonymous_or_inactive_users_nothing(user_factory: Any) -> None:
    leader = user_factory(Role.LEADER)
    leader.is_superuser = True
    assert all(may(leader, c) for c in Capability)
    admin = user_factory(Role.REGENCY_ADMIN)
    admin.is_active = False
    assert not any(may(who, c) for who in (admin, AnonymousUser(), None) for c in Capability)


def test_require_role_refuses_with_the_capabilitys_message_and_lets_the_command_line_through(
    user_factory: Any,
) -> None:
    leader = user_factory(Role.LEADER)
    with pytest.raises(ApplicationError) as refused:
        require_role(leader, Capability.LOAD_BOUNDARIES)
    assert (refused.value.code, refused.value.message) == ("forbidden", str(REFUSALS[Capability.LOAD_BOUNDARIES]))
    with pytest.raises(ApplicationError, match="Hanya Disperinaker yang mencatat pembayaran"):
        require_role(leader, Capability.KEEP_LEDGER, "Hanya Disperinaker yang mencatat pembayaran.")
    require_role(None, Capability.LOAD_BOUNDARIES)
    require_role(leader, Capability.PLAN)


def _role_sets(tree: ast.AST) -> list[int]:
    """Lines building a set, frozenset, tuple or list of two or more roles, or
    a set of every role (`Role.values`, `frozenset(Role)`). One role alone is
    a place's binding (`u.role == Role.DISTRICT_OPERATOR`), not a set."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            members = [e for e in node.elts if isinstance(e, ast.Attribute) and ast.unparse(e.value) == "Role"]
            if len(members) >= 2:
                found.append(node.lineno)
        if not (isinstance(node, ast.Call) and ast.unparse(node.func) in {"frozenset", "set"}):
            continue
        if any(ast.unparse(a) in {"Role", "Role.values"} for a in node.args):
            found.append(node.lineno)
    return found


def test_no_module_but_the_matrix_keeps_a_set_of_roles() -> None:
    offenders = {
        str(path.relative_to(SOURCE)): lines
        for path in SOURCE.rglob("*.py")
        if path != MATRIX_MODULE and "migrations" not in path.parts and "demo" not in path.parts
        if (lines := _role_sets(ast.parse(path.read_text())))
    }
    assert offenders == {}
    assert _role_sets(ast.parse(MATRIX_MODULE.read_text()))  # the scan does find sets where they are


def matrix_table() -> str:
    """The matrix as the Markdown table docs/architecture.md shows."""
    roles = list(Role)
    lines = [
        "| capability | " + " | ".join(str(r.label) for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for capability, allowed in ROLE_MATRIX.items():
        lines.append(f"| `{capability.name}` | " + " | ".join("✓" if r in allowed else "" for r in roles) + " |")
    return "\n".join(lines)


def test_the_architecture_documents_the_matrix_as_it_is() -> None:
    architecture = (SOURCE.parents[1] / "docs" / "architecture.md").read_text()
    assert matrix_table() in architecture, (
        "regenerate the Roles table: print(tests.accounts.test_role_matrix.matrix_table())"
    )
