import django.utils.timezone
from django.db import migrations, models

from tamkeen.core.chain import GENESIS, event_digest

# SQLite: adding the columns remakes the table, which drops its triggers; they come back here, and DELETE is
# now refused as well (the test database's flush goes through tamkeen.core's flush command, which lifts it).
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS core_auditevent_no_delete;",
]
SQLITE_FORBID = [
    "CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE ON core_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only'); END;",
    "CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only'); END;",
]
SQLITE_FORBID_UPDATE_ONLY = SQLITE_FORBID[:1]

FIELDS = ("id", "at", "actor_id", "kind", "action", "object_type", "object_id", "member_id", "changes", "reason")


def chain_existing_events(apps, schema_editor):
    """Link the events already in the trail, oldest first, exactly as new events are linked."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE;")  # ALTER TABLE refuses while checks are pending
        schema_editor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update;")
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    prev, last_id = GENESIS, 0
    with schema_editor.connection.cursor() as cursor:
        while True:
            rows = list(
                AuditEvent.objects.filter(id__gt=last_id).order_by("id").values_list(*FIELDS)[:5000]
            )
            if not rows:
                break
            updates = []
            for event_id, *values in rows:
                digest = event_digest(prev, **dict(zip(FIELDS[1:], values, strict=True)))
                updates.append((prev, digest, event_id))
                prev = digest
            cursor.executemany("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", updates)
            last_id = rows[-1][0]
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update;")
    elif vendor == "sqlite":
        for statement in SQLITE_FORBID:
            schema_editor.execute(statement)


def unprotect_delete(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
        for statement in SQLITE_FORBID_UPDATE_ONLY:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, default="", editable=False, max_length=64, verbose_name="hash"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
        ),
        # The default moves from insert time to build time; the column itself does not change.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="when"
                    ),
                ),
            ]
        ),
        migrations.RunPython(chain_existing_events, unprotect_delete),
    ]
