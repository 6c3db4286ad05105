import json

from django.core.management.base import BaseCommand

from tamkeen.audit.partitions import MONTHS_AHEAD, ensure_partitions, is_partitioned, partitions


class Command(BaseCommand):
    help = (
        "Create the audit trail's monthly partitions from this month to N months ahead (PostgreSQL; the daily "
        'job does the same); prints {"partitioned", "created", "left_in_default", "partitions"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("--months-ahead", type=int, default=MONTHS_AHEAD)

    def handle(self, *args, months_ahead, **options):
        result = ensure_partitions(months_ahead=months_ahead)
        names = partitions()
        self.stdout.write(json.dumps({"partitioned": is_partitioned(), **result, "partitions": len(names)}))
