import json

from django.core.management.base import BaseCommand

from tamkeen.core.jobs import reclaim_stale_tasks


class Command(BaseCommand):
    help = (
        "Fail the tasks no live worker is running (a killed worker, a task past every time limit) and close the "
        "imports they left open. Run it from cron every few minutes."
    )

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(reclaim_stale_tasks()))
