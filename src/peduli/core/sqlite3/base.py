"""Django's SQLite backend, with tuple lookups compiled as SQLite row values.

Django 5.2 prefetches a foreign key (`prefetch_related("allocations__due")`)
through a tuple lookup. Where a backend says it has no tuple lookups, Django
writes `id = 1 OR id = 2 OR …`, one OR per row, and SQLite refuses a query of
more than 1,000 of them ("Expression tree is too large"): a CSR partner whose
payments paid more than 1,000 dues could not list them. SQLite has compared
row values since 3.15 and takes `(a, b) IN ((1, 2), …)` without VALUES since
3.37, so from there on the lookups are written as a flat IN list.
"""

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property

ROW_VALUES_SINCE = (3, 37)


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def supports_tuple_lookups(self) -> bool:  # type: ignore[override]  # a class attribute in Django
        return bool(self.connection.get_database_version() >= ROW_VALUES_SINCE)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
