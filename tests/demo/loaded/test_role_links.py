"""No role's menu or page links to a page that role cannot open (issue 15
point 6): for every login `peduli demo` makes, the walk starts at the home
page, follows every link and htmx load it is shown — one URL of each route —
and no answer is a 403. Nor does any page, file or API answer it reads show
a bare "None" (issue 16 point 2)."""

import re

import pytest

from peduli.accounts.models import Role, User
from tests.support.clients import client_for
from tests.support.walk import text_of, walk

# Logging out would end the walk; the admin is no demo role's. The API's
# docs are walked: the menu links to them.
SKIP = ("/static/", "/django-admin/", "/akun/keluar/")
# The logins `peduli demo` makes (demo.kendal._create_logins); the civil
# servant's username is their NIP.
DEMO_LOGINS = ["disperinaker", "operator.dinkes", "operator.kec.kendal", "NIP", "bpjs.kendal", "mitra.csr", "bupati"]


@pytest.mark.django_db
@pytest.mark.parametrize("login", DEMO_LOGINS)
def test_no_link_a_role_is_shown_answers_403(demo: str, login: str) -> None:
    if login == "NIP":
        user = User.objects.get(role=Role.CIVIL_SERVANT)
        assert user.civil_servant is not None and user.username == user.civil_servant.nip
    else:
        user = User.objects.get(username=login)
    refused: list[str] = []
    showing_none: list[str] = []
    walked = 0
    for visit in walk(client_for(user), ["/"], skip=SKIP):
        walked += 1
        response = visit.response
        if response.status_code == 403:
            refused.append(f"{visit.path} ({visit.name}), linked from {visit.found_on or 'the start'}")
        elif response.status_code == 200 and not response.streaming and _shows_none(response):
            showing_none.append(visit.path)
    assert refused == [], f"{user.username} is shown links it may not open:\n" + "\n".join(refused)
    assert showing_none == [], f"{user.username} reads 'None' on:\n" + "\n".join(showing_none)
    assert walked > 10, walked


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_NONE = re.compile(r"(?<![\w.])None(?![\w(])")


def _shows_none(response: object) -> bool:
    """Whether a person reading the answer sees the word None (a Python
    value that leaked into a page, a cell or a JSON text)."""
    text = text_of(response.content, response.get("Content-Type", ""))  # type: ignore[attr-defined]
    return bool(_NONE.search(_SCRIPT.sub("", text)))


def test_the_none_check_sees_a_leaked_value() -> None:
    class Answer:
        content = b"<td>3324071508850008 \xc2\xb7 None</td><script>if (x === None) {}</script>"

        def get(self, name: str, default: str = "") -> str:
            return "text/html"

    assert _shows_none(Answer())
    Answer.content = b"<td>Tidak ada</td><script>var None = 1;</script>"
    assert not _shows_none(Answer())
