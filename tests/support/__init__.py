"""What the tests share that is not a fixture: clients logged in as someone,
the browser's login, threads on their own connections, the pinned clock's
turning days, and builders of records and files. Fixtures live in the
conftest.py files; these are plain functions a fixture or a test calls."""
