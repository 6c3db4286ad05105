"""Indexes for the case worker's caseload at national scale: the caseload in file order for its keyset pager
(tamkeen.cases.selectors.caseload_window; with case_worker IS NULL also the office's members without one) and a
caseload's newest members (the home page's members without a plan). Built concurrently on PostgreSQL
(docs/deploy.md)."""

from django.db import migrations, models

from tamkeen.core.migration_ops import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("registry", "0009_drop_unused_member_pattern_indexes")]

    operations = [
        AddIndexConcurrently(
            model_name="member",
            index=models.Index(fields=["case_worker", "household", "id"], name="member_caseload_order"),
        ),
        AddIndexConcurrently(
            model_name="member",
            index=models.Index(fields=["case_worker", "created_at", "id"], name="member_caseload_newest"),
        ),
    ]
