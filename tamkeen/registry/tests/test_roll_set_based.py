"""The set-based import (PostgreSQL) gives the same report, the same JSON summary and the same registry as the
row-wise import, on generated rolls with every kind of bad row, a first import and a changed second one.

Each roll is imported twice from the same state: row-wise inside a savepoint that is then rolled back, and
set-based. Khalid's office (Sabya) and every other Jazan office are configured; the second roll moves heads,
changes phones and incomes, lists Farasan members under Sabya files (``belongs_to_other_household``) and is
declared complete, so every flag kind appears too.
"""

import csv
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction

from bench.roll_file import COLUMNS, write_roll
from tamkeen.core.models import AuditEvent
from tamkeen.dedup.models import DuplicateCandidate
from tamkeen.geography.models import Governorate, Office, Region
from tamkeen.geography.selectors import load_data_file
from tamkeen.registry.models import Household, Member, RecordChange, ReviewFlag
from tamkeen.registry.roll.apply import RollImporter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"),
]


def jazan_offices() -> None:
    data = load_data_file("jazan_offices.json")
    region = Region.objects.get(code=data["region"])
    for row in data["offices"]:
        office, created = Office.objects.get_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_en": row["name_en"],
                "region": region,
            },
        )
        if created:
            office.governorates.set(Governorate.objects.filter(code__in=row["governorates"]))


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def report(path: Path) -> list[tuple]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sorted((int(r["row"]), r["column"], r["value"], r["reason"]) for r in csv.DictReader(handle))


def registry_state() -> dict:
    """Everything an import writes, keyed by file numbers and national IDs (ids differ between the runs)."""
    nid = dict(Member.objects.values_list("id", "national_id"))
    files = dict(Household.objects.values_list("id", "file_number"))
    member_fields = ("national_id", "household__file_number", "relation", "first_name", "father_name",
                     "grandfather_name", "family_name", "name_key", "gender", "birth_date", "phone", "education",
                     "marital_status", "disability", "work_capacity", "needs_review")  # fmt: skip
    household_fields = ("file_number", "office__code", "governorate__code", "monthly_income", "pension_amount",
                        "status", "is_prospect", "needs_review")  # fmt: skip
    audit = Counter()
    created_files, created_members = set(), 0
    for action, object_type, object_id, member_id, changes, reason in AuditEvent.objects.filter(
        action__startswith="registry."
    ).values_list("action", "object_type", "object_id", "member_id", "changes", "reason"):
        if action == "registry.roll_import.batch":
            created_files |= {files[i] for i in changes["households_created"]}
            created_members += changes["members_created"]
            continue
        key = nid.get(int(object_id)) if object_type == "registry.member" else files.get(int(object_id or 0))
        audit[
            (action, object_type, key, nid.get(member_id), json.dumps(changes, sort_keys=True), reason)
        ] += 1
    return {
        "households": sorted(Household.objects.values_list(*household_fields)),
        "members": sorted(Member.objects.values_list(*member_fields)),
        "history": Counter(
            (files[h], nid.get(m), source, json.dumps(changes, sort_keys=True), reason)
            for h, m, source, changes, reason in RecordChange.objects.values_list(
                "household_id", "member_id", "source", "changes", "reason"
            )
        ),
        "flags": Counter(
            (nid[m], reason, source)
            for m, reason, source in ReviewFlag.objects.values_list("member_id", "reason", "source")
        ),
        "pairs": sorted(
            (*sorted((nid[a], nid[b])), status)
            for a, b, status in DuplicateCandidate.objects.values_list("low_id", "high_id", "status")
        ),
        "audit": audit,
        "created_files": created_files,
        "created_members": created_members,
    }


def both_ways(path: Path, tmp_path: Path, **options) -> tuple[dict, dict]:
    """(summary, report, state) of the row-wise import and of the set-based import, from the same state."""
    outcomes = {}
    for method in ("rows", "sets"):
        report_path = tmp_path / f"report-{method}.csv"
        sid = transaction.savepoint_create()
        before = set(AuditEvent.objects.values_list("id", flat=True))
        # One batch: the row-wise import's batch boundaries then match the set-based import's single statement.
        importer = RollImporter(path, method=method, report_path=report_path, batch_size=10**6, **options)
        result = importer.run()
        assert importer.method_used == method
        state = registry_state()
        state["new_audit_events"] = AuditEvent.objects.exclude(id__in=before).count() > 0
        outcomes[method] = (result.summary(), report(report_path) if report_path.exists() else [], state)
        if method == "rows":
            transaction.savepoint_rollback(sid)
        else:
            transaction.savepoint_commit(sid)
    return outcomes["rows"], outcomes["sets"]


def assert_same(rows, sets):
    summary_rows, report_rows, state_rows = rows
    summary_sets, report_sets, state_sets = sets
    assert summary_sets == summary_rows
    assert report_sets == report_rows
    for key in state_rows:
        assert state_sets[key] == state_rows[key], key


@pytest.fixture
def roll(world, tmp_path):
    jazan_offices()
    path = tmp_path / "roll.csv"
    expected = write_roll(
        path, 1200, seed=7, bad_fraction=0.08, start_file_number=90_000_001, id_offset=90_000_000
    )
    return path, expected


def test_a_first_roll_with_every_kind_of_bad_row(roll, tmp_path):
    path, expected = roll
    rows, sets = both_ways(path, tmp_path)
    assert_same(rows, sets)
    summary, lines, _state = sets
    assert summary["rejected"] == expected["rejected"]
    assert {line[3] for line in lines} == set(expected["by_reason"])
    assert len(expected["by_reason"]) == 11  # every reason the generator plants


def test_a_changed_second_roll_updates_moves_heads_and_flags_the_same(roll, world, tmp_path):
    path, _expected = roll
    RollImporter(path, method="rows").run()
    rng = random.Random(15)
    rows = read_rows(path)
    by_file: dict[str, list[dict]] = {}
    for row in rows:
        by_file.setdefault(row["file_number"], []).append(row)
    changed = []
    for members in by_file.values():
        roll_ = rng.random()
        if roll_ < 0.05:
            continue  # not in the complete roll: its members are flagged
        members = [dict(m) for m in members]
        if roll_ < 0.15 and len(members) > 1 and members[0]["relation"] == "head":
            members[0]["relation"], members[1]["relation"] = "husband", "head"
            members[1]["monthly_income"], members[1]["pension_amount"] = "", members[0]["pension_amount"]
        elif roll_ < 0.3:
            members[-1]["phone"] = "0551234567"
            members[0]["monthly_income"] = "777"
        elif roll_ < 0.35:
            members[-1]["education"] = "doctorate"
        changed.extend(members)
    # Farasan's head and Sabya's son listed under a generated Sabya file: belongs_to_other_household.
    sabya_file = next(
        r["file_number"] for r in changed if r["office_code"].upper() == "SBY" and r["relation"] == "head"
    )
    template = next(r for r in changed if r["file_number"] == sabya_file)
    for member in (world.head_frs, world.son_sby):
        changed.append({**template, "relation": "son", "national_id": member.national_id})
    # A new household whose head's ID is held by Farasan's wife: the whole household is turned away.
    changed.append(
        {**template, "file_number": "99999991", "relation": "head", "national_id": world.wife_sby.national_id}
    )
    changed.append({**template, "file_number": "99999991", "relation": "son", "national_id": "1000000008"})
    second = write_rows(tmp_path / "second.csv", changed)
    rows_way, sets_way = both_ways(second, tmp_path, complete=True)
    assert_same(rows_way, sets_way)
    summary = sets_way[0]
    assert summary["members_updated"] > 0 and summary["households_updated"] > 0 and summary["flagged"] > 0
    assert {line[3] for line in sets_way[1]} >= {"belongs_to_other_household", "household_without_head"}
    assert sets_way[2]["pairs"], "the conflicts are pairs in the review queue"

    again = RollImporter(second, method="sets", complete=True).run()
    assert again.unchanged == again.rows - again.rejected
    assert (again.members_created, again.members_updated, again.households_updated) == (0, 0, 0)
