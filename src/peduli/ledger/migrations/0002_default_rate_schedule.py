from django.db import migrations


def seed(apps, schema_editor):
    from peduli.ledger.rates import rate_schedule_ensure

    rate_schedule_ensure(apps.get_model("ledger", "RateSchedule"))


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
