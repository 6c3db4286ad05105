"""The approvals queue's index: submitted plans oldest first, so a page (or the home page's first five) stops
early instead of checking every submitted plan in the country. Built concurrently on PostgreSQL
(docs/deploy.md)."""

from django.db import migrations, models

from tamkeen.core.migration_ops import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0002_transition_period_dated_rule")]

    operations = [
        AddIndexConcurrently(
            model_name="empowermentplan",
            index=models.Index(
                condition=models.Q(status="submitted"), fields=["submitted_at", "id"], name="plan_submitted_waiting"
            ),
        ),
    ]
