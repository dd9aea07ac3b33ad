"""The embedded database: Django's SQLite backend, with native row values."""
