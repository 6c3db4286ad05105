"""Drop the member's own index of ``case_worker``: the caseload indexes of 0010 lead with the case worker and serve
every look-up by it (a caseload, the members without one, Django's ``SET NULL`` when a user is deleted); the
single-column copy only cost each member write and a first national load ~1 s to build.

Django would alter the field by dropping and adding back its foreign key (a check of every member, with the user
table locked exclusively meanwhile); only the index goes here, concurrently on PostgreSQL (docs/deploy.md: no
downtime), and the field's state is altered without touching the database.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "registry_member"
COLUMN = "case_worker_id"


def drop(apps, schema_editor):
    name = schema_editor.quote_name(schema_editor._create_index_name(TABLE, [COLUMN]))
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


def create(apps, schema_editor):
    name = schema_editor.quote_name(schema_editor._create_index_name(TABLE, [COLUMN]))
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {TABLE} ({COLUMN})")


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("registry", "0010_caseload_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="member",
                    name="case_worker",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="caseload",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="case worker",
                    ),
                )
            ],
            database_operations=[migrations.RunPython(drop, create)],
        )
    ]
