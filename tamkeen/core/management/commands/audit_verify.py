import json

from django.core.management.base import BaseCommand

from tamkeen.core.chain import ROW_FIELDS, verify_chain
from tamkeen.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain; prints one JSON line "
        '{"events", "intact", "first_broken_id", "last_hash"}; exit 0 intact, 1 broken.'
    )

    def handle(self, *args, **options):
        rows = AuditEvent.objects.order_by("id").values_list(*ROW_FIELDS).iterator(chunk_size=5000)
        report = verify_chain(rows)
        self.stdout.write(json.dumps(report.as_dict()))
        if not report.intact:
            raise SystemExit(1)
