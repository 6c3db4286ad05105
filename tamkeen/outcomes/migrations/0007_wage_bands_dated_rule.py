"""Today's values of the dated rule ``outcomes.wage_bands`` (tamkeen.core.models.DatedRule), in force from 1900-01-01: before
any record the platform holds, so every past answer keeps the value it was given. Later versions are added on the
rules page, from tomorrow at the earliest."""

from datetime import date

from django.db import migrations

RULE = "outcomes.wage_bands"
SINCE_ALWAYS = date(1900, 1, 1)
VALUES = {"nitaqat_min_wage": 3000, "disability_counts_as": 4, "support_min_wage": 4000, "support_max_wage": 15000}
REASON = "Nitaqat counts a hire from SAR 3,000, a worker with a disability as four; HRDF support for SAR 4,000-15,000 (domain.md §7)."


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
        ("outcomes", "0006_partner_confirmation"),
        ("core", "0005_dated_rule"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
