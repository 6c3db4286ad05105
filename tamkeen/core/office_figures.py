"""An office's figures counted over all its members (the supervisor's team page), kept in the cache.

Counting ~330,000 members per page load is too slow, so the figures are cached under the office's version and
the global version. Every service that changes what they count (a member's case worker or office, members
added or removed, plans submitted or decided, actions added, done or flagged overdue) calls ``bump`` (or
``bump_all`` for writes across offices) inside its transaction; the new version is written once the
transaction commits, so a page never sees a figure older than the last committed write. Versions are random
tokens, not counters: an evicted version key cannot bring an old entry back. The short TTL is a safety net
for a write path that forgets to bump.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 300
_ALL = "office-figures:version:all"


def _version_key(office_id: int) -> str:
    return f"office-figures:version:{office_id}"


def _version(key: str) -> str:
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    return token


def _new_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def bump(*office_ids: int | None) -> None:
    """The offices' figures are out of date once the current transaction commits."""
    keys = [_version_key(pk) for pk in set(office_ids) if pk is not None]
    transaction.on_commit(lambda: [_new_version(key) for key in keys])


def bump_all() -> None:
    """Every office's figures are out of date once the current transaction commits (imports, nightly jobs)."""
    transaction.on_commit(lambda: _new_version(_ALL))


def cached(name: str, office_id: int, day: date, compute: Callable[[], object]):
    """``compute()`` for the office, from the cache while no write has bumped its version since (and the same
    day: overdue counts depend on the date)."""
    key = f"office-figures:{name}:{office_id}:{day.isoformat()}:{_version(_ALL)}:{_version(_version_key(office_id))}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value
