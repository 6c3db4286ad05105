"""A large load on PostgreSQL: new households and members written chunk by chunk, beside the next chunk's validation.

The whole-file rules (a national ID twice anywhere in the file rejects both rows; a household needs exactly one
acceptable head; an ID or a head held by another household's member) can only be settled once every row has been
read, so the set-based import used to insert its members after the last chunk, the client idle while the server
inserted. On a large load (``rebuild.worth_rebuilding``: the member table's unique and secondary indexes and its
household key are dropped first) each chunk's rows that *look* acceptable are now written at once, by the thread
that also copies the chunk's other rows into staging, while the client validates the next chunk; the rules over
the whole file then take back the few that were not.

A chunk's row is written early when, as far as the rows read so far tell:

* it has no row-level problem, its national ID is not twice in the chunk and belongs to no member stored before
  the import;
* a head row: it is its file's only head in the chunk, no earlier chunk had a head row for that file number, and
  no household stored before the import has that file number: its household is created from it;
* another row: its household was created early (by this chunk or an earlier one).

Every other valid row goes to staging, as before, and is applied there after the whole-file rules by the same
statements as any import (``SetBasedApply.apply``). When the last chunk is read, the whole-file rules run over
every row as before; the rows written early that they reject (an ID repeated in a later chunk, a second head in a
later chunk, a head whose ID comes again later) are deleted with the households created from such heads: every
row of those households is then rejected too. What remains is what the import would have inserted from staging:
the same rows, households, values, counts and report; only the ids of the deleted rows are gone from the
sequences. A row written early never meets the registry's own rows (its ID and its file number were not stored
before), so the checks against stored members (``belongs_to_other_household``, a single head held elsewhere) and
the existence tests of the remaining staging rows use a snapshot of the members stored before the import
(``roll_before``): the rows this import wrote could only match rows whose IDs are twice in the file, rejected
anyway. Everything stays in the import's one transaction.

The households are written by COPY with ids taken from their sequence first (in row order, as the staging path's
``INSERT … ORDER BY`` numbers them), the members by COPY with those ids. The price: a large load now takes the
member and household tables' locks (rebuild.py) before reading the file instead of after it, so pages reading
them wait for the whole of a first national load rather than its second half.
"""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime

import polars as pl

from tamkeen.registry.models import Household, Member

BEFORE = "roll_before"
MEMBER_CONSTANTS = {"is_disability_registered": False, "is_full_time_student": False, "is_caregiver": False,
                    "skills": "", "employment_status": str(Member.EmploymentStatus.UNEMPLOYED),
                    "is_on_employment_platform": False, "needs_review": False}  # fmt: skip


def member_default(field_name: str):
    """The member field's default as the import writes it when the file has no such column."""
    value = Member._meta.get_field(field_name).get_default()
    return str(value) if isinstance(value, str) else value


class FirstLoad:
    """The state of the early writes of one import: what was stored before, what was written since."""

    def __init__(self, cursor, now: datetime, present: set[str], member_fields: tuple[str, ...]) -> None:
        self.now = now
        self.present = present
        self.member_fields = member_fields
        cursor.execute(
            f"CREATE TEMPORARY TABLE {BEFORE} ON COMMIT DROP AS SELECT m.national_id, m.id AS member_id,"
            " h.file_number FROM registry_member m JOIN registry_household h ON h.id = m.household_id"
        )
        cursor.execute(f"ANALYZE {BEFORE}")
        cursor.execute(f"SELECT national_id FROM {BEFORE}")
        self.before_ids = pl.Series([nid for (nid,) in cursor.fetchall()], dtype=pl.String)
        cursor.execute("SELECT file_number FROM registry_household WHERE file_number IS NOT NULL")
        self.before_files = pl.Series([f for (f,) in cursor.fetchall()], dtype=pl.String)
        # File numbers with a head row in a chunk read so far, and those whose household was created early.
        self.head_files = pl.Series([], dtype=pl.String)
        self.early_files = pl.Series([], dtype=pl.String)
        self.households = pl.DataFrame(schema={"file_number": pl.String, "household_id": pl.Int64})
        self.created_households: list[int] = []  # in the order of their head rows
        self.created_members: dict[int, int] = {}  # household id -> members written early
        self.offices: list[pl.DataFrame] = []  # (row, office_id) of the rows written early

    # ---- the client's side: which rows of a chunk go in now (pure, over the chunk's keys) --------------------

    def decide(self, keys: pl.DataFrame) -> pl.Series:
        """One boolean per row of ``keys`` (``columns.KEY_COLUMNS``): whether the row is written early."""
        head = (pl.col("relation") == "head").fill_null(False)
        frame = keys.select(
            "row",
            "file_key",
            "file_number",
            "national_id",
            "row_ok",
            head=head,
            dup=pl.col("nid_key").is_not_null() & pl.col("nid_key").is_duplicated(),
        ).with_columns(heads=pl.col("head").sum().over("file_key"))
        ok = (
            pl.col("row_ok")
            & ~pl.col("dup")
            & pl.col("national_id").is_not_null()
            & pl.col("file_number").is_not_null()
            & ~pl.col("national_id").is_in(self.before_ids.implode())
        )
        new_head = (
            pl.col("head")
            & (pl.col("heads") == 1)
            & ~pl.col("file_key").is_in(self.head_files.implode())
            & ~pl.col("file_number").is_in(self.before_files.implode())
        )
        early_heads = frame.filter((ok & new_head).fill_null(False))["file_number"]
        seen_heads = frame.filter(pl.col("head") & pl.col("file_key").is_not_null())["file_key"].unique()
        self.head_files = pl.concat([self.head_files, seen_heads])
        self.early_files = pl.concat([self.early_files, early_heads])
        member = ~pl.col("head") & pl.col("file_number").is_in(self.early_files.implode())
        return frame.select((ok & (new_head | member)).fill_null(False).alias("early")).to_series()

    # ---- the server's side, in the copying thread: households from the heads, then members by COPY ---------

    def write(self, cursor, rows: pl.DataFrame, phase=None) -> None:
        """Write the early rows of one chunk (``columns.STAGE_COLUMNS``, in row order); ``phase``: the import's
        ``PhaseClock.phase``, for ``--timings``."""
        if not rows.height:
            return
        phase = phase or (lambda name, thread: nullcontext())
        self.offices.append(rows.select("row", "office_id"))
        heads = rows.filter(pl.col("relation") == "head")
        with phase("early_households", thread=True):
            if heads.height:
                self._households(cursor, heads)
        with phase("early_members", thread=True):
            self._members(cursor, rows)

    def _households(self, cursor, heads: pl.DataFrame) -> None:
        """The heads' households by COPY, their ids taken from the table's sequence first, in row order (as the
        ``INSERT … ORDER BY`` of the staging path numbers them): no ids to send back, the members' household
        ids are known here."""
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('registry_household', 'id')) FROM generate_series(1, %s)",
            [heads.height],
        )
        ids = pl.Series("id", [household_id for (household_id,) in cursor.fetchall()], dtype=pl.Int64)
        now = self.now.isoformat()
        columns = {"id": ids, "created_at": pl.lit(now), "updated_at": pl.lit(now), "file_number": pl.col("file_number"),
                   "is_prospect": pl.lit(False), "office_id": pl.col("office_id"),
                   "governorate_id": pl.col("governorate_id"), "address": pl.lit(""),
                   "status": pl.lit(str(Household.Status.ACTIVE))}  # fmt: skip
        for name in ("monthly_income", "pension_amount"):
            columns[name] = pl.col(name) if name in self.present else pl.lit(None, dtype=pl.String)
        columns.update({"needs_review": pl.lit(False), "last_roll_at": pl.lit(now)})
        with cursor.copy(
            f"COPY registry_household ({', '.join(columns)}) FROM STDIN (FORMAT csv, NULL '\\N')"
        ) as copy:
            copy.write(heads.select(**columns).write_csv(include_header=False, null_value="\\N"))
        self.created_households.extend(ids.to_list())
        self.households = pl.concat(
            [self.households, pl.DataFrame({"file_number": heads["file_number"], "household_id": ids})]
        )

    def _members(self, cursor, rows: pl.DataFrame) -> None:
        members = rows.join(self.households, on="file_number", how="left", maintain_order="left")
        now = self.now.isoformat()
        columns = {"created_at": pl.lit(now), "updated_at": pl.lit(now), "household_id": pl.col("household_id"),
                   "national_id": pl.col("national_id")}  # fmt: skip
        for name in self.member_fields:
            if name in self.present or name == "name_key":
                columns[name] = pl.col(name)
            else:
                columns[name] = pl.lit(member_default(name), dtype=pl.String)
        columns.update({name: pl.lit(value) for name, value in MEMBER_CONSTANTS.items()})
        out = members.select(**columns)
        with cursor.copy(
            f"COPY registry_member ({', '.join(columns)}) FROM STDIN (FORMAT csv, NULL '\\N')"
        ) as copy:
            copy.write(out.write_csv(include_header=False, null_value="\\N"))
        for household_id, count in members.group_by("household_id").len().iter_rows():
            self.created_members[household_id] = self.created_members.get(household_id, 0) + count

    # ---- after the whole-file rules --------------------------------------------------------------------------

    def take_back(self, cursor, keys: pl.DataFrame, rejected: pl.Series) -> None:
        """Delete the rows written early that the whole-file rules reject, and the households of such heads."""
        gone = keys.filter(pl.col("early") & pl.col("row").is_in(rejected.implode()))
        if not gone.height:
            return
        cursor.execute(
            "DELETE FROM registry_member WHERE national_id = ANY(%s) RETURNING household_id",
            [gone["national_id"].to_list()],
        )
        for (household_id,) in cursor.fetchall():
            self.created_members[household_id] -= 1
        files = gone.filter(pl.col("relation") == "head")["file_number"].to_list()
        if files:
            cursor.execute("DELETE FROM registry_household WHERE file_number = ANY(%s) RETURNING id", [files])
            deleted = {household_id for (household_id,) in cursor.fetchall()}
            self.created_households = [h for h in self.created_households if h not in deleted]
            for household_id in deleted:
                self.created_members.pop(household_id, None)
        self.created_members = {h: count for h, count in self.created_members.items() if count}
        rows = gone["row"].implode()
        self.offices = [frame.filter(~pl.col("row").is_in(rows)) for frame in self.offices]

    def office_ids(self) -> set[int]:
        if not self.offices:
            return set()
        return set(pl.concat(self.offices)["office_id"].unique().to_list())
