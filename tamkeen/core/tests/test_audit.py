"""The audit trail is append-only: the code offers no way to change or remove a line, and the database refuses."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tamkeen.core.audit import audit_read, audit_record
from tamkeen.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_change_is_recorded_with_who_what_and_the_changed_fields(world):
    with transaction.atomic():
        event = audit_record(
            actor=world.worker_sby,
            action="member.updated",
            obj=world.head_sby,
            member_id=world.head_sby.pk,
            changes={"phone": ["+966501234567", "+966551234567"]},
            reason="typo",
        )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == world.worker_sby
    assert stored.object_type == "registry.member"
    assert stored.object_id == str(world.head_sby.pk)
    assert stored.changes == {"phone": ["+966501234567", "+966551234567"]}
    assert stored.kind == AuditEvent.Kind.WRITE


def test_a_read_of_a_person_is_recorded_against_that_person(world):
    audit_read(actor=world.partner_trainer, obj=world.head_sby, member_id=world.head_sby.pk)
    assert AuditEvent.objects.filter(
        member_id=world.head_sby.pk, kind="read", actor=world.partner_trainer
    ).exists()


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_is_refused(world):
    with pytest.raises(RuntimeError):
        audit_record(actor=world.worker_sby, action="member.updated", obj=world.head_sby)


def test_no_code_path_changes_or_deletes_a_line(world):
    with transaction.atomic():
        event = audit_record(actor=world.worker_sby, action="x.y", obj=world.head_sby)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_an_update_behind_the_codes_back(world):
    with transaction.atomic():
        event = audit_record(actor=world.worker_sby, action="x.y", obj=world.head_sby)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET action = %s WHERE id = %s", ["tampered", event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x.y"


def test_the_database_refuses_a_delete_behind_the_codes_back(world):
    with transaction.atomic():
        event = audit_record(actor=world.worker_sby, action="x.y", obj=world.head_sby)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_trail_and_leaves_it_protected(world):
    from django.core.management import call_command

    with transaction.atomic():
        audit_record(actor=world.worker_sby, action="x.y", obj=world.head_sby)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    with transaction.atomic():
        audit_record(actor=None, action="x.y", object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.count() == 1
