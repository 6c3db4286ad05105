"""The audit trail partitioned by month on PostgreSQL (declarative RANGE partitioning on `at`).

The trail grows fastest of all tables (every read of a person's record is a line). Partitioned by month, a
query bounded in time ("one member's reads over a year") only touches the months it names (partition pruning)
and each month's indexes stay small; old months can later be moved or archived whole.

What it means for the model: PostgreSQL requires every unique key of a partitioned table to include the
partition key, so the table's primary key is (id, at). The Django model keeps `id` as its primary key: ids are
only ever drawn from the identity sequence (by the insert, or by the one-statement append's nextval in
tamkeen.core.models) and the trail is append-only, so `id` stays unique and every lookup by id, the chain's
order (`ORDER BY id`) and `tamkeen audit-verify` are unchanged. No
other table references the trail by a foreign key (one could not: it would need the whole (id, at) key).

Partitions are named core_auditevent_pYYYYMM (UTC months); a DEFAULT partition catches any line whose month has no
partition yet, so an insert never fails. `ensure_partitions` (the daily job, `tamkeen audit-partitions`)
creates the coming months ahead; a month that already has lines in the default partition is left there (and
reported), since PostgreSQL cannot carve a new partition out of rows the default holds.

SQLite (development, tests) keeps the plain table: every function here is a no-op there.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection as default_connection
from django.utils import timezone

TABLE = "core_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
TRIGGER = (
    f"CREATE TRIGGER core_auditevent_no_update BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION core_auditevent_append_only()"
)
MONTHS_AHEAD = 3


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from first's month to last's month, both included."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = next_month(month)
    return out


def partition_name(month: dt.date, table: str = TABLE) -> str:
    return f"{table}_p{month:%Y%m}"


def is_partitioned(connection=None, table: str = TABLE) -> bool:
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
        return cursor.fetchone() is not None


def partitions(connection=None, table: str = TABLE) -> list[str]:
    """Names of the table's partitions, oldest first (the default partition last)."""
    connection = connection or default_connection
    if not is_partitioned(connection, table):
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname = %s, c.relname",
            [table, f"{table}_default"],
        )
        return [row[0] for row in cursor.fetchall()]


def create_month(cursor, month: dt.date, table: str = TABLE) -> bool:
    """Create the month's partition unless it exists or the default partition already holds lines of it."""
    name = partition_name(month, table)
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
    if cursor.fetchone()[0]:
        return False
    start, end = f"{month.isoformat()} 00:00+00", f"{next_month(month).isoformat()} 00:00+00"  # UTC months
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {table}_default WHERE at >= %s::timestamptz AND at < %s::timestamptz)",
        [start, end],
    )
    if cursor.fetchone()[0]:
        raise MonthInDefault(name)
    cursor.execute(f"CREATE TABLE {name} PARTITION OF {table} FOR VALUES FROM ('{start}') TO ('{end}')")
    return True


class MonthInDefault(Exception):
    """The default partition already holds lines of this month: the partition cannot be created."""


def ensure_partitions(
    connection=None, *, months_ahead: int = MONTHS_AHEAD, today: dt.date | None = None
) -> dict:
    """Create this month's partition and the next `months_ahead` ones; {"created": [...], "left_in_default": [...]}."""
    connection = connection or default_connection
    result = {"created": [], "left_in_default": []}
    if not is_partitioned(connection):
        return result
    today = today or timezone.now().astimezone(dt.UTC).date()
    last = month_start(today)
    for _ in range(months_ahead):
        last = next_month(last)
    with connection.cursor() as cursor:
        for month in months(today, last):
            try:
                if create_month(cursor, month):
                    result["created"].append(partition_name(month))
            except MonthInDefault as skipped:
                result["left_in_default"].append(str(skipped))
    return result


def _indexes_and_keys(cursor, table: str):
    """(CREATE INDEX statements, foreign-key (name, definition) pairs) of the table, primary key excluded."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
        "AND indexname <> %s ORDER BY indexname",
        [table, f"{table}_pkey"],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(%s) "
        "AND contype = 'f' ORDER BY conname",
        [table],
    )
    return indexes, cursor.fetchall()


def _swap(cursor, table: str, create_sql: str, after_create) -> None:
    """Rebuild `table` with create_sql (LIKE the old one), same indexes, keys, trigger, rows and next id."""
    indexes, keys = _indexes_and_keys(cursor, table)
    old = f"{table}_old"
    # Deferred foreign-key checks still pending on the old rows would forbid dropping it: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"ALTER TABLE {table} RENAME TO {old}")
    cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {old}_id_seq")
    cursor.execute(f"ALTER INDEX {table}_pkey RENAME TO {old}_pkey")
    for number, (name, _definition) in enumerate(indexes):
        cursor.execute(f"ALTER INDEX {name} RENAME TO {old}_i{number}")
    cursor.execute(f"DROP TRIGGER IF EXISTS core_auditevent_no_update ON {old}")
    cursor.execute(create_sql.format(table=table, old=old))
    after_create(cursor)
    cursor.execute(f"INSERT INTO {table} SELECT * FROM {old}")
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        f"(SELECT last_value FROM {old}_id_seq), (SELECT is_called FROM {old}_id_seq))",
        [table],
    )
    cursor.execute(f"DROP TABLE {old}")
    for _name, definition in indexes:
        cursor.execute(definition.replace(" ON ONLY ", " ON "))
    for name, definition in keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    if table == TABLE:
        cursor.execute(TRIGGER)
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are INITIALLY DEFERRED


def partition_table(schema_editor, *, months_ahead: int = MONTHS_AHEAD, table: str = TABLE) -> None:
    """Turn the plain table into one partitioned by month (rows, indexes, keys, trigger and ids kept)."""
    if schema_editor.connection.vendor != "postgresql" or is_partitioned(schema_editor.connection, table):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min(at) FROM {table}")
        first = cursor.fetchone()[0]
    today = timezone.now().astimezone(dt.UTC).date()
    first = first.astimezone(dt.UTC).date() if first else today
    last = month_start(today)
    for _ in range(months_ahead):
        last = next_month(last)

    def add_partitions(cursor):
        cursor.execute(f"CREATE TABLE {table}_default PARTITION OF {table} DEFAULT")
        for month in months(first, last):
            create_month(cursor, month, table)

    with schema_editor.connection.cursor() as cursor:
        _swap(
            cursor,
            table,
            "CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE, "
            "PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
            add_partitions,
        )


def unpartition_table(schema_editor, *, table: str = TABLE) -> None:
    """The reverse: one plain table again, primary key (id)."""
    if schema_editor.connection.vendor != "postgresql" or not is_partitioned(schema_editor.connection, table):
        return
    with schema_editor.connection.cursor() as cursor:
        _swap(
            cursor,
            table,
            "CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING STORAGE, "
            "PRIMARY KEY (id))",
            lambda cursor: None,
        )
