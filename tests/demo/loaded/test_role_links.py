"""No role's menu or page links to a page that role cannot open (issue 15
point 6): for every login `peduli demo` makes, the walk starts at the home
page, follows every link and htmx load it is shown — one URL of each route —
and no answer is a 403."""

import pytest

from peduli.accounts.models import Role, User
from tests.support.clients import client_for
from tests.support.walk import walk

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
    walked = 0
    for visit in walk(client_for(user), ["/"], skip=SKIP):
        walked += 1
        if visit.response.status_code == 403:
            refused.append(f"{visit.path} ({visit.name}), linked from {visit.found_on or 'the start'}")
    assert refused == [], f"{user.username} is shown links it may not open:\n" + "\n".join(refused)
    assert walked > 10, walked
