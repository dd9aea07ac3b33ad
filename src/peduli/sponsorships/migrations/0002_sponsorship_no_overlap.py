"""A worker has at most one sponsorship in any month, enforced by the database:
an exclusion constraint on PostgreSQL, triggers on SQLite (which has none)."""

from django.db import migrations

CONSTRAINT = "sponsorship_no_overlap"

POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""ALTER TABLE sponsorships_sponsorship ADD CONSTRAINT {CONSTRAINT}
        EXCLUDE USING gist (worker_id WITH =, daterange(start_month, end_month, '[]') WITH &&)""",
]
POSTGRESQL_DOWN = [f"ALTER TABLE sponsorships_sponsorship DROP CONSTRAINT {CONSTRAINT}"]

_OVERLAP = """EXISTS (SELECT 1 FROM sponsorships_sponsorship s
    WHERE s.worker_id = NEW.worker_id AND s.id IS NOT NEW.id
      AND s.start_month <= COALESCE(NEW.end_month, '9999-12-31')
      AND NEW.start_month <= COALESCE(s.end_month, '9999-12-31'))"""
SQLITE_UP = [
    f"""CREATE TRIGGER {CONSTRAINT}_insert BEFORE INSERT ON sponsorships_sponsorship
        WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, '{CONSTRAINT}'); END""",
    f"""CREATE TRIGGER {CONSTRAINT}_update BEFORE UPDATE OF worker_id, start_month, end_month
        ON sponsorships_sponsorship
        WHEN {_OVERLAP} BEGIN SELECT RAISE(ABORT, '{CONSTRAINT}'); END""",
]
SQLITE_DOWN = [f"DROP TRIGGER {CONSTRAINT}_insert", f"DROP TRIGGER {CONSTRAINT}_update"]


def _run(statements_by_vendor: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("sponsorships", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRESQL_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
