import json

from django.core.management.base import BaseCommand

from tamkeen.core.scheduling import daily_task_paths, enqueue_daily


class Command(BaseCommand):
    help = "Enqueue the daily jobs (expiry of unanswered referrals, overdue actions, certificate reminders)."

    def handle(self, *args, **options):
        ids = enqueue_daily()
        self.stdout.write(json.dumps({"enqueued": dict(zip(daily_task_paths(), ids, strict=True))}))
