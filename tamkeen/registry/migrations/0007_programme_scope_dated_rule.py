"""Today's values of the dated rule ``registry.programme_scope`` (tamkeen.core.models.DatedRule), in force from 1900-01-01: before
any record the platform holds, so every past answer keeps the value it was given. Later versions are added on the
rules page, from tomorrow at the earliest."""

from datetime import date

from django.db import migrations

RULE = "registry.programme_scope"
SINCE_ALWAYS = date(1900, 1, 1)
VALUES = {"min_age": 18, "max_age": 59, "student_min_age": 18, "student_max_age": 25}
REASON = "Working age 18-59; full-time students of 18-25 exempt (domain.md §3)."


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
        ("registry", "0006_accommodation_needs"),
        ("core", "0005_dated_rule"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
