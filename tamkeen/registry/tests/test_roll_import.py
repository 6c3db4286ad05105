"""The roll import end to end: files in every form, every reason code, idempotence, strict, dry-run, crashes."""

import csv
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from openpyxl import load_workbook

from tamkeen.core.models import AuditEvent
from tamkeen.registry.models import Household, Member, RecordChange
from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.roll.reading import UnreadableFile

from .rollfiles import COLUMNS, household_rows, member_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(path, **options):
    return RollImporter(path, batch_size=options.pop("batch_size", 3), **options).run()


def report_lines(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def roll(world, tmp_path):
    rows = household_rows("700001", 3) + household_rows("700002", 2)
    return rows, write_csv(tmp_path / "roll.csv", rows)


def test_a_clean_roll_creates_households_and_members(roll):
    rows, path = roll
    result = run(path)
    assert result.summary() == {
        "rows": 5, "households_created": 2, "households_updated": 0, "members_created": 5, "members_updated": 0,
        "unchanged": 0, "rejected": 0, "flagged": 0,
    }  # fmt: skip
    household = Household.objects.get(file_number="700001")
    assert household.office.code == "SBY" and household.governorate.code == "SAB"
    assert household.monthly_income == Decimal("1500.00") and household.pension_amount == Decimal("2000.00")
    head = household.members.get(relation="head")
    assert head.national_id == rows[0]["national_id"]
    assert head.name_key == "احمد علي حسن المالكي"
    assert head.phone == "+966501234567"
    assert head.birth_date == date(1990, 1, 15)
    assert household.members.count() == 3
    assert AuditEvent.objects.filter(action="registry.roll_import.batch").exists()


def test_importing_the_same_file_again_changes_nothing(roll):
    _rows, path = roll
    run(path)
    before = list(Member.objects.values_list("id", "updated_at"))
    changes_before = RecordChange.objects.count()
    result = run(path)
    assert result.summary() == {
        "rows": 5, "households_created": 0, "households_updated": 0, "members_created": 0, "members_updated": 0,
        "unchanged": 5, "rejected": 0, "flagged": 0,
    }  # fmt: skip
    assert list(Member.objects.values_list("id", "updated_at")) == before
    assert RecordChange.objects.count() == changes_before


def test_a_changed_row_updates_only_changed_fields_with_history(roll, tmp_path):
    rows, path = roll
    run(path)
    rows[1]["phone"] = "0559876543"
    rows[0]["monthly_income"] = "1800"
    result = run(write_csv(tmp_path / "second.csv", rows))
    assert result.members_updated == 1
    assert result.households_updated == 1
    assert (
        result.unchanged == 3
    )  # the head row changed its household, not itself: neither unchanged nor updated
    wife = Member.objects.get(national_id=rows[1]["national_id"])
    assert wife.phone == "+966559876543"
    change = RecordChange.objects.get(member=wife)
    assert change.changes == {"phone": ["+966501234567", "+966559876543"]}
    assert change.source == "roll"
    assert Household.objects.get(file_number="700001").monthly_income == Decimal("1800.00")
    assert AuditEvent.objects.filter(action="registry.member.update", member_id=wife.pk).exists()


def test_a_member_missing_from_a_later_complete_roll_is_flagged_not_deleted(roll, tmp_path):
    rows, path = roll
    run(path)
    gone = rows.pop(2)
    run(write_csv(tmp_path / "later.csv", rows), complete=True)
    member = Member.objects.get(national_id=gone["national_id"])
    assert member.needs_review
    assert RecordChange.objects.filter(member=member, changes={"needs_review": [False, True]}).exists()
    # Other offices' members are not touched by a Sabya roll.
    assert not Member.objects.filter(household__office__code="FRS", needs_review=True).exists()


def test_a_new_head_in_an_existing_household_moves_the_old_one_aside(roll, tmp_path):
    rows, path = roll
    run(path)
    rows[0]["relation"], rows[1]["relation"] = "husband", "head"
    rows[1]["monthly_income"] = rows[0]["monthly_income"]
    rows[1]["pension_amount"] = rows[0]["pension_amount"]
    result = run(write_csv(tmp_path / "swap.csv", rows), batch_size=100)
    assert result.rejected == 0
    assert Member.objects.get(national_id=rows[1]["national_id"]).relation == "head"
    assert Member.objects.get(national_id=rows[0]["national_id"]).relation == "husband"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1256", ","), ("utf-8", ";"), ("utf-8", "\t"), ("cp1256", "\t"),
     ("utf-8-sig", ";")],
)  # fmt: skip
def test_encodings_and_separators(world, tmp_path, encoding, delimiter):
    rows = household_rows("700010", 2)
    path = write_csv(tmp_path / "roll.csv", rows, arabic=True, encoding=encoding, delimiter=delimiter)
    result = run(path)
    assert result.members_created == 2 and result.rejected == 0
    assert Member.objects.get(national_id=rows[0]["national_id"]).family_name == "المالكي"


def test_arabic_values_and_digits(world, tmp_path):
    rows = household_rows(
        "٧٠٠٠٢٠", 1, relation="رب الأسرة", gender="ذكر", birth_date="١٤٠٥/٠٧/١٢", phone="٠٥٠١٢٣٤٥٦٧",
        education="بكالوريوس", marital_status="متزوج", disability="حركية", work_capacity="قابل للتأهيل",
        governorate="صبياء", monthly_income="١٬٥٠٠", pension_amount="٢٠٠٠٫٥٠",
    )  # fmt: skip
    rows[0]["national_id"] = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in rows[0]["national_id"])
    result = run(write_csv(tmp_path / "ar.csv", rows, arabic=True, encoding="utf-8-sig"))
    assert result.rejected == 0, result
    member = Member.objects.get(household__file_number="700020")
    assert member.birth_date == date(1985, 4, 2)
    assert (member.education, member.marital_status, member.disability, member.work_capacity) == (
        "bachelor", "married", "physical", "rehabilitable",
    )  # fmt: skip
    assert member.household.pension_amount == Decimal("2000.50")


def test_xlsx_first_sheet_with_date_cells(world, tmp_path):
    rows = household_rows("700030", 2)
    rows[0]["birth_date"] = date(1980, 5, 6)
    rows[0]["national_id"] = int(rows[0]["national_id"])
    result = run(write_xlsx(tmp_path / "roll.xlsx", rows, arabic=True))
    assert result.members_created == 2 and result.rejected == 0
    assert Member.objects.get(household__file_number="700030", relation="head").birth_date == date(1980, 5, 6)


def test_unknown_columns_are_listed_and_column_order_does_not_matter(world, tmp_path):
    rows = household_rows("700040", 1)
    for row in rows:
        row["favourite colour"] = "blue"
    columns = ["favourite colour", *reversed(COLUMNS)]
    result = run(write_csv(tmp_path / "roll.csv", rows, columns=columns))
    assert result.unknown_columns == ["favourite colour"]
    assert result.members_created == 1


def test_header_matching_trims_and_casefolds(world, tmp_path):
    rows = household_rows("700041", 1)
    path = tmp_path / "roll.csv"
    header = [f"  {c.upper()} " for c in COLUMNS]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow([rows[0][c] for c in COLUMNS])
    assert run(path).members_created == 1


def test_every_reason_code_in_one_file(world, tmp_path):
    dup_id = "1000000008"
    existing_frs_id = world.head_frs.national_id
    rows = [
        # 700101: a good household except one bad member row (row-level rejection of that row only)
        *household_rows("700101", 2),
        member_row("700101", "son", national_id="1000000000"),  # invalid_national_id
        member_row("700101", "son", birth_date="1990-13-01"),  # invalid_date
        member_row("700101", "son", birth_date="2099-01-01"),  # future_date
        member_row("700101", "son", phone="0521234567"),  # invalid_phone
        member_row("700101", "son", office_code="NOPE"),  # unknown_office
        member_row("700101", "son", governorate="باريس"),  # unknown_governorate
        member_row("700101", "son", education="some college"),  # unknown_value
        member_row("700101", "son", first_name=""),  # missing_required
        member_row("700101", "son", national_id=dup_id),  # duplicate_in_file (1)
        member_row("700101", "son", national_id=existing_frs_id),  # belongs_to_other_household
        # 700102: two heads
        *household_rows("700102", 2),
        member_row("700102", "head"),
        # 700103: no head
        member_row("700103", "wife"),
        # 700104: the head's row is bad, so the household has no head
        member_row("700104", "head", birth_date="not a date"),
        member_row("700104", "son"),
        # 700105: duplicate (2) in another household
        *household_rows("700105", 1),
        member_row("700105", "son", national_id=dup_id),
    ]
    report = tmp_path / "report.csv"
    result = run(write_csv(tmp_path / "bad.csv", rows), report_path=report)
    lines = report_lines(report)
    codes = {line["reason"] for line in lines}
    assert codes == {
        "invalid_national_id", "invalid_date", "future_date", "invalid_phone", "unknown_office",
        "unknown_governorate", "unknown_value", "missing_required", "duplicate_in_file", "belongs_to_other_household",
        "household_with_two_heads", "household_without_head",
    }  # fmt: skip
    # Rows: 2+10 (700101) + 3 (700102) + 1 + 2 + 2 = 20; accepted: 2 (700101) + 1 (700105 head)
    assert result.rows == 20
    assert result.rejected == 17
    assert result.members_created == 3
    assert result.households_created == 2
    by_row = {}
    for line in lines:
        by_row.setdefault(int(line["row"]), set()).add(line["reason"])
    assert by_row[4] == {"invalid_national_id"}  # header is row 1
    assert by_row[11] == {"missing_required"}
    assert by_row[12] == {"duplicate_in_file"} and by_row[21] == {"duplicate_in_file"}
    assert by_row[13] == {"belongs_to_other_household"}
    assert by_row[14] == by_row[15] == by_row[16] == {"household_with_two_heads"}
    assert by_row[17] == {"household_without_head"}
    assert by_row[18] == {"invalid_date"} and by_row[19] == {"household_without_head"}
    # The other household's member was not moved, and was put up for review.
    world.head_frs.refresh_from_db()
    assert world.head_frs.household == world.household_frs and world.head_frs.needs_review
    line = next(line for line in lines if line["reason"] == "invalid_phone")
    assert (line["column"], line["value"]) == ("phone", "0521234567")


def test_strict_writes_nothing_when_a_row_is_rejected(world, tmp_path):
    rows = [*household_rows("700201", 2), member_row("700202", "head", national_id="1000000000")]
    path = write_csv(tmp_path / "strict.csv", rows)
    result = run(path, strict=True, report_path=tmp_path / "r.csv")
    assert result.strict_failed and result.rejected == 1
    assert not Household.objects.filter(file_number__startswith="7002").exists()
    assert len(report_lines(tmp_path / "r.csv")) == 1
    clean = write_csv(tmp_path / "clean.csv", rows[:2])
    result = run(clean, strict=True)
    assert not result.strict_failed and result.members_created == 2


def test_dry_run_counts_without_writing(roll):
    _rows, path = roll
    result = run(path, dry_run=True)
    assert result.summary()["members_created"] == 5 and result.households_created == 2
    assert not Household.objects.filter(file_number__startswith="7000").exists()
    assert not AuditEvent.objects.filter(action__startswith="registry.roll_import").exists()


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the set-based import runs on PostgreSQL"
)


def test_a_killed_row_wise_import_leaves_whole_batches_and_a_rerun_completes(world, tmp_path):
    rows = household_rows("700301", 2) + household_rows("700302", 2) + household_rows("700303", 2)
    path = write_csv(tmp_path / "roll.csv", rows)
    calls = []

    def die_after_first_batch(done, total):
        calls.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        RollImporter(path, batch_size=2, progress=die_after_first_batch, method="rows").run()
    assert Member.objects.filter(household__file_number__startswith="7003").count() == 2
    result = RollImporter(path, batch_size=2, method="rows").run()
    assert result.unchanged == 2 and result.members_created == 4
    assert Member.objects.filter(household__file_number__startswith="7003").count() == 6


@needs_postgresql
def test_a_killed_set_based_import_leaves_nothing_and_a_rerun_completes(world, tmp_path):
    rows = household_rows("700301", 2) + household_rows("700302", 2) + household_rows("700303", 2)
    path = write_csv(tmp_path / "roll.csv", rows)

    def die_after_reading(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        RollImporter(path, progress=die_after_reading, method="sets").run()
    assert not Member.objects.filter(household__file_number__startswith="7003").exists()
    result = RollImporter(path, method="sets").run()
    assert result.members_created == 6 and result.households_created == 3
    assert RollImporter(path, method="sets").run().unchanged == 6


def test_a_failing_batch_is_rolled_back_whole(world, tmp_path, monkeypatch):
    from tamkeen.registry.roll import apply

    rows = household_rows("700401", 3)
    path = write_csv(tmp_path / "roll.csv", rows)

    original = apply.insert_rows

    def broken_insert(model, rows, now):
        if model is Member:  # the households of the batch are already written when this fails
            raise RuntimeError("disk full")
        original(model, rows, now)

    monkeypatch.setattr(apply, "insert_rows", broken_insert)
    with pytest.raises(RuntimeError):
        RollImporter(path, batch_size=10, method="rows").run()
    assert not Household.objects.filter(file_number="700401").exists()


@needs_postgresql
def test_a_set_based_import_failing_after_its_inserts_leaves_nothing(world, tmp_path, monkeypatch):
    from tamkeen.registry.roll import sets

    path = write_csv(tmp_path / "roll.csv", household_rows("700401", 3) + household_rows("700402", 2))

    def broken_audit(*args, **kwargs):  # households and members are inserted when this fails
        assert Member.objects.filter(household__file_number="700402").count() == 2
        raise RuntimeError("disk full")

    monkeypatch.setattr(sets.SetBasedApply, "_creation_audit", staticmethod(broken_audit))
    with pytest.raises(RuntimeError):
        RollImporter(path, method="sets").run()
    assert not Household.objects.filter(file_number__in=["700401", "700402"]).exists()


def test_command_prints_the_json_line_and_exit_codes(roll, tmp_path, capsys):
    _rows, path = roll
    call_command("import_roll", str(path))
    out = json.loads(capsys.readouterr().out.strip())
    assert out == {
        "rows": 5, "households_created": 2, "households_updated": 0, "members_created": 5, "members_updated": 0,
        "unchanged": 0, "rejected": 0, "flagged": 0,
    }  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        call_command("import_roll", str(tmp_path / "nope.csv"))
    assert exit_.value.code == 2
    bad = write_csv(tmp_path / "bad.csv", [member_row("700501", "head", national_id="1")])
    with pytest.raises(SystemExit) as exit_:
        call_command("import_roll", str(bad), "--strict", "--report", str(tmp_path / "r.xlsx"))
    assert exit_.value.code == 3
    with pytest.raises(SystemExit) as exit_:
        call_command("import_roll", str(bad), "--strict", "--dry-run")
    assert exit_.value.code == 3
    capsys.readouterr()
    call_command("import_roll", str(bad), "--dry-run")
    assert json.loads(capsys.readouterr().out.strip())["rejected"] == 1
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert [c.value for c in next(sheet.iter_rows())] == ["row", "column", "value", "reason"]
    assert [c.value for c in list(sheet.iter_rows())[1]] == [2, "national_id", "1", "invalid_national_id"]


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"just,some,words\n1,2,3\n"])
def test_unreadable_files(world, tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile):
        RollImporter(path).run()


def test_a_broken_xlsx_is_unreadable(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(UnreadableFile):
        RollImporter(path).run()


def test_a_roll_with_only_a_header_or_only_bad_rows_imports_nothing(world, tmp_path):
    empty = run(write_csv(tmp_path / "empty.csv", []))
    assert empty.summary() == {
        "rows": 0, "households_created": 0, "households_updated": 0, "members_created": 0, "members_updated": 0,
        "unchanged": 0, "rejected": 0, "flagged": 0,
    }  # fmt: skip
    bad = [member_row("700601", "head", national_id="1"), member_row("700601", "son", birth_date="")]
    result = run(write_csv(tmp_path / "bad.csv", bad), report_path=tmp_path / "r.csv")
    assert (result.rows, result.rejected, result.members_created) == (2, 2, 0)
    assert [line["reason"] for line in report_lines(tmp_path / "r.csv")] == [
        "invalid_national_id", "missing_required", "household_without_head",
    ]  # fmt: skip
