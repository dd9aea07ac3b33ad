"""The worker history's columns lose the indexes simple-history gives every
copied field: history is read by worker (`id`) and date only.

The indexes are dropped by name (on PostgreSQL with their `_like` twins);
Django's AlterField would rebuild the whole history table on SQLite, once
per field.
"""

import django.db.models.deletion
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

FIELDS = (
    "nik", "village", "district", "regency", "occupation", "merged_into", "registered_by", "verified_by", "import_batch",
)


def indexes_drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    model = apps.get_model("workers", "HistoricalWorker")
    for name in FIELDS:
        column = model._meta.get_field(name).column
        for index in schema_editor._constraint_names(model, [column], index=True, unique=False, primary_key=False):
            schema_editor.execute(schema_editor._delete_index_sql(model, index))


def indexes_create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The indexes Django made for the fields (what the state before this migration says)."""
    model = apps.get_model("workers", "HistoricalWorker")
    for name in FIELDS:
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))
        like = getattr(schema_editor, "_create_like_index_sql", None)  # PostgreSQL's varchar_pattern_ops twin
        if like is not None and (sql := like(model, field)) is not None:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_batch_attempts_and_discard'),
        ('regions', '0002_boundary'),
        ('workers', '0004_control_characters_cleaned'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(indexes_drop, indexes_create)],
            state_operations=[
                migrations.AlterField(
                    model_name='historicalworker',
                    name='district',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='kecamatan'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='import_batch',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='imports.importbatch', verbose_name='impor asal'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='merged_into',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workers.worker', verbose_name='digabung ke'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='nik',
                    field=models.CharField(max_length=16, verbose_name='NIK'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='occupation',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workers.occupation', verbose_name='pekerjaan'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='regency',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='kabupaten/kota'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='registered_by',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='didaftarkan oleh'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='verified_by',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='diverifikasi oleh'),
                ),
                migrations.AlterField(
                    model_name='historicalworker',
                    name='village',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='regions.region', verbose_name='desa/kelurahan domisili'),
                ),
            ],
        ),
    ]
