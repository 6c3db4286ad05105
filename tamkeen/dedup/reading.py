"""Reading a person file for linkage (files.md §4) through the platform's table reader (``tamkeen.core.tables``):
CSV (UTF-8, UTF-8 BOM or Windows-1256; comma, semicolon or tab) or XLSX (first sheet); headers in English or
Arabic; unknown columns ignored and listed. Every record carries every column (empty when the file has none)."""

from __future__ import annotations

from pathlib import Path

from tamkeen.core.digits import normalise_digits
from tamkeen.core.tables import TableReader, UnreadableFile

COLUMNS = (
    "record_id",
    "national_id",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "gender",
    "birth_date",
    "phone",
    "governorate",
)
REQUIRED = ("record_id", "first_name", "family_name")

ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("id", "رقم السجل", "المعرف"),
    "national_id": ("رقم الهوية", "الهوية", "السجل المدني"),
    "first_name": ("الاسم الأول", "الاسم"),
    "father_name": ("اسم الأب",),
    "grandfather_name": ("اسم الجد",),
    "family_name": ("اسم العائلة", "العائلة", "القبيلة"),
    "gender": ("الجنس",),
    "birth_date": ("تاريخ الميلاد",),
    "phone": ("mobile", "الجوال", "رقم الجوال", "الهاتف"),
    "governorate": ("المحافظة",),
}

__all__ = ["COLUMNS", "PersonFile", "UnreadableFile", "read_person_file"]


class PersonFile:
    def __init__(self, rows: list[dict], unknown_columns: list[str]):
        self.rows = rows
        self.unknown_columns = unknown_columns


def _cell(value) -> str:
    if hasattr(value, "isoformat"):  # an XLSX date cell
        return value.isoformat()[:10]
    return normalise_digits(str(value)).strip()


def read_person_file(path: str | Path) -> PersonFile:
    reader = TableReader(path, ALIASES, required=REQUIRED)
    rows = []
    for _number, cells in reader.rows():
        row = dict.fromkeys(COLUMNS, "")
        for column, value in cells.items():
            row[column] = _cell(value) if column != "record_id" else str(value).strip()
        rows.append(row)
    return PersonFile(rows, list(reader.unknown_columns))
