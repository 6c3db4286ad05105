import json

from django.core.management.base import BaseCommand
from django.db import transaction

from tamkeen.core.chain import GENESIS, ROW_FIELDS, verify_chain
from tamkeen.core.models import CHAIN_TAIL, AuditEvent, ChainTail


def tail_matches() -> bool:
    """Whether the tail row names the trail's last line.

    A tail that points elsewhere would make the next append link to the wrong hash. A missing row is fine: the
    next append rebuilds it from the last line. The row is locked while the last line is read, so an append
    cannot slip between the two reads.
    """
    with transaction.atomic():
        tail = ChainTail.objects.select_for_update().filter(pk=CHAIN_TAIL).values_list("last_id", "last_hash")
        tail = tail.first()
        last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if tail is None:
        return True
    return tail == (last or (0, GENESIS))


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain and check its tail row; prints one JSON line "
        '{"events", "intact", "first_broken_id", "last_hash", "tail_matches"}; exit 0 intact, 1 broken.'
    )

    def handle(self, *args, **options):
        rows = AuditEvent.objects.order_by("id").values_list(*ROW_FIELDS).iterator(chunk_size=5000)
        report = verify_chain(rows)
        matches = tail_matches()
        self.stdout.write(json.dumps({**report.as_dict(), "tail_matches": matches}))
        if not (report.intact and matches):
            raise SystemExit(1)
