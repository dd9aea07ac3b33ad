"""A list's search text stays out of its URL (issue 14, ADR 0018).

People search by NIK, NIP and name; a URL is kept in the browser's history
and the server's logs. The search form is POSTed; the text is kept in the
session under a short random token, and the list's URL — bookmarkable,
paginated, sortable, what an export link repeats — carries `cari=<token>`
in its place. Only the session that searched can read the token back.
"""

import secrets

from django.http import HttpRequest, QueryDict

SEARCH_FIELD = "q"
TOKEN_FIELD = "cari"
_SESSION_KEY = "peduli_searches"
_KEPT = 50
# What marks a POST as the filter form's (a page may take other POSTs too).
FILTER_MARK = "saring"
_NOT_FILTERS = ("csrfmiddlewaretoken", "halaman", FILTER_MARK)


def search_seal(request: HttpRequest, text: str) -> str:
    """Keep `text` in the session; the token that stands for it."""
    kept: dict[str, str] = dict(request.session.get(_SESSION_KEY, {}))
    for token, earlier in kept.items():
        if earlier == text:
            return token
    token = secrets.token_urlsafe(6)
    kept[token] = text
    request.session[_SESSION_KEY] = dict(list(kept.items())[-_KEPT:])
    return token


def is_filter_post(request: HttpRequest) -> bool:
    return request.method == "POST" and FILTER_MARK in request.POST


def sealed_query(request: HttpRequest) -> QueryDict:
    """A POSTed filter form as the list URL's query: its filters as they
    are, its search text as a token."""
    query = request.POST.copy()
    for name in _NOT_FILTERS:
        query.pop(name, None)
    text = query.pop(SEARCH_FIELD, [""])[-1].strip()
    query.pop(TOKEN_FIELD, None)
    for name in [name for name, values in query.lists() if not any(values)]:
        del query[name]  # an untouched filter: a shorter URL
    if text:
        query[TOKEN_FIELD] = search_seal(request, text)
    return query


def filter_data(query: QueryDict, request: HttpRequest) -> QueryDict:
    """The filters a list URL's query stands for: its token as the search
    text again (none when the token is not this session's)."""
    data = query.copy()
    token = data.pop(TOKEN_FIELD, [""])[-1]
    text = request.session.get(_SESSION_KEY, {}).get(token, "") if token else ""
    if text:
        data[SEARCH_FIELD] = text
    return data
