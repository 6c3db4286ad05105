"""The audit trail's hash chain as plain functions over plain data.

Each event stores the hash of the event before it and its own hash, a SHA-256 over a canonical serialisation
of its fields plus that previous hash. Editing, removing or reordering any event breaks the link at that point,
and recomputing the chain names the first broken one.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = ""

# The order of a row as handed to verify_chain (and as selected by the verify command).
ROW_FIELDS = (
    "id",
    "at",
    "actor_id",
    "kind",
    "action",
    "object_type",
    "object_id",
    "member_id",
    "changes",
    "reason",
    "prev_hash",
    "hash",
)


def _instant(at: datetime) -> str:
    # One spelling whatever the database hands back: UTC, always with microseconds.
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(
    *,
    at: datetime,
    actor_id,
    kind,
    action,
    object_type,
    object_id,
    member_id,
    changes,
    reason,
) -> str:
    fields = {
        "at": _instant(at),
        "actor": None if actor_id is None else int(actor_id),
        "kind": str(kind),
        "action": str(action),
        "object_type": str(object_type),
        "object_id": str(object_id or ""),
        "member": None if member_id is None else int(member_id),
        "changes": changes or {},
        "reason": str(reason or ""),
    }
    try:
        return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except TypeError:
        # Non-string keys (sortable only once JSON has turned them into strings, as the database will).
        fields["changes"] = json.loads(json.dumps(fields["changes"]))
        return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_digest(prev_hash: str, **fields) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(**fields)}".encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    events: int
    intact: bool
    first_broken_id: int | None
    last_hash: str

    def as_dict(self) -> dict:
        return {
            "events": self.events,
            "intact": self.intact,
            "first_broken_id": self.first_broken_id,
            "last_hash": self.last_hash,
        }


def verify_chain(rows: Iterable[tuple]) -> ChainReport:
    """Walk the events in id order (tuples in ROW_FIELDS order) and find the first that does not link.

    An event is broken when it does not point at the hash of the event before it (one was removed, inserted
    or rewritten with its hash) or when its own fields no longer give its hash (it was edited).
    """
    events = 0
    expected_prev = GENESIS
    first_broken = None
    for row in rows:
        events += 1
        if first_broken is not None:
            continue
        (
            event_id,
            at,
            actor_id,
            kind,
            action,
            object_type,
            object_id,
            member_id,
            changes,
            reason,
            prev,
            own,
        ) = row
        digest = event_digest(
            prev,
            at=at,
            actor_id=actor_id,
            kind=kind,
            action=action,
            object_type=object_type,
            object_id=object_id,
            member_id=member_id,
            changes=changes,
            reason=reason,
        )
        if prev != expected_prev or digest != own:
            first_broken = event_id
            continue
        expected_prev = own
    return ChainReport(
        events=events,
        intact=first_broken is None,
        first_broken_id=first_broken,
        last_hash=expected_prev if first_broken is None else "",
    )
