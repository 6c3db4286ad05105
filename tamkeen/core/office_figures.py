"""An office's figures counted over all its members (the supervisor's team page), kept in the cache.

Counting ~330,000 members per page load is too slow, so the figures are cached under the office's version and
the global version. Every service that changes what they count (a member's case worker or office, members
added or removed, plans submitted or decided, actions added, done or flagged overdue) calls ``bump`` (or
``bump_all`` for writes across offices) inside its transaction; the new version is written once the
transaction commits, so a page never sees a figure older than the last committed write. Figures over the members
alone (how many each case worker has) have a version of their own, which only writes to who the members are
bump (``bump_members``: registered, merged, moved, assigned): counting them is the expensive part (~1 s for an
office of 330,000 members), and plan edits, far more frequent, need not repeat it. Versions are random
tokens, not counters: an evicted version key cannot bring an old entry back. The TTL is a safety net for a write
path that forgets to bump.

The figures are kept by ``kept``: one request counts at a time, the others keep what they had or wait for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import transaction

from .kept import kept

TTL_SECONDS = 300
# Counting an office's members is ~1.5 s at 1,000,000 households, and the five writes that change them bump
# (bump_members, bump_all): an hour's safety net, not the five minutes that recounted each office that often.
MEMBERS_TTL_SECONDS = 3600
_ALL = "office-figures:version:all"


def _version_key(office_id: int, members: bool = False) -> str:
    return f"office-figures:version:{office_id}{':members' if members else ''}"


def tokens(keys: list[str]) -> list[str]:
    """The version tokens under ``keys``, one round trip to the cache; a missing one is created (the first
    process to add it wins, so every process reads the same)."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, uuid.uuid4().hex, None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _new_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def bump(*office_ids: int | None, members: bool = False) -> None:
    """The offices' figures are out of date once the current transaction commits; with ``members``, those
    counted over the members alone too."""
    offices = {pk for pk in office_ids if pk is not None}
    keys = [_version_key(pk) for pk in offices] + [_version_key(pk, True) for pk in offices if members]
    transaction.on_commit(lambda: [_new_version(key) for key in keys])


def bump_members(*office_ids: int | None) -> None:
    """Members registered, removed, moved or given another case worker: every figure of the offices."""
    bump(*office_ids, members=True)


def bump_all() -> None:
    """Every office's figures are out of date once the current transaction commits (imports, nightly jobs)."""
    transaction.on_commit(lambda: _new_version(_ALL))


def cached(name: str, office_id: int, day: date, compute: Callable[[], object], *, members: bool = False):
    """``compute()`` for the office, from the cache while no write has bumped its version since (and the same
    day: overdue counts depend on the date). ``members``: a figure over the members alone, which only
    ``bump_members`` (and ``bump_all``) change."""
    versions = ":".join(tokens([_ALL, _version_key(office_id, members)]))
    key = f"office-figures:{name}:{office_id}:{day.isoformat()}:{versions}"
    return kept(key, MEMBERS_TTL_SECONDS if members else TTL_SECONDS, compute)
