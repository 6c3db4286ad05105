"""The audit trail partitioned by month (PostgreSQL): the auditor's trail reads the same, each line lands in
its month, the chain still verifies, months are created ahead, and the change can be undone."""

import datetime as dt
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tamkeen.audit import partitions
from tamkeen.audit.selectors import TrailFilter, trail_events
from tamkeen.core.audit import audit_bulk
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitioning is PostgreSQL's")


def _read(world, days_ago: int, at=None):
    with transaction.atomic():
        audit_bulk(
            [
                AuditEvent(
                    at=at or timezone.now() - timedelta(days=days_ago), actor=world.auditor,
                    kind=AuditEvent.Kind.READ, action="member.read", object_type="registry.member",
                    object_id=str(world.wife_sby.pk), member_id=world.wife_sby.pk,
                )
            ]
        )  # fmt: skip


def _partition_of(event_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_auditevent WHERE id = %s", [event_id])
        return cursor.fetchone()[0]


def _verify() -> dict:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return json.loads(out.getvalue())


def test_months_and_their_names():
    assert partitions.months(dt.date(2026, 11, 17), dt.date(2027, 2, 1)) == [
        dt.date(2026, 11, 1), dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 2, 1),
    ]  # fmt: skip
    assert partitions.partition_name(dt.date(2027, 2, 1)) == "core_auditevent_p202702"


def test_sqlite_keeps_the_plain_table_and_the_command_says_so():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's behaviour")
    out = StringIO()
    call_command("audit_partitions", stdout=out)
    assert json.loads(out.getvalue()) == {
        "partitioned": False,
        "created": [],
        "left_in_default": [],
        "partitions": 0,
    }


@on_postgresql
def test_each_read_lands_in_its_month_and_the_trail_and_chain_read_as_before(world):
    assert partitions.is_partitioned()
    _read(world, days_ago=0)
    now_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert _partition_of(now_id) == partitions.partition_name(
        timezone.now().astimezone(dt.UTC).date().replace(day=1)
    )
    far = timezone.now() + timedelta(days=400)  # beyond the months created ahead: the default partition
    _read(world, days_ago=0, at=far)
    far_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    assert _partition_of(far_id) == partitions.DEFAULT_PARTITION
    events = trail_events(TrailFilter(member=world.wife_sby.pk, kind=AuditEvent.Kind.READ))
    assert {now_id, far_id} <= {event.id for event in events}
    assert AuditEvent.objects.get(pk=now_id).member_id == world.wife_sby.pk
    assert _verify()["intact"]
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = 'x' WHERE id = %s", [now_id])


@on_postgresql
def test_months_are_created_ahead_once_and_a_month_already_in_the_default_partition_is_reported(world):
    today = timezone.now().astimezone(dt.UTC).date()
    in_a_year = partitions.month_start(today + timedelta(days=370))
    _read(world, days_ago=0, at=timezone.now() + timedelta(days=370))
    first = partitions.ensure_partitions(months_ahead=14)
    assert partitions.partition_name(in_a_year) in first["left_in_default"]
    assert partitions.partition_name(partitions.next_month(partitions.month_start(today))) in (
        first["created"] + partitions.partitions()
    )
    again = partitions.ensure_partitions(months_ahead=14)
    assert again["created"] == [] and again["left_in_default"] == first["left_in_default"]
    assert (
        len(partitions.partitions()) == 15
    )  # this month and 14 ahead but the one in the default, and the default


@on_postgresql
def test_undoing_the_partitioning_keeps_every_line_the_chain_and_the_next_id(world):
    for days in (0, 35, 70):
        _read(world, days_ago=days)
    before = list(AuditEvent.objects.order_by("id").values_list("id", "hash"))
    with connection.schema_editor() as editor:
        partitions.unpartition_table(editor)
    assert not partitions.is_partitioned()
    assert list(AuditEvent.objects.order_by("id").values_list("id", "hash")) == before
    with connection.schema_editor() as editor:
        partitions.partition_table(editor)
    assert partitions.is_partitioned()
    assert list(AuditEvent.objects.order_by("id").values_list("id", "hash")) == before
    _read(world, days_ago=0)
    assert AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() == before[-1][0] + 1
    assert _verify()["intact"]


def test_the_daily_job_creates_the_coming_months_or_does_nothing_on_sqlite():
    from tamkeen.audit.tasks import create_audit_partitions

    result = create_audit_partitions.call()
    assert set(result) == {"created", "left_in_default"}
    expected = partitions.MONTHS_AHEAD + 2 if connection.vendor == "postgresql" else 0  # months + default
    assert len(partitions.partitions()) >= expected
