"""A large load on PostgreSQL: the member table's secondary indexes are rebuilt once instead of updated per row.

Inserting a member updates every index of the table row by row; the trigram (GIN) index of name search alone was
~40 % of that. When an import brings REBUILD_FACTOR times the rows already stored or more (a first national load
into an empty or small registry), building those indexes once from the finished table is cheaper than growing
them row by row, so the import drops them just before its member ``INSERT`` and recreates them, from the
definitions PostgreSQL reports, right after it: in the import's own transaction, so a crash, a dry run or a failed
strict check leaves every index as it was. With ``max_parallel_maintenance_workers`` the B-tree builds also use
more cores (the gain measured on a 2-core machine was small: ~6 % of the backend's CPU at 200,000 members). Indexes added later by other migrations are found the same way (the catalogue, not a
list), so they are rebuilt too.

The unique indexes but the primary key (the national ID, one head per household, the beneficiary login) are
dropped too and built again after the insert, which checks every row at once (since 30 Nov 2026, 20:15: growing
them in the file's order, random for the national ID, was ~40 % of the insert; a unique index a foreign key
references would stay). The member table's
foreign key to the households is dropped with them and added back after the insert (one join checks every row,
instead of a check queued per inserted row; since 30 Nov 2026). The price is the lock: ``DROP INDEX`` takes the
member table exclusively, and dropping the foreign key the household table too, until the import commits, so
pages reading members or households wait for a large load; if the locks are not granted within LOCK_WAIT (pages
are reading), the import keeps the indexes and the key and inserts row by row as usual.

Since 30 Nov 2026 (23:00) the set-based import decides on a large load from the file's estimated row count before
reading it, and drops the indexes then: its new members are written chunk by chunk during the validation
(``firstload.py``), and the rebuild follows the last chunk. Since 1 Dec 2026 the household table's indexes (but
its primary key) are dropped and rebuilt the same way, under the lock the household key's drop already took: the
early writes grew its five indexes row by row, ~13 µs of backend CPU a household at 1,000,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import OperationalError, transaction

# Measured at 200,000 members into an empty table (30 Nov 2026, shared machine): building the five secondary
# indexes it had then cost ~12 µs of backend CPU per row of the finished table, growing them row by row ~15 µs
# per new row; so a rebuild pays only when new rows outnumber stored ones about four to one (12 / (15 - 12)).
REBUILD_FACTOR = 4.0
LOCK_WAIT = "5s"
BUILD_MEMORY_KB = (
    512 * 1024
)  # maintenance_work_mem for the rebuild at least (sorts in memory; GIN batches in it)


def worth_rebuilding(new_rows: int, stored_rows: int) -> bool:
    """Whether ``new_rows`` inserted into a table of ``stored_rows`` is a large load (pure)."""
    return new_rows > 0 and new_rows >= REBUILD_FACTOR * stored_rows


def stored_rows_up_to(cursor, table: str, limit: int) -> int:
    """The table's rows, counted up to ``limit`` only: the cost stays that of the import's own size."""
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT %s) AS stored", [limit])
    return cursor.fetchone()[0]


def secondary_indexes(cursor, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's valid non-unique indexes that back no constraint."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [table],
    )
    return cursor.fetchall()


def unique_keys(cursor, table: str) -> list[tuple[str, bool, str]]:
    """(name, is a constraint, definition) of the table's valid unique indexes but the primary key, and not those a
    foreign key references: a constraint's definition for ALTER TABLE … ADD CONSTRAINT, an index's CREATE."""
    cursor.execute(
        "SELECT c.relname, k.oid IS NOT NULL, coalesce(pg_get_constraintdef(k.oid), pg_get_indexdef(i.indexrelid))"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype = 'u'"
        " WHERE i.indrelid = %s::regclass AND i.indisunique AND NOT i.indisprimary AND i.indisvalid"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)"
        " ORDER BY c.relname",
        [table],
    )
    return cursor.fetchall()


def foreign_keys_to(cursor, table: str, referenced: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, definition) of the table's foreign keys to the ``referenced`` tables."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
        " AND contype = 'f' AND confrelid = ANY(%s::regclass[]) ORDER BY conname",
        [table, list(referenced)],
    )
    return cursor.fetchall()


def _drop(
    cursor, table: str, indexes: list[tuple[str, str]], keys: list[tuple[str, str]], uniques=()
) -> bool:
    """Drop the indexes and foreign keys if the locks come within LOCK_WAIT; False (nothing dropped) otherwise."""
    cursor.execute("SELECT current_setting('lock_timeout')")
    (previous,) = cursor.fetchone()
    try:
        with transaction.atomic():  # a savepoint: a refused lock leaves the import's transaction usable
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            if keys:
                # Dropping a foreign key alters the referenced table, which refuses while checks of rows this
                # transaction wrote there (the new households' own keys) are queued: they run now instead.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name, _definition in keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, constraint, _definition in uniques:
                cursor.execute(
                    f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"'
                    if constraint
                    else f'DROP INDEX "{name}"'
                )
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    except OperationalError:
        return False
    return True


@contextmanager
def indexes_rebuilt(
    cursor, table: str, large: bool, clock=None, references: tuple[str, ...] = ()
) -> Iterator[bool]:
    """Around a large insert: the secondary indexes dropped before and rebuilt after (yields whether they were),
    and the foreign keys to ``references`` with them: each inserted row would otherwise queue a check of its key
    (one index probe each, ~8 µs a row, run all at once by SET CONSTRAINTS below); adding the constraint back
    checks every row by one join instead. Only for keys the insert takes from the referenced table itself."""
    indexes = secondary_indexes(cursor, table) if large else []
    keys = foreign_keys_to(cursor, table, references) if indexes else []
    uniques = unique_keys(cursor, table) if indexes else []
    dropped = bool(indexes) and _drop(cursor, table, indexes, keys, uniques)
    yield dropped
    if not dropped:
        return

    def phase(name):
        return clock.phase(name) if clock else nullcontext()

    # Building an index refuses a table with foreign-key checks still queued (Django's are deferred to the
    # commit): they are run now instead, the same checks, then deferred again as Django declares them.
    with phase("deferred_checks"):
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with phase("foreign_key_checks"):
        for name, definition in keys:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(
        "SELECT set_config('maintenance_work_mem', greatest(setting::bigint, %s) || 'kB', true)"
        " FROM pg_settings WHERE name = 'maintenance_work_mem'",
        [BUILD_MEMORY_KB],
    )
    with phase(
        "unique_rebuild"
    ):  # building a unique index checks every row at once, as inserting did one by one
        for name, constraint, definition in uniques:
            cursor.execute(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}' if constraint else definition
            )
    with phase("index_rebuild"):
        for _name, definition in indexes:
            cursor.execute(definition)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
