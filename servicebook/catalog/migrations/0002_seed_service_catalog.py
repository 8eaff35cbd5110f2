"""Seed the handbook's service catalog and standard durations."""

from django.db import migrations


def seed(apps, schema_editor):
    from servicebook.catalog.seed import seed_catalog

    seed_catalog(apps.get_model("catalog", "ServiceLine"), apps.get_model("catalog", "Deliverable"))


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_service_catalog")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
