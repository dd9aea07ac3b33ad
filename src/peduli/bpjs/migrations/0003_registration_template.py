from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from peduli.bpjs.registration_fields import registration_template_ensure

    registration_template_ensure(apps.get_model("bpjs", "RegistrationTemplate"))


class Migration(migrations.Migration):
    dependencies = [("bpjs", "0002_registration_claims")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
