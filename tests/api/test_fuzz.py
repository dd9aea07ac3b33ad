"""A bounded fuzz run over the whole API (schemathesis, from the OpenAPI
schema): a few generated requests per operation, as the labour office and
as a civil servant, and not one may answer with a server error."""

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings

from peduli.accounts.models import User
from peduli.accounts.tokens import api_token_issue
from peduli.agencies.models import CivilServant
from peduli.regions.models import Region
from peduli.wsgi import application

EXAMPLES = 3


@pytest.fixture(params=["regency_admin", "civil_servant"])
def caller_token(
    request: pytest.FixtureRequest,
    kendal: Region,
    user_factory: Callable[..., User],
    person_factory: Callable[..., CivilServant],
) -> str:
    place = {"civil_servant": person_factory()} if request.param == "civil_servant" else {}
    _token, raw = api_token_issue(user=user_factory(request.param, **place))
    return raw


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request;
    the test's transaction needs it open (as Django's test client keeps it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(caller_token: str, connection_kept: None) -> schemathesis.BaseSchema:
    headers = {"Authorization": f"Token {caller_token}"}
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)


def test_no_operation_answers_with_a_server_error(api_schema: schemathesis.BaseSchema, caller_token: str) -> None:
    headers = {"Authorization": f"Token {caller_token}"}
    server_errors: list[str] = []
    calls = 0
    statuses: dict[int, int] = {}
    # Not the caller's own tokens: a generated revoke would end the run (tests/accounts/test_api_tokens.py).
    for result in api_schema.exclude(path_regex="^/api/v1/auth/").get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None, phases=[Phase.explicit, Phase.generate])  # fmt: skip
        def call(case: schemathesis.Case) -> None:
            nonlocal calls
            calls += 1
            with transaction.atomic():  # each call on its own: a refused write leaves the rest usable
                response = case.call(headers=headers)
            if response.status_code >= 500:
                server_errors.append(f"{case.operation.label} {response.status_code}: {case.as_curl_command()}")
            statuses[response.status_code // 100] = statuses.get(response.status_code // 100, 0) + 1

        call()
    print(f"fuzz: {calls} calls, by status class {sorted(statuses.items())}")  # the figures, with -s
    assert calls >= EXAMPLES * 100  # every operation was tried
    assert statuses.get(2, 0) > 20  # the caller's token worked: not everything was refused
    assert sorted({error.split(":")[0] for error in server_errors}) == []
