"""The four departments of the handbook (肆) exist in every install."""

from django.db import migrations

CODES = ["cs", "mkt", "ka", "creative"]


def seed(apps, schema_editor):
    Department = apps.get_model("accounts", "Department")
    for code in CODES:
        Department.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_organisation")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
