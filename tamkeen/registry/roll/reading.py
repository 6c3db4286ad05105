"""Streaming rows out of a CSV or XLSX file (contracts/files.md): encodings, separators, header aliases.

Nothing here knows what a roll means beyond its column names: ``read_rows`` yields ``(row_number, {column:
raw value})`` one row at a time, so memory stays flat however large the file is.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tamkeen.core.names import normalise_name

# Each column's English name and the Arabic header of files.md §1, plus a few spellings clerks use.
ROLL_COLUMNS: dict[str, tuple[str, ...]] = {
    "file_number": ("رقم الملف", "رقم ملف الضمان", "file no"),
    "office_code": ("رمز المكتب", "office"),
    "national_id": ("رقم الهوية", "رقم السجل المدني", "national id", "id number"),
    "relation": ("صلة القرابة", "القرابة"),
    "first_name": ("الاسم الأول",),
    "father_name": ("اسم الأب",),
    "grandfather_name": ("اسم الجد",),
    "family_name": ("اسم العائلة",),
    "gender": ("الجنس",),
    "birth_date": ("تاريخ الميلاد",),
    "phone": ("الجوال", "رقم الجوال", "mobile"),
    "education": ("المؤهل", "المؤهل العلمي"),
    "marital_status": ("الحالة الاجتماعية",),
    "disability": ("الإعاقة", "نوع الإعاقة"),
    "work_capacity": ("القدرة على العمل",),
    "governorate": ("المحافظة",),
    "monthly_income": ("الدخل الشهري",),
    "pension_amount": ("مبلغ المعاش",),
}

SAMPLE_BYTES = 256 * 1024


class UnreadableFile(Exception):
    """The file cannot be read at all (exit code 2): missing, not CSV/XLSX, undecodable, no known header."""


def header_key(text: object) -> str:
    return normalise_name(str(text or "").strip().casefold())


def alias_map(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column, aliases in columns.items():
        for spelling in (column, *aliases):
            mapping[header_key(spelling)] = column
    return mapping


@dataclass
class Header:
    positions: dict[str, int]  # column -> index in the row
    unknown: list[str] = field(default_factory=list)

    @property
    def columns(self) -> set[str]:
        return set(self.positions)


def match_header(cells: list[object], columns: dict[str, tuple[str, ...]]) -> Header:
    aliases = alias_map(columns)
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        column = aliases.get(header_key(cell))
        if column is None:
            if str(cell or "").strip():
                unknown.append(str(cell).strip())
        elif column not in positions:
            positions[column] = index
    if not positions:
        raise UnreadableFile("no known column in the header")
    return Header(positions, unknown)


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # A multi-byte character cut by the sample's end is fine.
    except UnicodeDecodeError:
        return "cp1256"
    return "utf-8"


def sniff_delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _cell_text(value: object) -> object:
    """XLSX cells as the CSV reader would see them: text, except dates, which stay dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_blank(cells: list[object]) -> bool:
    return all(not isinstance(cell, date) and not str(cell).strip() for cell in cells)


def _refuse_zip_bomb(path: Path) -> None:
    """Before openpyxl inflates anything: a sheet compressed far beyond any real one is refused (the web form
    checks the same and more; a command-line import of a large, honest file is not capped in size)."""
    import dataclasses
    import sys
    import zipfile

    from django.core.exceptions import ValidationError

    from tamkeen.core.uploads import UploadLimits, check_zip_bomb

    limits = dataclasses.replace(UploadLimits.from_settings(), max_uncompressed_bytes=sys.maxsize)
    try:
        with zipfile.ZipFile(path) as zip_file:
            check_zip_bomb(zip_file, limits)
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(f"not an XLSX file: {exc}") from exc
    except ValidationError as exc:
        raise UnreadableFile(" ".join(str(message) for message in exc.messages)) from exc


class TableReader:
    """Opens a file and yields its rows; ``header`` and ``unknown_columns`` are known once opened."""

    def __init__(self, path: str | Path, columns: dict[str, tuple[str, ...]] = ROLL_COLUMNS) -> None:
        self.path = Path(path)
        self.columns = columns
        if not self.path.is_file():
            raise UnreadableFile(f"no such file: {self.path}")
        self.is_xlsx = self.path.suffix.lower() in (".xlsx", ".xlsm")
        with self.path.open("rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
        if sample.startswith(b"PK\x03\x04"):
            self.is_xlsx = True
        if not self.is_xlsx:
            self.encoding = detect_encoding(sample)
            try:
                text = sample.decode(self.encoding, errors="ignore")
            except LookupError as exc:  # pragma: no cover - both encodings exist
                raise UnreadableFile(str(exc)) from exc
            if "\x00" in text:
                raise UnreadableFile("binary file")
            self.delimiter = sniff_delimiter(text.lstrip("\ufeff").splitlines()[0] if text.strip() else "")
        self.header = self._read_header()

    @property
    def unknown_columns(self) -> list[str]:
        return self.header.unknown

    def _raw_rows(self) -> Iterator[tuple[int, list[object]]]:
        if self.is_xlsx:
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[object]]]:
        try:
            with self.path.open("r", encoding=self.encoding, newline="") as handle:
                reader = csv.reader(handle, delimiter=self.delimiter)
                yield from enumerate(reader, start=1)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"cannot decode the file as {self.encoding}: {exc}") from exc
        except csv.Error as exc:
            raise UnreadableFile(f"not a CSV file: {exc}") from exc

    def _xlsx_rows(self) -> Iterator[tuple[int, list[object]]]:
        from openpyxl import load_workbook

        _refuse_zip_bomb(self.path)
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise UnreadableFile(f"not an XLSX file: {exc}") from exc
        try:
            sheet = workbook.worksheets[0]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(cell) for cell in cells]
        finally:
            workbook.close()

    def _read_header(self) -> Header:
        for _number, cells in self._raw_rows():
            if _is_blank(cells):
                continue
            return match_header(cells, self.columns)
        raise UnreadableFile("the file is empty")

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number, {column: raw value}) for every non-blank data row; the header is row 1."""
        positions = self.header.positions
        seen_header = False
        for number, cells in self._raw_rows():
            if _is_blank(cells):
                continue
            if not seen_header:
                seen_header = True
                continue
            yield (
                number,
                {
                    column: (cells[index] if index < len(cells) and cells[index] is not None else "")
                    for column, index in positions.items()
                },
            )


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, object]]]:
    return TableReader(path).rows()


__all__ = ["ROLL_COLUMNS", "TableReader", "UnreadableFile", "read_rows"]
