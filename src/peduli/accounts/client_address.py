"""The address a request comes from, as the login lockout sees it: the
connection's own address, unless that is one of the reverse proxies named
in `PEDULI_TRUSTED_PROXIES` (addresses or networks); then the right-most
address of X-Forwarded-For that is not a trusted proxy — the one the proxy
itself saw. Anything further left was written by the client and is ignored,
so a forged header neither escapes a lockout nor locks someone else out."""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _trusted(tuple(settings.PEDULI_TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if not _is_trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # not an address: the proxy's own is the best known
    return remote
