"""The transition period becomes the dated rule ``cases.transition_period`` (tamkeen.core.models.DatedRule).

Today's length (12 months, domain.md §3) is written as the rule in force from 1900-01-01, i.e. before any
record the platform holds, beside every dated length an administrator had set in the old table (same dates).
"""

from datetime import date

from django.db import migrations

RULE = "cases.transition_period"
SINCE_ALWAYS = date(1900, 1, 1)


def ship(DatedRule, old_rules=()):
    rows = {SINCE_ALWAYS: ({"months": 12}, "Twelve months under the current social-security rules (domain.md §3).")}
    for old in old_rules:
        rows[old.effective_from] = ({"months": old.months}, old.legal_reference or "Transition period rule")
    for valid_from, (values, reason) in rows.items():
        DatedRule.objects.get_or_create(
            name=RULE, valid_from=valid_from, defaults={"values": values, "reason": reason[:300]}
        )


def forwards(apps, schema_editor):
    ship(apps.get_model("core", "DatedRule"), apps.get_model("cases", "TransitionRule").objects.all())


def backwards(apps, schema_editor):
    DatedRule = apps.get_model("core", "DatedRule")
    TransitionRule = apps.get_model("cases", "TransitionRule")
    for row in DatedRule.objects.filter(name=RULE).exclude(valid_from=SINCE_ALWAYS):
        TransitionRule.objects.get_or_create(
            effective_from=row.valid_from,
            defaults={"months": row.values.get("months", 12), "legal_reference": row.reason[:200]},
        )
    DatedRule.objects.filter(name=RULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("core", "0005_dated_rule"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="TransitionRule"),
    ]
