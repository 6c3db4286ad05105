"""Partial indexes for the supervisor's lists at national scale: members without a case worker in waiting order
(the unassigned households, cases.assignment) and members flagged for review (the review list). Built
concurrently on PostgreSQL so a release does not block the registry's writes (docs/deploy.md)."""

from django.db import migrations, models

from tamkeen.core.migration_ops import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("registry", "0007_programme_scope_dated_rule")]

    operations = [
        AddIndexConcurrently(
            model_name="member",
            index=models.Index(
                condition=models.Q(case_worker__isnull=True),
                fields=["created_at", "household", "id"],
                name="member_unassigned_waiting",
            ),
        ),
        AddIndexConcurrently(
            model_name="member",
            index=models.Index(
                condition=models.Q(needs_review=True), fields=["household"], name="member_needs_review"
            ),
        ),
    ]
