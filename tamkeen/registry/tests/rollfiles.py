"""Small roll files for tests: rows as dicts, written in any encoding, separator or as XLSX."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.personas import next_national_id

COLUMNS = ["file_number", "office_code", "national_id", "relation", "first_name", "father_name",
           "grandfather_name", "family_name", "gender", "birth_date", "phone", "education", "marital_status",
           "disability", "work_capacity", "governorate", "monthly_income", "pension_amount"]  # fmt: skip
ARABIC = {
    "file_number": "رقم الملف", "office_code": "رمز المكتب", "national_id": "رقم الهوية",
    "relation": "صلة القرابة", "first_name": "الاسم الأول", "father_name": "اسم الأب",
    "grandfather_name": "اسم الجد", "family_name": "اسم العائلة", "gender": "الجنس",
    "birth_date": "تاريخ الميلاد", "phone": "الجوال", "education": "المؤهل",
    "marital_status": "الحالة الاجتماعية", "disability": "الإعاقة", "work_capacity": "القدرة على العمل",
    "governorate": "المحافظة", "monthly_income": "الدخل الشهري", "pension_amount": "مبلغ المعاش",
}  # fmt: skip


def member_row(file_number: str, relation: str = "head", **fields) -> dict:
    row = {
        "file_number": file_number,
        "office_code": "SBY",
        "national_id": next_national_id(),
        "relation": relation,
        "first_name": "أحمد",
        "father_name": "علي",
        "grandfather_name": "حسن",
        "family_name": "المالكي",
        "gender": "F" if relation in ("wife", "daughter", "mother", "sister") else "M",
        "birth_date": "1990-01-15",
        "phone": "0501234567",
        "education": "secondary",
        "marital_status": "married",
        "disability": "none",
        "work_capacity": "able",
        "governorate": "صبيا",
        "monthly_income": "1500",
        "pension_amount": "2000",
    }
    row.update(fields)
    return row


def household_rows(file_number: str, size: int = 3, **head_fields) -> list[dict]:
    rows = [member_row(file_number, head_fields.pop("relation", "head"), **head_fields)]
    relations = ["wife", "son", "daughter", "son", "daughter"]
    for index in range(size - 1):
        rows.append(member_row(file_number, relations[index % len(relations)], first_name=f"فرد{index}"))
    return rows


def write_csv(path: Path, rows: list[dict], *, columns=None, arabic: bool = False, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:  # fmt: skip
    columns = columns or COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([ARABIC.get(c, c) if arabic else c for c in columns])
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[dict], *, columns=None, arabic: bool = False) -> Path:
    from openpyxl import Workbook

    columns = columns or COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.append([ARABIC.get(c, c) if arabic else c for c in columns])
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    book.save(path)
    return path
