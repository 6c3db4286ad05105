"""Today's values of the dated rule ``matching.priority_shares`` (tamkeen.core.models.DatedRule), in force from 1900-01-01: before
any record the platform holds, so every past answer keeps the value it was given. Later versions are added on the
rules page, from tomorrow at the earliest."""

from datetime import date

from django.db import migrations

RULE = "matching.priority_shares"
SINCE_ALWAYS = date(1900, 1, 1)
VALUES = {"time_on_security": 0.35, "household_size": 0.25, "woman": 0.2, "disability": 0.2}
REASON = "The platform's priority shares; women and persons with disabilities weighted up for the labour-market rules (Nitaqat)."


def ship(DatedRule):
    DatedRule.objects.get_or_create(
        name=RULE, valid_from=SINCE_ALWAYS, defaults={"values": VALUES, "reason": REASON}
    )


def forwards(apps, schema_editor):
    ship(apps.get_model("core", "DatedRule"))


def backwards(apps, schema_editor):
    apps.get_model("core", "DatedRule").objects.filter(name=RULE, valid_from=SINCE_ALWAYS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("core", "0005_dated_rule"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
