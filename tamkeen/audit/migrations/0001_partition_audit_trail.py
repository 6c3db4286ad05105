"""The audit trail partitioned by month on PostgreSQL (tamkeen.audit.partitions); nothing to do on SQLite.

The rows are copied into the new table under an exclusive lock, so on a large trail run it in a maintenance
window (docs/deploy.md); a fresh database does it instantly.
"""

from django.db import migrations

from tamkeen.audit import partitions


def forward(apps, schema_editor):
    partitions.partition_table(schema_editor)


def backward(apps, schema_editor):
    partitions.unpartition_table(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_dated_rule")]
    operations = [migrations.RunPython(forward, backward)]
