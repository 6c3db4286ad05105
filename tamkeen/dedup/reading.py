"""Reading a person file for linkage (files.md §4): CSV (UTF-8, UTF-8 BOM or Windows-1256; comma, semicolon or
tab) or XLSX (first sheet); headers in English or Arabic, trimmed and case-folded; unknown columns ignored
and listed. No shared tabular reader existed when this was written; replace with it when one lands.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from tamkeen.core.digits import normalise_digits

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

ALIASES = {
    "record_id": ("record_id", "id", "رقم السجل", "المعرف"),
    "national_id": ("national_id", "رقم الهوية", "الهوية", "السجل المدني"),
    "first_name": ("first_name", "الاسم الأول", "الاسم الاول", "الاسم"),
    "father_name": ("father_name", "اسم الأب", "اسم الاب"),
    "grandfather_name": ("grandfather_name", "اسم الجد"),
    "family_name": ("family_name", "اسم العائلة", "العائلة", "القبيلة"),
    "gender": ("gender", "الجنس"),
    "birth_date": ("birth_date", "تاريخ الميلاد"),
    "phone": ("phone", "mobile", "الجوال", "رقم الجوال", "الهاتف"),
    "governorate": ("governorate", "المحافظة"),
}
_BY_HEADER = {alias.strip().casefold(): column for column, aliases in ALIASES.items() for alias in aliases}


class UnreadableFile(Exception):
    pass


class PersonFile:
    def __init__(self, rows: list[dict], unknown_columns: list[str]):
        self.rows = rows
        self.unknown_columns = unknown_columns


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("unknown encoding")


def _map_header(header: list[str]) -> tuple[list[str | None], list[str]]:
    mapped, unknown = [], []
    for name in header:
        key = str(name or "").strip().casefold()
        column = _BY_HEADER.get(key)
        mapped.append(column)
        if column is None and key:
            unknown.append(str(name).strip())
    missing = [column for column in REQUIRED if column not in mapped]
    if missing:
        raise UnreadableFile(f"missing required columns: {', '.join(missing)}")
    return mapped, unknown


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return normalise_digits(str(value)).strip() if isinstance(value, (int, str)) else str(value).strip()


def _rows(table: Iterator[list], mapped: list[str | None]) -> list[dict]:
    rows = []
    for values in table:
        if not any(str(v or "").strip() for v in values):
            continue
        row = dict.fromkeys(COLUMNS, "")
        for column, value in zip(mapped, values, strict=False):
            if column:
                row[column] = _cell(value) if column != "record_id" else str(value or "").strip()
        rows.append(row)
    return rows


def read_person_file(path: str | Path) -> PersonFile:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(str(exc)) from exc
    if path.suffix.lower() in (".xlsx", ".xlsm") or raw[:2] == b"PK":
        try:
            from openpyxl import load_workbook

            workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise UnreadableFile(str(exc)) from exc
        table = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(table, None)
        if header is None:
            raise UnreadableFile("empty sheet")
        mapped, unknown = _map_header(list(header))
        return PersonFile(_rows(table, mapped), unknown)
    text = _decode(raw)
    sample = text[:4096]
    first_line = sample.splitlines()[0] if sample else ""
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise UnreadableFile("empty file")
    mapped, unknown = _map_header(header)
    return PersonFile(_rows(reader, mapped), unknown)
