from datetime import date

from django.db import migrations

ECONOMIC = ["project_financed", "project_started", "productive_family_certificate", "freelance_document"]


def forwards(apps, schema_editor):
    CountingRule = apps.get_model("outcomes", "CountingRule")
    CountingRule.objects.get_or_create(
        effective_from=date(1900, 1, 1),
        defaults={
            "employment_kinds": ["hired"],
            "economic_kinds": ECONOMIC,
            "note": "National programme: employment track + economic track = empowered",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
