"""The seeded international instruments (the same list ``analysis.legal.ensure_instruments`` keeps after every
``migrate`` and ``flush``)."""

from django.db import migrations


def seed(apps, schema_editor):
    from analysis.legal import INSTRUMENTS

    Instrument = apps.get_model("analysis", "Instrument")
    for order, (code, name, short_name, area, year) in enumerate(INSTRUMENTS):
        Instrument.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "area": area, "adopted_in": year, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_legal_framework")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
