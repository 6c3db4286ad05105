"""The hash chain as plain data: each event seals the one before it, so an edit anywhere is found."""

from datetime import UTC, datetime, timedelta, timezone

from tamkeen.core.chain import GENESIS, canonical, event_digest, verify_chain

BASE = datetime(2026, 10, 5, 9, 30, tzinfo=UTC)


def _fields(n: int) -> dict:
    return {
        "at": BASE + timedelta(minutes=n),
        "actor_id": 7,
        "kind": "read",
        "action": "member.read",
        "object_type": "registry.member",
        "object_id": str(100 + n),
        "member_id": 100 + n,
        "changes": {"phone": ["+966501234567", "+966551234567"], "اسم": "نورة"},
        "reason": "",
    }


def _chain(count: int) -> list[list]:
    rows, prev = [], GENESIS
    for n in range(count):
        fields = _fields(n)
        own = event_digest(prev, **fields)
        rows.append([n + 1, *fields.values(), prev, own])
        prev = own
    return rows


def test_the_same_instant_in_another_zone_and_key_order_serialise_alike():
    riyadh = timezone(timedelta(hours=3))
    a = _fields(0)
    b = dict(reversed(list(a.items())))
    b["at"] = a["at"].astimezone(riyadh)
    b["changes"] = dict(reversed(list(a["changes"].items())))
    assert canonical(**a) == canonical(**b)
    assert event_digest("x", **a) != event_digest("y", **a)


def test_numbers_given_as_text_or_int_keys_serialise_as_the_database_returns_them():
    a = _fields(0) | {"object_id": 105, "member_id": "105", "changes": {1: "a"}}
    b = _fields(0) | {"object_id": "105", "member_id": 105, "changes": {"1": "a"}}
    assert canonical(**a) == canonical(**b)


def test_an_untouched_chain_is_intact():
    report = verify_chain(_chain(5))
    assert report.as_dict() == {
        "events": 5,
        "intact": True,
        "first_broken_id": None,
        "last_hash": _chain(5)[-1][-1],
    }


def test_an_edited_event_is_the_first_broken_link():
    rows = _chain(5)
    rows[2][4] = "member.update"  # the action of event 3
    report = verify_chain(rows)
    assert (report.events, report.intact, report.first_broken_id) == (5, False, 3)


def test_an_edit_whose_hash_was_recomputed_breaks_the_next_link():
    rows = _chain(5)
    rows[2][9] = "covered up"
    rows[2][11] = event_digest(rows[2][10], **_fields(2) | {"reason": "covered up"})
    assert verify_chain(rows).first_broken_id == 4


def test_a_removed_event_breaks_the_link_of_the_one_after_it():
    rows = _chain(5)
    del rows[1]
    assert verify_chain(rows).first_broken_id == 3


def test_an_event_never_linked_is_broken():
    rows = _chain(3)
    rows.append([4, *_fields(3).values(), "", ""])
    assert verify_chain(rows).first_broken_id == 4
