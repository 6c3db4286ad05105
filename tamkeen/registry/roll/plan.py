"""What one batch of accepted roll rows does to the registry, decided without the database.

``plan_batch`` takes the batch's rows and the stored households and members they name (plain dicts, fetched by
the caller) and returns a ``BatchPlan``: the rows to reject because their national ID belongs to another
household, the households and members to create, the fields to change, the heads to move aside, and the
counts of the JSON summary. ``RollImporter`` writes the plan (``apply._write_plan``); the tests check the plan
alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tamkeen.core.names import name_parts_key

from .validation import NAME_COLUMNS

MEMBER_FIELDS = ("relation", "first_name", "father_name", "grandfather_name", "family_name", "name_key", "gender",
                 "birth_date", "phone", "education", "marital_status", "disability", "work_capacity")  # fmt: skip
HOUSEHOLD_COLUMNS = ("office_id", "governorate_id", "monthly_income", "pension_amount")


@dataclass
class BatchPlan:
    # (row, raw national ID, existing member id, claiming file number): belongs_to_other_household
    conflicts: list[tuple[int, str, int, str]] = field(default_factory=list)
    new_households: dict[str, dict] = field(default_factory=dict)  # file number -> household fields
    household_updates: list[tuple[dict, dict]] = field(
        default_factory=list
    )  # (stored row, {field: [old, new]})
    new_members: list[dict] = field(default_factory=list)  # member fields and the row's "file_number"
    member_updates: list[tuple[dict, dict]] = field(default_factory=list)  # (stored row, {field: [old, new]})
    heads_of_existing: dict[int, str] = field(default_factory=dict)  # household id -> its new head's ID
    offices: set[int] = field(default_factory=set)
    unchanged: int = 0

    @property
    def members_created(self) -> int:
        return len(self.new_members)

    @property
    def members_updated(self) -> int:
        return len(self.member_updates)


def differs(old, new) -> bool:
    if old in ("", None) and new in ("", None):
        return False
    return old != new


def plan_batch(
    batch: list[tuple[int, str, dict]],
    *,
    members: dict[str, dict],
    households: dict[str, dict],
    head_values: Callable[[str], dict],
    created_before: set[str] | dict[str, int | None],
) -> BatchPlan:
    """``batch``: (row number, raw national ID text, cleaned values) of rows without any file-level problem;
    ``members``: stored members by national ID (with ``household__file_number``); ``households``: stored
    households by file number; ``head_values(file_number)``: the household fields of that file's head row;
    ``created_before``: file numbers whose household an earlier batch of this import created."""
    plan = BatchPlan()
    accepted: list[tuple[dict, dict | None]] = []
    for number, raw_nid, values in batch:
        existing = members.get(values["national_id"])
        if existing is not None and existing["household__file_number"] != values["file_number"]:
            plan.conflicts.append((number, raw_nid, existing["id"], values["file_number"]))
            continue
        accepted.append((values, existing))

    for values, _existing in accepted:
        file_number = values["file_number"]
        if file_number in households or file_number in plan.new_households or file_number in created_before:
            continue
        head = head_values(file_number) or {}
        plan.new_households[file_number] = {"file_number": file_number,
                                            **{f: head.get(f) for f in HOUSEHOLD_COLUMNS}}  # fmt: skip

    for values, existing in accepted:
        file_number = values["file_number"]
        plan.offices.add(values["office_id"])
        household_changed = False
        if values["relation"] == "head" and file_number in households:
            old = households[file_number]
            new = head_values(file_number) or {}
            changes = {f: [old[f], new[f]] for f in HOUSEHOLD_COLUMNS if f in new and differs(old[f], new[f])}
            if changes:
                household_changed = True
                plan.household_updates.append((old, changes))
            plan.heads_of_existing[old["id"]] = values["national_id"]
        if existing is None:
            member = {f: values[f] for f in MEMBER_FIELDS if f in values}
            member["national_id"] = values["national_id"]
            member["file_number"] = file_number
            plan.new_members.append(member)
            continue
        if any(f not in values for f in NAME_COLUMNS):
            values = {
                **values,
                "name_key": name_parts_key(*(values.get(f, existing[f]) for f in NAME_COLUMNS)),
            }
        changes = {
            f: [existing[f], values[f]]
            for f in MEMBER_FIELDS
            if f in values and differs(existing[f], values[f])
        }
        if changes:
            plan.member_updates.append((existing, changes))
        elif not household_changed:
            plan.unchanged += 1
    return plan
