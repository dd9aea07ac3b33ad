import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The change feed moves from reporting to core: the table stays as it is."""

    dependencies = [
        ("core", "0001_initial"),
        ("regions", "0002_boundary"),
        ("reporting", "0006_snapshot_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SnapshotChange",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("since", models.DateField(blank=True, null=True)),
                        (
                            "regency",
                            models.ForeignKey(
                                db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                to="regions.region",
                            ),
                        ),
                    ],
                    options={"db_table": "reporting_snapshotchange"},
                ),
            ],
            database_operations=[],
        ),
    ]
