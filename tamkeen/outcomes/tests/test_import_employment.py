"""Nora's office reported hires; the social-insurance file verifies, refutes and discovers."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from tamkeen.outcomes.employment import Hire, Spell, plan
from tamkeen.outcomes.models import FollowUp, Outcome
from tamkeen.outcomes.services import outcome_report
from tests.personas import next_national_id

HEADER_AR = "رقم الهوية,رقم المنشأة,اسم المنشأة,الأجر,تاريخ الالتحاق,تاريخ الانتهاء\n"


def run(tmp_path, text, name="gosi.csv", encoding="utf-8-sig", report=None):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    out, err = StringIO(), StringIO()
    args = [str(path)] + (["--report", str(report)] if report else [])
    call_command("import_employment", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue())


def spell(start, row=2, end=None):
    return Spell(row, "1000000008", "700", "", 5000, start, end)


def test_plan_verifies_the_closest_hire_within_60_days_and_discovers_the_rest():
    hires = [Hire(1, 10, date(2019, 1, 1), "reported"), Hire(2, 10, date(2019, 6, 1), "reported")]
    result = plan(
        {10: [spell(date(2019, 2, 20)), spell(date(2020, 1, 1), row=3)]},
        hires,
        (date(2018, 1, 1), date(2020, 1, 1)),
    )
    assert [i for i, _ in result.verify] == [1]
    assert result.refute == [2]
    assert [(m, s.start) for m, s in result.discover] == [(10, date(2020, 1, 1))]


def test_plan_refutes_only_once_the_file_covers_the_hire_and_its_window():
    hires = [Hire(1, 10, date(2019, 12, 1), "reported"), Hire(2, 11, date(2017, 1, 1), "reported")]
    result = plan({}, hires, (date(2018, 1, 1), date(2020, 1, 1)))
    assert result.refute == []


def test_plan_never_verifies_a_discovered_hire_nor_discovers_it_twice():
    hires = [Hire(5, 10, date(2019, 2, 20), "reported", is_discovered=True)]
    result = plan({10: [spell(date(2019, 2, 20))]}, hires, (date(2019, 2, 20), date(2019, 12, 1)))
    assert (result.verify, result.discover, result.refute) == ([], [], [])


@pytest.fixture
def hires(world):
    hired = outcome_report(
        actor=world.worker_sby,
        member=world.head_sby,
        kind="hired",
        date=date(2025, 3, 1),
        entity=world.employer,
        employer_name="الساحل",
        wage=4500,
    )
    phantom = outcome_report(
        actor=world.worker_sby, member=world.wife_sby, kind="hired", date=date(2025, 2, 1)
    )
    return hired, phantom


def test_the_file_verifies_refutes_discovers_and_reports(world, hires, tmp_path):
    hired, phantom = hires
    unknown = next_national_id()
    text = HEADER_AR + (
        f"{world.head_sby.national_id},700100,الساحل,4500,2025-03-10,\n"
        f"{world.head_frs.national_id},700200,مؤسسة فرسان,٤٠٠٠,1446/09/01,\n"
        f"{unknown},700300,,3000,2025-01-01,\n"
        "1000000000,700400,,3000,2025-01-01,\n"
        f"{world.son_sby.national_id},,,abc,2025-13-01,\n"
        f"{world.son_sby.national_id},700500,,3000,2024-11-01,2025-06-30\n"
    )
    report = tmp_path / "rejected.csv"
    assert run(tmp_path, text, report=report) == {
        "rows": 6,
        "verified": 1,
        "refuted": 1,
        "unmatched": 1,
        "rejected": 2,
    }
    hired.refresh_from_db()
    phantom.refresh_from_db()
    assert (hired.verification_status, hired.evidence_kind) == ("verified", "social_insurance")
    assert phantom.verification_status == "refuted"
    assert sorted(FollowUp.objects.filter(outcome=hired).values_list("months", flat=True)) == [3, 6, 12]
    assert FollowUp.objects.filter(outcome=hired, assigned_to=world.worker_sby).count() == 3
    discovered = Outcome.objects.filter(is_discovered=True)
    assert sorted(discovered.values_list("member__national_id", flat=True)) == sorted(
        [world.head_frs.national_id, world.son_sby.national_id]
    )
    assert set(discovered.values_list("verification_status", flat=True)) == {"reported"}
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,reason"
    assert "5,national_id,1000000000,invalid_national_id" in lines
    assert {line.split(",")[3] for line in lines[1:]} >= {
        "missing_required",
        "invalid_amount",
        "invalid_date",
    }
    # The same file again changes nothing.
    assert run(tmp_path, text) == {"rows": 6, "verified": 0, "refuted": 0, "unmatched": 1, "rejected": 2}
    assert Outcome.objects.filter(is_discovered=True).count() == 2


def test_windows_1256_semicolons_and_english_headers(world, hires, tmp_path):
    text = (
        "national_id;establishment_number;wage;start_date;extra\n"
        f"{world.head_sby.national_id};700100;4500;01/03/2025;x\n"
    )
    assert run(tmp_path, text, encoding="cp1256")["verified"] == 1


def test_an_unreadable_file_exits_2_and_changes_nothing(world, hires, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(SystemExit) as exit_:
        call_command("import_employment", str(path), stdout=StringIO(), stderr=StringIO())
    assert exit_.value.code == 2
    assert not Outcome.objects.filter(verification_status="verified").exists()


def test_an_xlsx_file_with_arabic_headers_and_date_cells(world, hires, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["رقم الهوية", "رقم المنشأة", "الأجر", "تاريخ الالتحاق", "تاريخ الانتهاء"])
    sheet.append([int(world.head_sby.national_id), 700100, 4500.0, date(2025, 3, 2), None])
    path = tmp_path / "gosi.xlsx"
    book.save(path)
    out = StringIO()
    call_command("import_employment", str(path), stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue()) == {
        "rows": 1,
        "verified": 1,
        "refuted": 0,
        "unmatched": 0,
        "rejected": 0,
    }
