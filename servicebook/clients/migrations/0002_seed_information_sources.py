"""The usual ways a prospect reaches the agency (handbook 贰); the agency edits the list."""

from django.db import migrations

SOURCES = [
    ("来电咨询", "Incoming call"),
    ("客户推荐", "Referral"),
    ("招标公告", "Tender notice"),
    ("房交会/展会", "Property fair / exhibition"),
    ("上门拜访", "Walk-in"),
    ("媒体广告", "Media advertisement"),
    ("网络", "Internet"),
    ("主动开发", "Own prospecting"),
    ("老客户", "Existing client"),
]


def seed(apps, schema_editor):
    InformationSource = apps.get_model("clients", "InformationSource")
    for position, (zh, en) in enumerate(SOURCES):
        InformationSource.objects.get_or_create(
            name_zh=zh, defaults={"name_en": en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_client_register")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
