"""The roll import on PostgreSQL as a set-based pipeline, in one transaction.

1. The file is read in chunks and validated column-wise (``columns.check_chunk``); each chunk's valid rows go
   into a temporary staging table by COPY, and only small per-row keys stay in memory.
2. The whole-file rules (``households.household_rejections``) remove the rows of households without exactly
   one acceptable head and of duplicated national IDs; a join removes the rows whose national ID belongs to a
   member of another household (``belongs_to_other_household``).
3. A few statements apply the differences: new households and members by ``INSERT … SELECT`` from staging,
   changed ones by ``UPDATE … FROM`` staging; the changed rows' history and audit records are written in bulk.
   A large load rebuilds the member table's secondary indexes once around its ``INSERT`` (``rebuild.py``).

A large load (judged from the file's size before reading it) drops those indexes first and writes each chunk's
new households and members while the next chunk is validated, the whole-file rules taking back afterwards the
few rows they reject (``firstload.py``); only the other rows go through staging.

Everything happens in one transaction: a crash leaves the registry as it was, a dry run or a failed strict
check rolls it back, and running the same file again reports every row unchanged. The counts, reason codes
and report lines are those of the row-wise import (``apply.RollImporter`` on SQLite), which the tests check.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

import polars as pl
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from tamkeen.core.models import AuditEvent
from tamkeen.registry.models import Household, Member, RecordChange, ReviewFlag

from .columns import STAGE_COLUMNS, check_chunk, read_chunks
from .firstload import BEFORE, FirstLoad, member_default
from .households import household_lines, household_rejections, single_heads
from .keychecks import checked_by_join
from .phases import PhaseClock
from .rebuild import REBUILD_FACTOR, indexes_rebuilt, stored_rows_up_to, worth_rebuilding
from .validation import BELONGS_TO_OTHER_HOUSEHOLD, NAME_COLUMNS

CHUNK_ROWS = 50_000
STAGE = "roll_stage"
STAGE_TYPES = {"row": "integer", "office_id": "bigint", "governorate_id": "bigint", "birth_date": "date",
               "monthly_income": "numeric(12, 2)", "pension_amount": "numeric(12, 2)"}  # fmt: skip
MEMBER_COPIED = ("relation", "first_name", "father_name", "grandfather_name", "family_name", "name_key", "gender",
                 "birth_date", "phone", "education", "marital_status", "disability", "work_capacity")  # fmt: skip
HOUSEHOLD_COMPARED = ("office_id", "governorate_id", "monthly_income", "pension_amount")
AUDIT_BATCH = 2000
# For the import's transaction only (set_config(..., true)): each comparison joins the whole staging table to the
# members by national ID. Once the member table's true row count is known (a first load's index rebuild records
# it, as ANALYZE would), the planner, with the session's random_page_cost of 1.1, prefers a merge join walking
# both national_id indexes: the temporary staging table (8 MB of temp_buffers) and the members are then read in
# random order. A re-import of 980,000 unchanged rows went from 9.3 to 49.8 backend CPU-s; at 200,000 the hash
# joins over sequential scans take ~0.8 s a comparison instead of 1.5-2.0 (docs/benchmarks.md, import section).
PLANNER_SETTING = "enable_mergejoin"
IMPORT_WORK_MEM = "256MB"
GIL_SWITCH_SECONDS = 0.0005
STAGE_BUFFERS = "256MB"


def can_run(columns: set[str]) -> bool:
    """Files without every name column keep the row-wise path (a name key then mixes stored and new parts)."""
    return connection.vendor == "postgresql" and all(column in columns for column in NAME_COLUMNS)


class NeedsRowWise(Exception):
    """This roll brings the file of a prospect household the importing staff member may link: that is done
    row-wise through the registry's ``household_assign_file`` (rare: people met before their file exists)."""


@dataclass
class Staged:
    keys: pl.DataFrame
    lines: dict[int, list[tuple[str, str, str]]]  # row -> report lines of rejected rows


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


class SetBasedApply:
    """Run by ``RollImporter.run`` on PostgreSQL; writes counts into the importer's result."""

    def __init__(self, importer, clock: PhaseClock | None = None) -> None:
        self.importer = importer
        self.present = set(importer.reader.header.columns)
        self.clock = clock or PhaseClock()

    # ---- 1. read, validate, stage ----------------------------------------------------------------------

    def stage(self, cursor, first_load: FirstLoad | None = None) -> Staged:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
        columns = ", ".join(f"{name} {STAGE_TYPES.get(name, 'text')}" for name in STAGE_COLUMNS)
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns}) ON COMMIT DROP")
        keys, lines = [], {}
        done = 0
        sql = f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN (FORMAT csv, NULL '\\N')"
        phase = self.clock.phase

        def copy_chunk(valid: pl.DataFrame, early: pl.Series | None) -> None:
            if early is not None:
                first_load.write(cursor, valid.filter(early), phase)
                valid = valid.filter(~early)
            if valid.height:
                with phase("copy_staging", thread=True), cursor.copy(sql) as copy:
                    copy.write(valid.write_csv(include_header=False, null_value="\\N"))

        chunks = read_chunks(self.importer.reader, CHUNK_ROWS)
        # The server copies (or, on a large load, inserts) chunk k while this thread reads and validates chunk k+1
        # (polars' CSV writing and psycopg's sending release the GIL): the two cores work at once.
        # A large load's early writes queue no key check per row; every key is checked by a join after them.
        tables = ("registry_household", "registry_member") if first_load is not None else ()
        with (
            checked_by_join(cursor, tables, lambda: phase("key_checks")),
            _quick_gil_handoff(),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="roll-copy") as copier,
        ):
            copying = None
            while True:
                with phase("csv_read"):
                    numbers, cells = next(chunks, (None, None))
                if numbers is None:
                    break
                with phase("validate"):
                    chunk = check_chunk(numbers, cells, self.importer.reference)
                del cells
                early = None
                if first_load is not None:
                    # Which rows go into the registry now (see firstload.py); the others wait in staging.
                    with phase("early_decisions"):
                        flags = first_load.decide(chunk.keys)
                        early = flags.filter(chunk.keys["row_ok"])
                    keys.append(chunk.keys.with_columns(early=flags))
                else:
                    keys.append(chunk.keys)
                lines.update(chunk.problems)
                if chunk.valid.height:
                    if copying is not None:
                        with phase("wait_for_server"):
                            copying.result()
                    copying = copier.submit(copy_chunk, chunk.valid, early)
                done += len(numbers)
                if self.importer.progress:
                    self.importer.progress(done, max(done, self.importer.estimated_rows))
            if copying is not None:
                with phase("wait_for_server"):
                    copying.result()
        with phase("staging_analyse"):
            # No index on staging: every statement joins the whole of it (hash joins), and a few changed rows'
            # UPDATE … FROM hashes it too. The join keys' statistics (and the row count) are what the plans need.
            cursor.execute(f"ANALYZE {STAGE} (row, national_id, file_number, relation)")
        schema = {**_KEY_SCHEMA, "early": pl.Boolean} if first_load is not None else _KEY_SCHEMA
        frame = pl.concat(keys) if keys else pl.DataFrame(schema=schema)
        return Staged(keys=frame, lines=lines)

    # ---- 2. whole-file rules, rows of other households -------------------------------------------------

    def heads_elsewhere(self, cursor, keys: pl.DataFrame, before: bool = False) -> set[str]:
        """Files whose single head's national ID belongs to a member listed under another file number (with
        ``before``: a member stored before the import, firstload.py)."""
        wanted = single_heads(keys)
        if not wanted.height:
            return set()
        cursor.execute(
            "CREATE TEMPORARY TABLE roll_heads (file_number text, national_id text) ON COMMIT DROP"
        )
        with cursor.copy("COPY roll_heads FROM STDIN (FORMAT csv, NULL '\\N')") as copy:
            copy.write(wanted.write_csv(include_header=False, null_value="\\N"))
        if before:
            cursor.execute(
                f"SELECT DISTINCT r.file_number FROM roll_heads r JOIN {BEFORE} b ON b.national_id = r.national_id"
                " WHERE b.file_number IS DISTINCT FROM r.file_number"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT r.file_number FROM roll_heads r JOIN registry_member m ON m.national_id = r.national_id"
                " JOIN registry_household h ON h.id = m.household_id WHERE h.file_number IS DISTINCT FROM r.file_number"
            )
        return {file_number for (file_number,) in cursor.fetchall()}

    def _check_prospects(self, keys: pl.DataFrame) -> None:
        if not getattr(self.importer.actor, "is_office_staff", False):
            return
        from .apply import prospect_households_by_national_id

        prospects = prospect_households_by_national_id()
        if prospects and keys["nid_key"].is_in(list(prospects)).any():
            raise NeedsRowWise

    def remove_rows(self, cursor, rows: list[int]) -> None:
        if rows:
            cursor.execute(f"DELETE FROM {STAGE} WHERE row = ANY(%s)", [rows])

    def belongs_elsewhere(self, cursor, before: bool = False) -> list[tuple[int, str, int, str]]:
        """(row, raw national ID, existing member id, claiming file number) of staged rows whose ID is held
        by a member of another household (with ``before``: stored before the import); those rows are removed
        from staging."""
        if before:
            cursor.execute(
                f"DELETE FROM {STAGE} s USING {BEFORE} b WHERE b.national_id = s.national_id"
                " AND b.file_number IS DISTINCT FROM s.file_number"
                " RETURNING s.row, s.raw_national_id, b.member_id, s.file_number"
            )
            return sorted(cursor.fetchall())
        cursor.execute(
            f"DELETE FROM {STAGE} s USING registry_member m JOIN registry_household h ON h.id = m.household_id"
            " WHERE m.national_id = s.national_id AND h.file_number IS DISTINCT FROM s.file_number"
            " RETURNING s.row, s.raw_national_id, m.id, s.file_number"
        )
        return sorted(cursor.fetchall())

    # ---- 3. apply --------------------------------------------------------------------------------------

    def apply(self, cursor, now, first_load: FirstLoad | None = None, rebuild: bool = True) -> None:
        """``first_load``: rows already written early (firstload.py); ``rebuild``: whether this decides on a
        rebuild of the member table's indexes around its insert (not when the caller already did)."""
        importer, result = self.importer, self.importer._result
        present = self.present
        reason = f"roll import {importer.source_name}"
        changes_rows: list[RecordChange] = []
        audit: list[AuditEvent] = []
        flags: list[ReviewFlag] = []

        phase = self.clock.phase
        compare_done = self.clock.start("compare")
        cursor.execute(f"SELECT DISTINCT office_id FROM {STAGE}")
        importer._offices_applied = {office_id for (office_id,) in cursor.fetchall()}
        if first_load is not None:
            importer._offices_applied |= first_load.office_ids()

        # Existing households whose accepted head row changes them: only the changed rows come back.
        compared = [f for f in HOUSEHOLD_COMPARED if f in ("office_id", "governorate_id") or f in present]
        cursor.execute(
            f"SELECT h.id, {', '.join(f'h.{f}, s.{f}' for f in compared)}"
            f" FROM {STAGE} s JOIN registry_household h ON h.file_number = s.file_number"
            f" WHERE s.relation = 'head' AND ({' OR '.join(f'h.{f} IS DISTINCT FROM s.{f}' for f in compared)})"
            " ORDER BY h.id"
        )
        household_updates = [(row[0], _changes(compared, row[1:])) for row in cursor.fetchall()]
        result.households_updated += len(household_updates)
        changed_households = [household_id for household_id, _changes in household_updates]

        # Existing members named by accepted rows: counted in the database; only the changed rows come back.
        copied = [f for f in MEMBER_COPIED if f in present or f == "name_key"]
        differs = " OR ".join(f"m.{f} IS DISTINCT FROM s.{f}" for f in copied)
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE NOT ({differs}) AND s.relation = 'head'"
            f" AND m.household_id = ANY(%s)) FROM {STAGE} s JOIN registry_member m ON m.national_id = s.national_id",
            [changed_households],
        )
        existing, heads_of_changed_households = cursor.fetchone()
        cursor.execute(
            f"SELECT m.id, m.household_id, {', '.join(f'm.{f}, s.{f}' for f in copied)}"
            f" FROM {STAGE} s JOIN registry_member m ON m.national_id = s.national_id WHERE {differs} ORDER BY s.row"
        )
        member_updates = [(row[0], row[1], _changes(copied, row[2:])) for row in cursor.fetchall()]
        result.members_updated += len(member_updates)
        result.unchanged += existing - len(member_updates) - heads_of_changed_households
        compare_done()

        # New households, from their head rows.
        income = "s.monthly_income" if "monthly_income" in present else "NULL"
        pension = "s.pension_amount" if "pension_amount" in present else "NULL"
        household_insert_done = self.clock.start("household_insert")
        cursor.execute(
            "INSERT INTO registry_household (created_at, updated_at, file_number, is_prospect, office_id,"
            " governorate_id, address, status, monthly_income, pension_amount, needs_review, last_roll_at)"
            f" SELECT %s, %s, s.file_number, false, s.office_id, s.governorate_id, '', %s, {income}, {pension},"
            f" false, %s FROM {STAGE} s WHERE s.relation = 'head' AND NOT EXISTS"
            " (SELECT 1 FROM registry_household h WHERE h.file_number = s.file_number) ORDER BY s.row"
            " RETURNING id",
            [now, now, str(Household.Status.ACTIVE), now],
        )
        created_households = [household_id for (household_id,) in cursor.fetchall()]
        if first_load is not None:
            created_households = first_load.created_households + created_households
        result.households_created += len(created_households)
        household_insert_done()
        updates_done = self.clock.start("updates")

        # A new head in an existing household: the previous head (not named head in this file) steps aside.
        # After early writes (firstload.py) the member table has no index on its household: the query is only
        # asked when a head row is still staged (none of the households written early can have one).
        heads_staged = True
        if first_load is not None:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {STAGE} WHERE relation = 'head')")
            heads_staged = cursor.fetchone()[0]
        previous_heads = []
        if heads_staged:
            cursor.execute(
                f"SELECT m.id, m.household_id, m.needs_review FROM {STAGE} s"
                " JOIN registry_household h ON h.file_number = s.file_number AND s.relation = 'head'"
                " JOIN registry_member m ON m.household_id = h.id AND m.relation = 'head'"
                " AND m.national_id <> s.national_id WHERE h.id <> ALL(%s) ORDER BY m.id",
                [created_households],
            )
            previous_heads = cursor.fetchall()
        stepped = []
        for member_id, household_id, needs_review in previous_heads:
            change = {"relation": ["head", "other"], "needs_review": [needs_review, True]}
            stepped.append(member_id)
            changes_rows.append(importer._change(household_id, member_id, change, reason))
            flags.append(importer._flag(member_id, ReviewFlag.Reason.HEAD_REPLACED))
            audit.append(
                importer._audit("registry.member.update", "registry.member", member_id, member_id, change)
            )
        if stepped:
            cursor.execute(
                "UPDATE registry_member SET relation = 'other', needs_review = true, updated_at = %s WHERE id = ANY(%s)",
                [now, stepped],
            )

        if household_updates:
            assignments = ", ".join(f"{f} = s.{f}" for f in compared)
            cursor.execute(
                f"UPDATE registry_household h SET {assignments}, updated_at = %s FROM {STAGE} s"
                " WHERE s.relation = 'head' AND h.file_number = s.file_number AND h.id = ANY(%s)",
                [now, [household_id for household_id, _changes in household_updates]],
            )
            for household_id, changes in household_updates:
                changes_rows.append(importer._change(household_id, None, changes, reason))
                audit.append(
                    importer._audit(
                        "registry.household.update", "registry.household", household_id, None, changes
                    )
                )
        if member_updates:
            assignments = ", ".join(f"{f} = s.{f}" for f in copied)
            cursor.execute(
                f"UPDATE registry_member m SET {assignments}, updated_at = %s FROM {STAGE} s"
                " WHERE m.national_id = s.national_id AND m.id = ANY(%s)",
                [now, [member_id for member_id, _h, _c in member_updates]],
            )
            for member_id, household_id, changes in member_updates:
                changes_rows.append(importer._change(household_id, member_id, changes, reason))
                audit.append(
                    importer._audit(
                        "registry.member.update", "registry.member", member_id, member_id, changes
                    )
                )

        updates_done()

        # New members, each in its file's household (just created or already there). A large load rebuilds the
        # member table's secondary indexes once instead of growing them row by row (rebuild.py).
        values = {f: f"s.{f}" if f in copied else "%s" for f in MEMBER_COPIED}
        params = [member_default(f) for f in MEMBER_COPIED if f not in copied]
        cursor.execute(f"SELECT count(*) FROM {STAGE}")
        new_members = cursor.fetchone()[0] - existing
        if rebuild:
            stored = stored_rows_up_to(cursor, "registry_member", new_members + 1)
            rebuilt = indexes_rebuilt(
                cursor,
                "registry_member",
                worth_rebuilding(new_members, stored),
                self.clock,
                ("registry_household",),
            )
        else:
            rebuilt = nullcontext()
        # Rows written early are not in staging and hold IDs no staged row has (firstload.py): whether a staged
        # row's member exists is whether it was stored before the import.
        stored_members = BEFORE if first_load is not None else "registry_member"
        created_members = {}
        with rebuilt, phase("member_insert"):
            if new_members:
                cursor.execute(
                    "WITH created AS (INSERT INTO registry_member (created_at, updated_at, household_id, national_id,"
                    f" {', '.join(MEMBER_COPIED)}, is_disability_registered, is_full_time_student, is_caregiver,"
                    " skills, employment_status, is_on_employment_platform, needs_review)"
                    f" SELECT %s, %s, h.id, s.national_id, {', '.join(values[f] for f in MEMBER_COPIED)},"
                    " false, false, false, '', %s, false, false"
                    f" FROM {STAGE} s JOIN registry_household h ON h.file_number = s.file_number"
                    f" WHERE NOT EXISTS (SELECT 1 FROM {stored_members} m WHERE m.national_id = s.national_id)"
                    " ORDER BY s.row RETURNING household_id)"
                    " SELECT household_id, count(*) FROM created GROUP BY household_id",
                    [now, now, *params, str(Member.EmploymentStatus.UNEMPLOYED)],
                )
                created_members = dict(cursor.fetchall())  # household id -> members created in it
        if first_load is not None:
            for household_id, count in first_load.created_members.items():
                created_members[household_id] = created_members.get(household_id, 0) + count
        result.members_created += sum(created_members.values())

        with phase("history"):
            if changes_rows:
                RecordChange.objects.bulk_create(changes_rows, batch_size=5000)
            if flags:
                ReviewFlag.objects.bulk_create(flags, batch_size=5000)
                result.flagged += len(flags)
        with phase("audit"):
            audit.extend(self._creation_audit(importer, created_households, created_members))
            if audit:
                AuditEvent.objects.bulk_create(audit, batch_size=5000)

    @staticmethod
    def _creation_audit(importer, households: list[int], members: dict[int, int]) -> list[AuditEvent]:
        """One "batch" audit line per 2,000 new households (their ids) and the members created in them (the
        first line also counts the members created in households that already existed)."""
        events = []
        new = set(households)
        elsewhere = sum(count for household_id, count in members.items() if household_id not in new)
        for start in range(0, max(len(households), 1 if members else 0), AUDIT_BATCH):
            chunk = households[start : start + AUDIT_BATCH]
            count = sum(members.get(household_id, 0) for household_id in chunk)
            if start == 0:
                count += elsewhere
            events.append(
                importer._audit("registry.roll_import.batch", "registry.household", "", None, {},
                                detail={"households_created": chunk, "members_created": count})
            )  # fmt: skip
        return events

    # ---- the whole run ---------------------------------------------------------------------------------

    def run(self, report) -> None:
        importer = self.importer
        with connection.cursor() as cursor:
            now = timezone.now()
            # A large load (rebuild.py) drops the member table's indexes and household key before reading the
            # file, and writes each chunk's new households and members while the next chunk is validated
            # (firstload.py); when the locks are refused, or the load is not large, it goes as before.
            stored = stored_rows_up_to(
                cursor, "registry_member", int(importer.estimated_rows / REBUILD_FACTOR) + 1
            )
            large = worth_rebuilding(importer.estimated_rows, stored)
            with (
                indexes_rebuilt(
                    cursor, "registry_member", large, self.clock, ("registry_household",)
                ) as dropped,
                # The households of a large load are written early too (a fifth of the rows, every index grown in
                # file-number order): their indexes are rebuilt the same way, under the lock already held.
                indexes_rebuilt(cursor, "registry_household", dropped, self.clock),
            ):
                first_load = None
                if dropped:
                    with self.clock.phase("first_load_snapshot"):
                        first_load = FirstLoad(cursor, now, self.present, MEMBER_COPIED)
                self._run(cursor, report, now, first_load, rebuild=not large)
            # ON COMMIT DROP does it at the end of a real import; this also covers an enclosing transaction.
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}, roll_heads, {BEFORE}")

    def _run(self, cursor, report, now, first_load: FirstLoad | None, rebuild: bool) -> None:
        importer = self.importer
        result = importer._result
        staged = self.stage(cursor, first_load)
        keys = staged.keys
        self._check_prospects(keys)
        result.rows = keys.height
        importer.total_rows = keys.height
        # Only a complete roll asks which stored members the file does not list.
        importer.seen_ids = (
            set(keys["nid_key"].drop_nulls().cast(pl.Int64).to_list()) if importer.complete else set()
        )
        lines = staged.lines
        before = first_load is not None
        rules_done = self.clock.start("whole_file_rules")
        rejected = household_rejections(keys, self.heads_elsewhere(cursor, keys, before))
        for row in rejected.iter_rows(named=True):
            lines.setdefault(row["row"], []).extend(household_lines(row))
        if first_load is not None:
            first_load.take_back(cursor, keys, rejected["row"])
        self.remove_rows(cursor, rejected["row"].to_list())
        conflicts = self.belongs_elsewhere(cursor, before)
        for number, raw_nid, member_id, file_number in conflicts:
            lines[number] = [("national_id", raw_nid, BELONGS_TO_OTHER_HOUSEHOLD)]
            importer._conflicts.append(member_id)
            importer._conflict_files.append((member_id, file_number))
        result.rejected = len(lines)
        for number in sorted(lines):
            for column, value, reason in lines[number]:
                report.add(number, column, value, reason)
        rules_done()
        self.apply(cursor, now, first_load, rebuild)


def _changes(fields: list[str], pairs: tuple) -> dict:
    """{field: [stored, new]} for the fields that differ, from a row of (stored, new) pairs."""
    return {
        f: [pairs[2 * i], pairs[2 * i + 1]] for i, f in enumerate(fields) if pairs[2 * i] != pairs[2 * i + 1]
    }


_KEY_SCHEMA = {"row": pl.Int64, "nid_key": pl.String, "national_id": pl.String, "nid_text": pl.String,
               "file_key": pl.String, "file_number": pl.String, "relation": pl.String, "row_ok": pl.Boolean}  # fmt: skip


@contextmanager
def _quick_gil_handoff() -> Iterator[None]:
    """The interpreter's switch interval shortened while the copying thread works beside the validation.

    psycopg sends a COPY in blocks of 128 kB, taking the GIL for each; with the default interval (5 ms) the copying
    thread could wait that long for every block while the main thread validates in Python, the server idle
    meanwhile. The interval is put back when the last chunk is sent.
    """
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, GIL_SWITCH_SECONDS))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def _session_memory(cursor) -> None:
    """Memory for the import's sorts and hashes (its transaction only) and, when this session has not used a
    temporary table yet, for the staging table's pages (temp_buffers can only be set before; 8 MB otherwise)."""
    cursor.execute("SELECT set_config('work_mem', %s, true)", [IMPORT_WORK_MEM])
    try:
        with transaction.atomic():
            cursor.execute("SELECT set_config('temp_buffers', %s, false)", [STAGE_BUFFERS])
    except DatabaseError:
        pass


def run_in_transaction(importer, report) -> None:
    """The set-based import, all or nothing; a trial (dry run, failed strict check) is rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        clock = importer.phases = PhaseClock(cursor.fetchone()[0])
    with transaction.atomic():
        with connection.cursor() as cursor:
            # An enclosing transaction (a test, a caller's atomic block) gets its own setting back below.
            cursor.execute("SELECT current_setting(%s), set_config(%s, 'off', true)", [PLANNER_SETTING] * 2)
            (previous, _off) = cursor.fetchone()
            _session_memory(cursor)
        SetBasedApply(importer, clock).run(report)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [PLANNER_SETTING, previous])
        with clock.phase("flag_missing"):
            importer._flag_missing()
        failed = importer.strict and importer._result.rejected > 0
        importer._result.strict_failed = failed
        if importer.dry_run or failed:
            transaction.set_rollback(True)
        commit_done = clock.start("commit")
    commit_done()
