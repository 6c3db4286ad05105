from django.db import migrations

INDEX = "outcome_status_date_cover"


def forwards(apps, schema_editor):
    # PostgreSQL only: SQLite has no INCLUDE columns (and the demo's figures are small there).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON outcomes_outcome (verification_status, date) "
            "INCLUDE (kind, member_id, household_id, office_id)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0004_figures_versions")]
    operations = [migrations.RunPython(forwards, backwards)]
