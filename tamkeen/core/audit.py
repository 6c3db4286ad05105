"""Writing the audit trail. Callers are services already inside their transaction."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import models, transaction

from tamkeen.core.models import AuditEvent


def _plain(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def changed_fields(instance: models.Model, new_values: dict) -> dict:
    """The fields whose value differs, as {field: [old, new]} in JSON-safe form."""
    changes = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    member_id: int | None = None,
    changes: dict | None = None,
    reason: str = "",
    kind: str = AuditEvent.Kind.WRITE,
) -> AuditEvent:
    """An audit line built but not appended: audit_record appends it alone, audit_reads(before=…) with a page's
    reads in the same statement."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    return AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        member_id=member_id,
        changes={k: [_plain(v) for v in pair] for k, pair in (changes or {}).items()},
        reason=reason,
    )


def audit_record(*, kind: str = AuditEvent.Kind.WRITE, **fields) -> AuditEvent:
    """An audit line appended now (the fields are audit_event's)."""
    # An audit line outside a transaction could survive a change that was rolled back.
    if not transaction.get_connection().in_atomic_block and kind == AuditEvent.Kind.WRITE:
        raise RuntimeError("Audit records of writes must be made inside the change's transaction.")
    event = audit_event(kind=kind, **fields)
    event.save(force_insert=True)
    return event


def audit_read(*, actor, obj: models.Model, member_id: int | None, action: str = "") -> AuditEvent:
    """A read of a person's record: who opened what, and whose data it was."""
    return audit_record(
        actor=actor,
        action=action or f"{obj._meta.model_name}.read",
        obj=obj,
        member_id=member_id,
        kind=AuditEvent.Kind.READ,
    )


def audit_bulk(events: Iterable[AuditEvent]) -> None:
    AuditEvent.objects.bulk_create(list(events), batch_size=2000)


def audit_reads(
    *,
    actor,
    action: str,
    member_ids: Iterable[int],
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: Iterable[AuditEvent] = (),
) -> None:
    """A page that shows several people (a household, a search result): one read per person shown.

    One line per person keeps "who read this member's file" a single indexed query on member_id; the lines are
    written in one insert, after the lines ``before`` (built by audit_event: what the page was asked, say).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor = actor if getattr(actor, "is_authenticated", False) else None
    events = [*before]
    events += [
        AuditEvent(
            actor=actor,
            kind=AuditEvent.Kind.READ,
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            member_id=member_id,
        )
        for member_id in dict.fromkeys(member_ids)
    ]
    if events:
        # No transaction of its own: the append is one statement on PostgreSQL (the tail's lock held for that
        # statement alone), and takes its own transaction where it needs several (tamkeen.core.models).
        audit_bulk(events)
