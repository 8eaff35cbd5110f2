"""The usual reasons for giving up a client; the agency edits the list."""

from django.db import migrations

REASONS = [
    ("意向不强", "Weak intent"),
    ("预算不足", "Budget too small"),
    ("已选择其他代理公司", "Chose another agency"),
    ("项目暂停或取消", "Project on hold or cancelled"),
    ("无法联系到决策人", "Decision maker unreachable"),
    ("服务需求不在我司范围", "Needs outside our services"),
    ("其他", "Other"),
]


def seed(apps, schema_editor):
    AbandonReason = apps.get_model("sales", "AbandonReason")
    for position, (zh, en) in enumerate(REASONS):
        AbandonReason.objects.get_or_create(
            name_zh=zh, defaults={"name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_pipeline_and_quotes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
