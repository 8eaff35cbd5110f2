"""Seed the handbook's work templates and their steps; template deliverables get a duration."""

from django.db import migrations


def seed(apps, schema_editor):
    from servicebook.catalog.seed import seed_work_templates

    seed_work_templates(
        apps.get_model("catalog", "WorkTemplate"),
        apps.get_model("catalog", "TemplateStep"),
        apps.get_model("catalog", "Deliverable"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_work_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
