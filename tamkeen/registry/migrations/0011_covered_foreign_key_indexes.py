"""Drop two foreign keys' own indexes that a composite index leading with the same column already serves: the
member's case worker (the caseload indexes of 0010: a caseload, the members without one, Django's ``SET NULL``
when a user is deleted) and the household's office (``(office, status)``: an office's households, the office's
``PROTECT``). The single-column copies only cost each write, and a first national load ~1 s to build.

Django would alter such a field by dropping and adding back its foreign key (a check of every row, with the
referenced table locked exclusively meanwhile); only the indexes go here, concurrently on PostgreSQL
(docs/deploy.md: no downtime), and the fields' state is altered without touching the database.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

COVERED = (("registry_member", "case_worker_id"), ("registry_household", "office_id"))


def _statements(schema_editor, template: str):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for table, column in COVERED:
        name = schema_editor.quote_name(schema_editor._create_index_name(table, [column]))
        schema_editor.execute(template.format(concurrently=concurrently, name=name, table=table, column=column))


def drop(apps, schema_editor):
    _statements(schema_editor, "DROP INDEX {concurrently}IF EXISTS {name}")


def create(apps, schema_editor):
    _statements(schema_editor, "CREATE INDEX {concurrently}IF NOT EXISTS {name} ON {table} ({column})")


class Migration(migrations.Migration):
    atomic = False  # CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("registry", "0010_caseload_indexes"),
        ("geography", "0001_initial"),
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
                ),
                migrations.AlterField(
                    model_name="household",
                    name="office",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="households",
                        to="geography.office",
                        verbose_name="office",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        )
    ]
