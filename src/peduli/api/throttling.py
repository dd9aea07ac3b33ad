"""Rate limits of the API endpoints that answer about a person by a number a
caller types (a NIK): trying numbers one after another stays slow. The rates
are `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]` (settings, from the
environment); the counts live in the `throttle` cache."""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import ScopedRateThrottle


class ScopedThrottle(ScopedRateThrottle):
    """DRF's per-user, per-scope throttle (the view's `throttle_scope`),
    counting in the `throttle` cache rather than the default one."""

    # The proxy reaches the alias's cache of the current thread, as Django's own `cache` does.
    cache = ConnectionProxy(caches, "throttle")  # type: ignore[assignment]
