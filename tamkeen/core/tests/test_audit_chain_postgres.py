"""Two transactions append to the trail at the same moment, on PostgreSQL: the chain does not fork."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from tamkeen.core.audit import audit_read, audit_reads, audit_record
from tamkeen.core.chain import ROW_FIELDS, verify_chain
from tamkeen.core.models import AuditEvent, ChainTail

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_concurrent_appenders_keep_one_chain(world):
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def append(actor, reads: bool):
        try:
            barrier.wait(timeout=10)
            for n in range(15):
                if reads:
                    audit_read(actor=actor, obj=world.head_sby, member_id=world.head_sby.pk)
                else:
                    with transaction.atomic():
                        audit_record(
                            actor=actor, action="x.write", obj=world.head_sby, changes={"n": [n, n + 1]}
                        )
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=append, args=(world.worker_sby, False)),
        threading.Thread(target=append, args=(world.supervisor_sby, False)),
        threading.Thread(target=append, args=(world.worker_frs, True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(prev_hashes) == len(set(prev_hashes)), "two events chained onto the same predecessor"
    report = verify_chain(AuditEvent.objects.order_by("id").values_list(*ROW_FIELDS))
    assert report.intact, report
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    assert ChainTail.objects.values_list("last_id", "last_hash").get() == last


def test_a_read_appends_in_one_statement_without_holding_the_lock_across_round_trips(world):
    audit_read(actor=world.worker_sby, obj=world.head_sby, member_id=world.head_sby.pk)  # the tail row exists
    with CaptureQueriesContext(connection) as queries:
        audit_read(actor=world.worker_sby, obj=world.head_sby, member_id=world.head_sby.pk)
        audit_reads(
            actor=world.worker_sby,
            action="household.read",
            member_ids=[world.head_sby.pk, world.head_sby.pk + 1],
            obj=world.head_sby,
        )
    statements = [query["sql"] for query in queries.captured_queries]
    # Per append: the tail read without a lock, then one statement that moves the tail and inserts the lines.
    assert not any("FOR UPDATE" in sql for sql in statements), statements
    assert len([sql for sql in statements if sql.startswith("WITH ids")]) == 2, statements
    report = verify_chain(AuditEvent.objects.order_by("id").values_list(*ROW_FIELDS))
    assert report.intact, report
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    assert ChainTail.objects.values_list("last_id", "last_hash").get() == last
    assert AuditEvent.objects.filter(action="household.read").count() == 2
