"""Drop the three ``varchar_pattern_ops`` copies PostgreSQL got of the member's national ID, name key and mobile
indexes; PostgreSQL only, concurrently (docs/deploy.md: no downtime).

Django adds such a ``…_like`` index beside every indexed text column for ``LIKE 'prefix%'`` queries, which the
default (non-C) collation's plain index cannot serve. No query of the platform is a prefix search on these
columns: national IDs and mobiles are looked up whole (the plain and unique indexes), name search is ``contains``
and trigram similarity (the trigram index of 0003) and the duplicate check reads a ``name_key`` range (the plain
index). Every member insert still paid for the three, which a roll import of a million members felt.
If a later migration alters one of these fields, Django drops ``IF EXISTS`` and may create the index again;
drop it again then.
"""

from django.db import migrations

TABLE = "registry_member"
COLUMNS = ("national_id", "name_key", "phone")


def _name(schema_editor, column: str) -> str:
    return schema_editor._create_index_name(TABLE, [column], suffix="_like")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(_name(schema_editor, column))}"
        )


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        name = schema_editor.quote_name(_name(schema_editor, column))
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {TABLE} ({column} varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY cannot run inside a transaction

    dependencies = [("registry", "0008_supervisor_list_indexes")]

    operations = [migrations.RunPython(drop, create)]
