"""Control characters dropped from the names and addresses stored before
they were refused at input (`core.control_characters`)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from peduli.core.control_characters import stored_text_clean


def clean(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    stored_text_clean(apps.get_model("agencies", "Agency"), ['name', 'short_name'], vendor=vendor)
    stored_text_clean(apps.get_model("agencies", "AgencyName"), ['name'], vendor=vendor)
    stored_text_clean(apps.get_model("agencies", "CivilServant"), ['name', 'unit', 'position'], vendor=vendor)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0002_delete_rosterimport")]
    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
