"""A large load's foreign keys checked by one join per key instead of one queued check per written row.

Every row written to a table with foreign keys queues a check of each key (PostgreSQL's internal triggers, run at
the commit or by ``SET CONSTRAINTS ALL IMMEDIATE``), even of a key left empty: a first national load of 1,000,000
members and 195,000 households queued ~2.4 million of them (the members' two user keys, always empty on import,
and the households' office and governorate), 3.9 s after the last chunk (docs/benchmarks.md, roll import).

While the early writes run (``firstload.py``), the session's ``session_replication_role`` is ``replica``, which
PostgreSQL gives exactly this meaning (it is what ``pg_restore --disable-triggers`` uses): the internal key
triggers do not fire, so no check is queued. When the chunks are written, the role goes back to ``origin`` and
every foreign key of the written tables is checked at once by an anti-join over the whole table (a large load
brings at least four times the rows already stored, so the scan is bounded by the load's own size): a value
with no referenced row raises ``IntegrityError`` as the queued check would have, and the import's transaction
rolls back. The tables have no trigger but those internal ones (checked by the tests); a trigger added later
would be skipped by the early writes too, so the context refuses to start when there is one.

Setting the role needs a superuser or, since PostgreSQL 15, ``GRANT SET ON PARAMETER session_replication_role
TO <role>`` (docs/deploy.md); without it the import queues the checks as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import DatabaseError, IntegrityError, transaction


def _own_triggers(cursor, tables: tuple[str, ...]) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal",
        [list(tables)],
    )
    return cursor.fetchone()[0]


def _replica(cursor) -> bool:
    """Whether this transaction's role could be set to replica (False when the database role may not)."""
    try:
        with transaction.atomic():  # a savepoint: a refusal leaves the import's transaction usable
            cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
    except DatabaseError:
        return False
    return True


def foreign_keys(cursor, table: str) -> list[tuple[str, str, str, str]]:
    """(constraint, column, referenced table, referenced column) of the table's single-column foreign keys."""
    cursor.execute(
        "SELECT k.conname, a.attname, k.confrelid::regclass::text, r.attname FROM pg_constraint k"
        " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
        " JOIN pg_attribute r ON r.attrelid = k.confrelid AND r.attnum = k.confkey[1]"
        " WHERE k.conrelid = %s::regclass AND k.contype = 'f' AND cardinality(k.conkey) = 1 ORDER BY k.conname",
        [table],
    )
    return cursor.fetchall()


def check_foreign_keys(cursor, table: str) -> None:
    """Raise IntegrityError if a row of ``table`` holds a key value with no referenced row."""
    for name, column, referenced, target in foreign_keys(cursor, table):
        cursor.execute(
            f'SELECT t."{column}" FROM "{table}" t WHERE t."{column}" IS NOT NULL AND NOT EXISTS'
            f' (SELECT 1 FROM {referenced} r WHERE r."{target}" = t."{column}") LIMIT 1'
        )
        missing = cursor.fetchone()
        if missing is not None:
            raise IntegrityError(
                f'insert or update on table "{table}" violates foreign key constraint "{name}":'
                f" {column}={missing[0]} is not present in {referenced}"
            )


@contextmanager
def checked_by_join(cursor, tables: tuple[str, ...], phase=nullcontext) -> Iterator[bool]:
    """Around writes to ``tables``: no key check queued per row (yields whether), every key checked after;
    ``phase()``: a context timing the checks (``--timings``)."""
    quiet = bool(tables) and _own_triggers(cursor, tables) == 0 and _replica(cursor)
    # On an error the transaction (or its savepoint) rolls back, and the role with it (set_config(..., true)).
    yield quiet
    if quiet:
        cursor.execute("SELECT set_config('session_replication_role', 'origin', true)")
        with phase():
            for table in tables:
                check_foreign_keys(cursor, table)
