"""Applying a roll to the registry: two streaming passes, writes in bulk, one transaction per batch.

Pass 1 reads every row but keeps only small keys: which national IDs occur (and which twice), and per file
number how many rows say "head" and the household fields of a valid head row. Pass 2 reads the file again,
validates each row completely, and applies accepted rows in batches. Each batch is one transaction, so a
killed process leaves the registry as it was before that batch, and running the same file again completes
the import (rows already applied count as unchanged).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from tamkeen.core import office_figures, queue_cache
from tamkeen.core.digits import is_ascii_digits, normalise_digits
from tamkeen.core.identifiers import clean_national_id
from tamkeen.core.models import AuditEvent
from tamkeen.geography.models import Governorate, Office
from tamkeen.geography.selectors import governorate_key
from tamkeen.registry.models import Household, Member, RecordChange, ReviewFlag
from tamkeen.registry.signals import roll_conflicts

from .plan import HOUSEHOLD_COLUMNS, MEMBER_FIELDS, BatchPlan, plan_batch
from .reading import TableReader
from .report import ReportWriter
from .validation import (
    BELONGS_TO_OTHER_HOUSEHOLD,
    HOUSEHOLD_FIELDS,
    HouseholdKeys,
    OfficeRef,
    Reference,
    clean_choice,
    household_problems,
    text_of,
    validate_row,
)

BATCH_SIZE = 2000
SOURCE = "roll"
FLAG_HISTORY = {
    ReviewFlag.Reason.MISSING_FROM_COMPLETE_ROLL: "missing from the office's complete roll",
    ReviewFlag.Reason.OTHER_HOUSEHOLD: "national ID listed in another household's roll file",
}


@dataclass
class ImportResult:
    rows: int = 0
    households_created: int = 0
    households_updated: int = 0
    members_created: int = 0
    members_updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    strict_failed: bool = False
    flagged: int = 0
    prospects_linked: int = 0

    def summary(self) -> dict[str, int]:
        """The JSON line of contracts/cli.md with its keys, plus how many members were flagged for review."""
        data = asdict(self)
        keys = ("rows", "households_created", "households_updated", "members_created", "members_updated",
                "unchanged", "rejected", "flagged")  # fmt: skip
        return {key: data[key] for key in keys}


def build_reference(*, only_office_id: int | None = None, today: date | None = None) -> Reference:
    offices = {
        office.code.casefold(): OfficeRef(office.id, office.code, office.region_id)
        for office in Office.objects.all()
    }
    governorates: dict[int, dict[str, int]] = {}
    for gov in Governorate.objects.all():
        table = governorates.setdefault(gov.region_id, {})
        for spelling in (gov.code, gov.name_ar, gov.name_en, *gov.aliases):
            table[governorate_key(spelling)] = gov.id
    return Reference(
        offices=offices,
        governorates=governorates,
        today=today or timezone.localdate(),
        only_office_id=only_office_id,
        governorate_key=governorate_key,
    )


def _nid_key(raw: object) -> int | None:
    cleaned = clean_national_id(text_of(raw))
    return int(cleaned) if len(cleaned) == 10 and is_ascii_digits(cleaned) else None


class RollImporter:
    """One import of one file. ``run()`` does everything and returns the counts."""

    def __init__(
        self,
        path: str | Path,
        *,
        actor=None,
        strict: bool = False,
        dry_run: bool = False,
        complete: bool = False,
        report_path: str | Path | None = None,
        only_office_id: int | None = None,
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int, int], None] | None = None,
        source_name: str = "",
        today: date | None = None,
        method: str = "auto",
    ) -> None:
        self.path = Path(path)
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.strict = strict
        self.dry_run = dry_run
        # A roll is partial (some households of the office) unless declared the office's complete roll;
        # only a complete roll flags the office's members it does not list.
        self.complete = complete
        self.report_path = report_path
        self.batch_size = batch_size
        self.progress = progress
        self.source_name = source_name or self.path.name
        self.reference = build_reference(only_office_id=only_office_id, today=today)
        self.reader = TableReader(self.path)  # raises UnreadableFile
        self.total_rows = 0
        # "sets": the set-based pipeline (PostgreSQL, one transaction); "rows": two passes, a transaction per
        # batch (SQLite, and files without every name column); "auto" takes the first that can run.
        if method not in ("auto", "rows", "sets"):
            raise ValueError(f"unknown import method {method!r}")
        self.method = method
        self.estimated_rows = max(1, self.path.stat().st_size // 160)

    # ---- pass 1 -----------------------------------------------------------------------------------------

    def first_pass(self) -> None:
        seen: dict[int, int] = {}
        households: dict[str, HouseholdKeys] = {}
        prospects = prospect_households_by_national_id()
        prospect_files: dict[int, set[str]] = {}
        total = 0
        for number, raw in self.reader.rows():
            total += 1
            key = _nid_key(raw.get("national_id"))
            if key is not None:
                seen[key] = seen.get(key, 0) + 1
            file_number = normalise_digits(text_of(raw.get("file_number")))
            if not file_number or not is_ascii_digits(file_number):
                continue
            if key is not None and f"{key:010d}" in prospects:
                prospect_files.setdefault(prospects[f"{key:010d}"], set()).add(file_number)
            keys = households.get(file_number)
            if keys is None:
                keys = households[file_number] = HouseholdKeys()
            if clean_choice("relation", text_of(raw.get("relation"))) == "head":
                keys.head_rows += 1
                if keys.head_rows == 1:
                    result = validate_row(raw, self.reference)
                    keys.head_row = number
                    keys.head_national_id = result.values.get("national_id")
                    if result.is_valid:
                        keys.head_values = {
                            f: result.values.get(f) for f in HOUSEHOLD_FIELDS if f in result.values
                        }
        self.total_rows = total
        self.seen_ids = seen
        self.duplicates = {f"{key:010d}" for key, count in seen.items() if count > 1}
        self.households = households
        self._plan_prospect_links(prospect_files)
        self._check_heads_against_registry()

    def _plan_prospect_links(self, prospect_files: dict[int, set[str]]) -> None:
        """Which prospects this roll brings a file for: a prospect household whose members the roll lists under
        one new file number, which no other prospect claims, and whose office the importing user works in (the
        link is made by the registry's ``household_assign_file``, with its own permission check). Anything
        else (two files, a file that already exists, so a member move; a command-line import with no user)
        stays as before: the row is rejected as belonging to another household and flagged for a person."""
        self.prospect_links: dict[str, int] = {}  # file number -> prospect household id
        self.linked_households: dict[int, str] = {}
        if not prospect_files or not getattr(self.actor, "is_office_staff", False):
            return
        wanted = {next(iter(files)) for files in prospect_files.values() if len(files) == 1}
        taken = set(Household.objects.filter(file_number__in=wanted).values_list("file_number", flat=True))
        offices = dict(Household.objects.filter(pk__in=list(prospect_files)).values_list("id", "office_id"))
        claims: dict[str, list[int]] = {}
        for household_id, files in prospect_files.items():
            if len(files) != 1 or offices.get(household_id) != self.actor.office_id:
                continue
            (file_number,) = files
            if file_number not in taken and self.households[file_number].head_rows <= 1:
                claims.setdefault(file_number, []).append(household_id)
        self.prospect_links = {f: ids[0] for f, ids in claims.items() if len(ids) == 1}
        self.linked_households = {household_id: f for f, household_id in self.prospect_links.items()}

    def _check_heads_against_registry(self) -> None:
        """A head whose national ID belongs to another household's member rejects the head, hence the household."""
        heads = {
            keys.head_national_id: file_number
            for file_number, keys in self.households.items()
            if keys.head_rows == 1 and keys.head_values is not None and keys.head_national_id
        }
        ids = list(heads)
        self.head_rejected: set[str] = set()
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            for nid, file_number, household_id in Member.objects.filter(national_id__in=chunk).values_list(
                "national_id", "household__file_number", "household_id"
            ):
                file_number = file_number or self.linked_households.get(household_id, "")
                if file_number != heads[nid]:
                    self.head_rejected.add(heads[nid])
        for file_number, keys in self.households.items():
            if keys.head_rows == 1 and (keys.head_values is None or keys.head_national_id in self.duplicates):
                self.head_rejected.add(file_number)

    # ---- pass 2 -----------------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        try:
            return self._run()
        finally:
            # Members added, moved between offices or reassigned, row-wise or set-based, in any office.
            if not self.dry_run:
                office_figures.bump_all()
                # Flags and heads replaced in bulk (no save signals): the review queues read them.
                queue_cache.touch(Member, ReviewFlag)

    def _run(self) -> ImportResult:
        from . import sets

        use_sets = self.method == "sets" or (
            self.method == "auto" and sets.can_run(self.reader.header.columns)
        )
        if use_sets:
            result = self._run_sets()
            if result is not None:
                return result
        self.method_used = "rows"
        self.first_pass()
        if self.strict or self.dry_run:
            trial = self._second_pass(write=False)
            trial.strict_failed = self.strict and trial.rejected > 0
            if self.dry_run or trial.strict_failed:
                return trial
        return self._second_pass(write=True)

    def _run_sets(self) -> ImportResult | None:
        """The set-based import; None when this roll needs the row-wise path (it links prospects)."""
        from . import sets

        self._start(write=True)
        self.prospect_links, self.linked_households = {}, {}
        try:
            with ReportWriter(self.report_path) as report:
                sets.run_in_transaction(self, report)
        except sets.NeedsRowWise:
            return None
        self.method_used = "sets"
        if self.progress:
            self.progress(self.total_rows, self.total_rows)
        return self._result

    def _start(self, *, write: bool) -> ImportResult:
        result = ImportResult(rows=self.total_rows, unknown_columns=list(self.reader.unknown_columns))
        self._write = write
        self._result = result
        self._created_here: dict[str, int | None] = {}
        self._offices_applied: set[int] = set()
        self._conflicts: list[int] = []
        self._conflict_files: list[tuple[int, str]] = []
        return result

    def _second_pass(self, *, write: bool) -> ImportResult:
        result = self._start(write=write)
        if write:
            self._link_prospects()
        result.prospects_linked = len(self.prospect_links)
        done = 0
        batch: list[tuple[int, str, dict]] = []
        with ReportWriter(self.report_path) as report:
            self._report = report
            for number, raw in self.reader.rows():
                done += 1
                row = validate_row(raw, self.reference)
                values = row.values
                file_number = values.get("file_number")
                keys = self.households.get(file_number) if file_number else None
                problems = row.problems + household_problems(
                    row_problems=row.problems,
                    values=values,
                    raw_national_id=text_of(raw.get("national_id")),
                    household=keys,
                    duplicate_ids=self.duplicates,
                    head_rejected=file_number in self.head_rejected,
                )
                if problems:
                    self._reject(number, problems)
                    continue
                batch.append((number, text_of(raw.get("national_id")), values))
                if len(batch) >= self.batch_size:
                    self._apply_batch(batch)
                    batch = []
                    if self.progress:
                        self.progress(done, self.total_rows)
            if batch:
                self._apply_batch(batch)
            if write:
                self._flag_missing()
        if self.progress:
            self.progress(self.total_rows, self.total_rows)
        return result

    def _link_prospects(self) -> None:
        """Give each planned prospect its file through the registry's service (history, audit, checks), each in
        its own transaction, before any row is applied; a link refused there leaves the rows to the usual checks."""
        from django.core.exceptions import ValidationError

        from tamkeen.registry.services import household_assign_file

        reason = f"roll import {self.source_name}: the roll brings the prospect's file"
        for file_number, household_id in list(self.prospect_links.items()):
            try:
                with transaction.atomic():
                    household_assign_file(
                        actor=self.actor, household=Household(pk=household_id), file_number=file_number,
                        reason=reason,
                    )  # fmt: skip
            except ValidationError:
                del self.prospect_links[file_number]
                del self.linked_households[household_id]

    def _reject(self, number: int, problems: list[tuple[str, str, str]]) -> None:
        self._result.rejected += 1
        for column, value, reason in problems:
            self._report.add(number, column, value, reason)

    # ---- one batch --------------------------------------------------------------------------------------

    def _apply_batch(self, batch: list[tuple[int, str, dict]]) -> None:
        if self._write:
            with transaction.atomic():
                self._apply_batch_inner(batch)
        else:
            self._apply_batch_inner(batch)

    def _apply_batch_inner(self, batch: list[tuple[int, str, dict]]) -> None:
        members, households = self._fetch_batch(batch)
        plan = plan_batch(
            batch,
            members=members,
            households=households,
            head_values=lambda file_number: self.households[file_number].head_values,
            created_before=self._created_here,
        )
        for number, raw_nid, member_id, file_number in plan.conflicts:
            self._reject(number, [("national_id", raw_nid, BELONGS_TO_OTHER_HOUSEHOLD)])
            self._conflicts.append(member_id)
            self._conflict_files.append((member_id, file_number))
        result = self._result
        result.households_created += len(plan.new_households)
        result.households_updated += len(plan.household_updates)
        result.members_created += plan.members_created
        result.members_updated += plan.members_updated
        result.unchanged += plan.unchanged
        self._offices_applied |= plan.offices
        self._write_plan(plan, households)

    def _fetch_batch(self, batch: list[tuple[int, str, dict]]) -> tuple[dict[str, dict], dict[str, dict]]:
        """The stored members (by national ID) and households (by file number) a batch names."""
        nids = [values["national_id"] for _n, _r, values in batch]
        file_numbers = {values["file_number"] for _n, _r, values in batch}
        members = {
            m["national_id"]: m
            for m in Member.objects.filter(national_id__in=nids).values(
                "id", "national_id", "household_id", "household__file_number", "needs_review", *MEMBER_FIELDS
            )
        }
        households = {
            h["file_number"]: h
            for h in Household.objects.filter(file_number__in=file_numbers).values(
                "id", "file_number", *HOUSEHOLD_COLUMNS
            )
        }
        # A trial run (dry run, strict check) writes no link: the prospects it would link stand in as the files.
        planned = [
            self.prospect_links[f] for f in file_numbers if f in self.prospect_links and f not in households
        ]
        for h in Household.objects.filter(pk__in=planned).values("id", *HOUSEHOLD_COLUMNS):
            households[self.linked_households[h["id"]]] = {
                **h,
                "file_number": self.linked_households[h["id"]],
            }
        for member in members.values():
            if not member["household__file_number"]:
                member["household__file_number"] = self.linked_households.get(member["household_id"], "")
        return members, households

    def _write_plan(self, plan: BatchPlan, households: dict[str, dict]) -> None:
        now = timezone.now()
        created_ids: dict[str, int | None] = dict.fromkeys(plan.new_households)
        if self._write and plan.new_households:
            insert_rows(Household, [{**h, "last_roll_at": now} for h in plan.new_households.values()], now)
            created_ids.update(
                Household.objects.filter(file_number__in=list(plan.new_households)).values_list(
                    "file_number", "id"
                )
            )
        self._created_here.update(created_ids)
        if not self._write:
            return

        def household_id(file_number: str) -> int | None:
            if file_number in households:
                return households[file_number]["id"]
            return self._created_here.get(file_number)

        changes_rows: list[RecordChange] = []
        audit: list[AuditEvent] = []
        flags: list[ReviewFlag] = []
        reason = f"roll import {self.source_name}"
        # A new head in an existing household: the previous head (not named head in this file) steps aside.
        if plan.heads_of_existing:
            for old_head in Member.objects.filter(
                household_id__in=list(plan.heads_of_existing), relation=Member.Relation.HEAD
            ).exclude(national_id__in=list(plan.heads_of_existing.values())):
                change = {"relation": ["head", "other"], "needs_review": [old_head.needs_review, True]}
                Member.objects.filter(pk=old_head.pk).update(
                    relation="other", needs_review=True, updated_at=now
                )
                changes_rows.append(self._change(old_head.household_id, old_head.pk, change, reason))
                flags.append(self._flag(old_head.pk, ReviewFlag.Reason.HEAD_REPLACED))
                audit.append(
                    self._audit("registry.member.update", "registry.member", old_head.pk, old_head.pk, change)
                )
        for old, changes in plan.household_updates:
            Household.objects.filter(pk=old["id"]).update(
                **{f: new for f, (_o, new) in changes.items()}, updated_at=now
            )
            changes_rows.append(self._change(old["id"], None, changes, reason))
            audit.append(
                self._audit("registry.household.update", "registry.household", old["id"], None, changes)
            )
        for old, changes in plan.member_updates:
            Member.objects.filter(pk=old["id"]).update(
                **{f: new for f, (_o, new) in changes.items()}, updated_at=now
            )
            changes_rows.append(self._change(old["household_id"], old["id"], changes, reason))
            audit.append(
                self._audit("registry.member.update", "registry.member", old["id"], old["id"], changes)
            )
        new_members = []
        for member in plan.new_members:
            row = dict(member)
            row["household_id"] = household_id(row.pop("file_number"))
            new_members.append(row)
        if new_members:
            insert_rows(Member, new_members, now)
        if changes_rows:
            RecordChange.objects.bulk_create(changes_rows)
        if flags:
            ReviewFlag.objects.bulk_create(flags)
            self._result.flagged += len(flags)
        if plan.new_households or new_members:
            audit.append(
                self._audit(
                    "registry.roll_import.batch",
                    "registry.household",
                    "",
                    None,
                    {},
                    detail={
                        "households_created": list(created_ids.values()),
                        "members_created": len(new_members),
                    },
                )
            )
        if audit:
            AuditEvent.objects.bulk_create(audit)

    def _change(self, household_id: int, member_id: int | None, changes: dict, reason: str) -> RecordChange:
        return RecordChange(
            household_id=household_id, member_id=member_id, actor=self.actor, source=SOURCE,
            changes=_json_changes(changes), reason=reason,
        )  # fmt: skip

    def _flag(self, member_id: int, reason: str) -> ReviewFlag:
        return ReviewFlag(member_id=member_id, reason=reason, source=self.source_name[:200])

    def _audit(self, action, object_type, object_id, member_id, changes, detail=None) -> AuditEvent:
        payload = _json_changes(changes)
        if detail:
            payload.update(detail)
        return AuditEvent(
            actor=self.actor, kind=AuditEvent.Kind.WRITE, action=action, object_type=object_type,
            object_id=str(object_id or ""), member_id=member_id, changes=payload,
            reason=f"roll import {self.source_name}",
        )  # fmt: skip

    # ---- after the last batch ---------------------------------------------------------------------------

    def _flag_missing(self) -> None:
        """Flag for review, never delete: the existing member behind each ``belongs_to_other_household``
        rejection (so the pair is looked at), and, only when the file is declared the complete roll, the
        members of the offices it covers that it no longer lists (except those already resolved as gone).
        """
        now = timezone.now()
        reason = f"roll import {self.source_name}"
        to_flag: list[tuple[int, int, str]] = []
        if self.complete and self._offices_applied:
            latest_resolution = (
                ReviewFlag.objects.filter(member_id=OuterRef("pk"), resolved_at__isnull=False)
                .order_by("-resolved_at", "-id")
                .values("resolution")[:1]
            )
            candidates = (
                Member.objects.filter(household__office_id__in=self._offices_applied, needs_review=False)
                .annotate(latest_resolution=Subquery(latest_resolution))
                # NOT IN is unknown for members never resolved: keep them explicitly.
                .filter(Q(latest_resolution__isnull=True) | ~Q(latest_resolution__in=ReviewFlag.GONE))
            )
            for member_id, household_id, nid in candidates.values_list(
                "id", "household_id", "national_id"
            ).iterator(chunk_size=10000):
                if int(nid) not in self.seen_ids:
                    to_flag.append((member_id, household_id, ReviewFlag.Reason.MISSING_FROM_COMPLETE_ROLL))
        if self._conflicts:
            for member_id, household_id in Member.objects.filter(
                pk__in=self._conflicts, needs_review=False
            ).values_list("id", "household_id"):
                to_flag.append((member_id, household_id, ReviewFlag.Reason.OTHER_HOUSEHOLD))
        if self._conflict_files:
            # The pair (the member holding the ID, the household whose roll lists it) goes to the review queue.
            roll_conflicts.send(sender=type(self), actor=self.actor, conflicts=list(self._conflict_files))
        for start in range(0, len(to_flag), 1000):
            chunk = to_flag[start : start + 1000]
            with transaction.atomic():
                Member.objects.filter(pk__in=[m for m, _h, _r in chunk]).update(
                    needs_review=True, updated_at=now
                )
                change = {"needs_review": [False, True]}
                RecordChange.objects.bulk_create(
                    [self._change(h, m, change, f"{reason}: {FLAG_HISTORY[why]}") for m, h, why in chunk]
                )
                ReviewFlag.objects.bulk_create([self._flag(m, why) for m, _h, why in chunk])
                AuditEvent.objects.bulk_create(
                    [
                        self._audit("registry.member.flag_review", "registry.member", m, m, change)
                        for m, _h, _w in chunk
                    ]
                )
        self._result.flagged += len(to_flag)


def prospect_households_by_national_id() -> dict[str, int]:
    """National ID -> household id of every member of a prospect household (people met without a file: few)."""
    return dict(Member.objects.filter(household__is_prospect=True).values_list("national_id", "household_id"))


def _json_changes(changes: dict) -> dict:
    from tamkeen.core.audit import _plain

    return {key: [_plain(v) for v in pair] for key, pair in changes.items()}


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value) -> str:
    """One value in COPY's text format; building the text ourselves is much faster than write_row."""
    if value is None:
        return "\\N"
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if kind is bool:
        return "t" if value else "f"
    if kind in (dict, list):
        return json.dumps(value).translate(_COPY_ESCAPES)
    return str(value)  # int, Decimal, date (ISO), aware datetime (ISO with offset)


@lru_cache(maxsize=8)
def _insert_plan(model) -> tuple[list[str], list[str], dict]:
    """(attribute names, column names, defaults) of a model's concrete non-key fields, for COPY."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    return [f.attname for f in fields], [f.column for f in fields], defaults


def insert_rows(model, rows: list[dict], now) -> None:
    """Insert new rows given as {attname: value}: COPY on PostgreSQL (text built here, no model instances,
    the fastest path), bulk_create elsewhere. Fields a row does not name take their model default;
    created_at/updated_at are ``now``."""
    attnames, columns, defaults = _insert_plan(model)
    stamp = {"created_at": now, "updated_at": now}
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**{**row, **stamp}) for row in rows], batch_size=1000)
        return
    lines = []
    for row in rows:
        full = {**defaults, **row, **stamp}
        lines.append("\t".join([_copy_value(full[name]) for name in attnames]))
    lines.append("")
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        copy.write("\n".join(lines))


def progress_to_stderr(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{done}/{total} rows")
        sys.stderr.flush()
        if done >= total:
            sys.stderr.write("\n")
