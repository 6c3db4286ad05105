"""The one table reader every import uses: what a clerk's file may look like, and what makes it unreadable."""

from datetime import date

import pytest
from openpyxl import Workbook

from tamkeen.core.exports import RejectionReport
from tamkeen.core.tables import MissingSheet, TableReader, UnreadableFile

COLUMNS = {"national_id": ("رقم الهوية",), "first_name": ("الاسم الأول",), "birth_date": ("تاريخ الميلاد",)}


def test_a_windows_1256_file_separated_by_semicolons_reads_with_its_arabic_headers(tmp_path):
    path = tmp_path / "office.csv"
    path.write_bytes(
        "رقم الهوية;الاسم الاول;ملاحظات\n1000000008;نورة;جديد\n\n1012345672;خالد;\n".encode("cp1256")
    )
    reader = TableReader(path, COLUMNS)
    assert reader.unknown_columns == ["ملاحظات"]
    # "الاسم الاول" without its hamza is the same header; the blank line is skipped but still numbered.
    assert list(reader.rows()) == [
        (2, {"national_id": "1000000008", "first_name": "نورة"}),
        (4, {"national_id": "1012345672", "first_name": "خالد"}),
    ]


def test_a_missing_required_column_makes_the_file_unreadable_before_any_row(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("الاسم الأول\nنورة\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="missing required columns: national_id"):
        TableReader(path, COLUMNS, required=("national_id",))


def test_a_file_with_no_known_header_or_no_file_at_all_is_unreadable(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="no known column"):
        TableReader(path, COLUMNS)
    with pytest.raises(UnreadableFile, match="no such file"):
        TableReader(tmp_path / "absent.csv", COLUMNS)


def test_an_xlsx_sheet_is_read_by_name_with_dates_kept_and_whole_numbers_as_text(tmp_path):
    workbook = Workbook()
    workbook.active.title = "notes"
    sheet = workbook.create_sheet("people")
    sheet.append(["تاريخ الميلاد", "رقم الهوية"])
    sheet.append([date(1990, 5, 1), 1000000008.0])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    rows = list(TableReader(path, COLUMNS, sheet="people").rows())
    assert rows == [(2, {"birth_date": date(1990, 5, 1), "national_id": "1000000008"})]
    with pytest.raises(MissingSheet):
        TableReader(path, COLUMNS, sheet="households")


def test_the_rejection_report_counts_every_line_and_writes_values_inert(tmp_path):
    path = tmp_path / "report.csv"
    with RejectionReport(path, header=("row", "column", "value", "reason", "current_state")) as report:
        report.add(2, "national_id", "=1+1", "invalid_national_id", "")
        report.add(3, "status", "hired", "invalid_transition", "declined")
    assert report.lines == 2
    assert path.read_text(encoding="utf-8-sig").splitlines() == [
        "row,column,value,reason,current_state",
        "2,national_id,'=1+1,invalid_national_id,",
        "3,status,hired,invalid_transition,declined",
    ]
    with RejectionReport(None) as counted_only:
        counted_only.add(2, "national_id", "", "missing_required")
    assert counted_only.lines == 1
