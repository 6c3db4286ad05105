"""The audit chain's tail in one row (tamkeen.core.models.ChainTail), started from the trail's last line."""

from django.db import migrations, models

from tamkeen.core.chain import GENESIS


def start_tail(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    ChainTail = apps.get_model("core", "ChainTail")
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    last_id, last_hash = last or (0, GENESIS)
    ChainTail.objects.create(id=1, last_id=last_id, last_hash=last_hash)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_dated_rule")]

    operations = [
        migrations.CreateModel(
            name="ChainTail",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("last_id", models.BigIntegerField(default=0)),
                ("last_hash", models.CharField(blank=True, default="", max_length=64)),
            ],
        ),
        migrations.RunPython(start_tail, migrations.RunPython.noop),
    ]
