"""The maintained occupation list as it starts; administrators extend it."""

from django.db import migrations

from peduli.workers.occupations import occupations_ensure


def add(apps, schema_editor):
    occupations_ensure(apps.get_model("workers", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("workers", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
