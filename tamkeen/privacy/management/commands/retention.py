"""`tamkeen retention [--date YYYY-MM-DD]`: apply the retention schedule now (the daily job does the same)."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tamkeen.privacy.retention import retention_run


class Command(BaseCommand):
    help = "Apply the retention schedule: delete expired files, anonymise the people of long-closed cases."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", default=None, help="Apply the schedule as of this day (default: today)."
        )

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        run = retention_run(today=today)
        self.stdout.write(json.dumps({"run_on": run.run_on.isoformat(), **run.counts}))
