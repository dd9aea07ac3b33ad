from django.db import migrations


class Migration(migrations.Migration):
    """The change feed moves to core (core 0002 takes the table over)."""

    dependencies = [
        ("core", "0002_snapshotchange"),
        ("reporting", "0006_snapshot_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SnapshotChange")]),
    ]
