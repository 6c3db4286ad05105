"""A trigram (pg_trgm) GIN index on Member.name_key for Arabic-aware name search; PostgreSQL only.

SQLite has no trigram index: search falls back to a LIKE over the same normalised key, which is correct but
scans (fine at demo scale).
"""

from django.db import migrations

INDEX = "registry_member_name_key_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_member USING gin (name_key gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_rollimport")]

    operations = [migrations.RunPython(create, drop)]
