"""Each audit event carries the hash of the one before; `tamkeen audit-verify` finds the first broken link."""

import itertools
import json
import types

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from tamkeen.core.audit import audit_bulk, audit_read, audit_reads, audit_record
from tamkeen.core.chain import GENESIS
from tamkeen.core.models import AuditEvent, ChainTail

pytestmark = pytest.mark.django_db


def _verify(capsys) -> tuple[int, dict]:
    code = 0
    try:
        call_command("audit_verify")
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _tamper(sql: str, params: list) -> None:
    """What someone with the database file could do: step around the triggers and edit the trail."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses while checks are pending
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_no_update")
        cursor.execute(sql, params)


def _some_events(world) -> list[AuditEvent]:
    with transaction.atomic():
        events = [
            audit_record(actor=world.worker_sby, action="registry.member.update", obj=world.head_sby,
                         member_id=world.head_sby.pk, changes={"phone": ["+966501234567", "+966551234567"]}),
            audit_record(actor=world.supervisor_sby, action="cases.plan.approve", obj=world.household_sby),
        ]  # fmt: skip
    events.append(audit_read(actor=world.worker_frs, obj=world.wife_sby, member_id=world.wife_sby.pk))
    with transaction.atomic():
        audit_bulk(
            AuditEvent(actor=world.worker_sby, action="registry.member.flag_review", object_type="registry.member",
                       object_id=str(m.pk), member_id=m.pk, changes={"needs_review": [False, True]})
            for m in (world.head_sby, world.wife_sby)
        )  # fmt: skip
    return list(AuditEvent.objects.order_by("id"))


def test_every_way_of_writing_links_each_event_to_the_one_before(world):
    events = _some_events(world)
    assert len(events) >= 5
    assert events[0].prev_hash == GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
        assert len(after.hash) == 64


def test_audit_verify_says_intact_and_exits_zero(world, capsys):
    events = _some_events(world)
    code, report = _verify(capsys)
    assert code == 0
    assert report == {
        "events": len(events),
        "intact": True,
        "first_broken_id": None,
        "last_hash": events[-1].hash,
        "tail_matches": True,
    }


def test_audit_verify_names_an_edited_event(world, capsys):
    events = _some_events(world)
    edited = events[2]
    _tamper("UPDATE core_auditevent SET actor_id = %s WHERE id = %s", [world.supervisor_sby.pk, edited.pk])
    code, report = _verify(capsys)
    assert code == 1
    assert report["intact"] is False
    assert report["first_broken_id"] == edited.pk
    assert report["events"] == len(events)


def test_audit_verify_names_the_event_after_a_removed_one(world, capsys):
    events = _some_events(world)
    _tamper("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    code, report = _verify(capsys)
    assert (code, report["first_broken_id"], report["events"]) == (1, events[2].pk, len(events) - 1)


def test_the_migration_links_events_written_before_the_chain_existed(world, capsys):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("tamkeen.core.migrations.0003_audit_hash_chain")
    events = _some_events(world)
    _tamper("UPDATE core_auditevent SET prev_hash = '', hash = ''", [])
    assert _verify(capsys)[0] == 1
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_no_update")
        editor = types.SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.chain_existing_events(apps, editor)
    code, report = _verify(capsys)
    assert (code, report["intact"], report["events"]) == (0, True, len(events))
    assert [e.hash for e in AuditEvent.objects.order_by("id")] == [e.hash for e in events]


def _tail() -> tuple[int, str]:
    return ChainTail.objects.values_list("last_id", "last_hash").get()


def _last_line() -> tuple[int, str]:
    return AuditEvent.objects.order_by("-id").values_list("id", "hash").first()


def test_the_tail_row_names_the_last_line_after_every_way_of_writing(world):
    events = _some_events(world)
    assert _tail() == _last_line() == (events[-1].pk, events[-1].hash)
    audit_reads(
        actor=world.worker_sby, action="household.read", member_ids=[world.head_sby.pk, world.wife_sby.pk]
    )
    assert _tail() == _last_line() and _tail()[0] == events[-1].pk + 2


def test_a_rolled_back_append_rolls_back_the_tail_and_the_next_append_links_to_the_kept_line(world, capsys):
    events = _some_events(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=world.worker_sby, action="registry.member.update", obj=world.head_sby)
        audit_read(actor=world.worker_sby, obj=world.wife_sby, member_id=world.wife_sby.pk)
        assert _tail() == _last_line() != (events[-1].pk, events[-1].hash)
        raise RuntimeError("the change fails after its audit lines were written")
    assert _tail() == _last_line() == (events[-1].pk, events[-1].hash)
    kept = audit_read(actor=world.worker_frs, obj=world.head_sby, member_id=world.head_sby.pk)
    assert kept.prev_hash == events[-1].hash
    assert _verify(capsys)[1]["tail_matches"] is True


def test_audit_verify_fails_when_the_tail_row_does_not_name_the_last_line(world, capsys):
    events = _some_events(world)
    ChainTail.objects.update(last_id=events[-2].pk, last_hash=events[-2].hash)
    code, report = _verify(capsys)
    assert (code, report["intact"], report["tail_matches"]) == (1, True, False)


def test_the_migration_starts_the_tail_at_the_last_line_of_a_trail_written_before_it(world, capsys):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("tamkeen.core.migrations.0006_chain_tail")
    events = _some_events(world)
    ChainTail.objects.all().delete()
    migration.start_tail(apps, None)
    assert _tail() == (events[-1].pk, events[-1].hash)
    after = audit_read(actor=world.worker_frs, obj=world.head_sby, member_id=world.head_sby.pk)
    assert after.prev_hash == events[-1].hash
    code, report = _verify(capsys)
    assert (code, report["events"], report["tail_matches"]) == (0, len(events) + 1, True)
