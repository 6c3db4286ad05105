"""The one way the platform reads a table out of a file (CSV or XLSX), for every import.

CSV in UTF-8 (with or without a BOM) or Windows-1256, separated by commas, semicolons or tabs; XLSX (the first
sheet, or a named one). The caller passes its columns, each with the header spellings it accepts: headers match
after trimming, case-folding and Arabic name normalisation (so "الاسم الاول" finds "الاسم الأول"); unknown headers
are kept and listed, never fatal. ``TableReader.rows()`` yields ``(row number, {column: raw value})`` one row at a
time, so memory stays flat however large the file is. What a column means is the caller's business.

    reader = TableReader(path, {"national_id": ("رقم الهوية",)}, required=("national_id",))
    for number, cells in reader.rows(): ...
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tamkeen.core.names import normalise_name

Columns = dict[str, tuple[str, ...]]

SAMPLE_BYTES = 256 * 1024


class UnreadableFile(Exception):
    """The file cannot be read at all (exit code 2): missing, not CSV/XLSX, undecodable, no known header."""


class MissingSheet(UnreadableFile):
    """The workbook has no sheet of the name asked for (a caller reading optional sheets skips it)."""


def header_key(text: object) -> str:
    return normalise_name(str(text or "").strip().casefold())


def alias_map(columns: Columns) -> dict[str, str]:
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


def match_header(cells: list[object], columns: Columns) -> Header:
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
    """Opens a file and yields its rows; ``header`` and ``unknown_columns`` are known once opened.

    ``required`` columns missing from the header make the file unreadable (nothing can be done with any row);
    ``sheet`` names the XLSX sheet to read (default: the first)."""

    def __init__(
        self,
        path: str | Path,
        columns: Columns,
        *,
        required: Iterable[str] = (),
        sheet: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.columns = columns
        self.sheet = sheet
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
        missing = [column for column in required if column not in self.header.positions]
        if missing:
            raise UnreadableFile(f"missing required columns: {', '.join(missing)}")

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
            if self.sheet is None:
                sheet = workbook.worksheets[0]
            elif self.sheet in workbook.sheetnames:
                sheet = workbook[self.sheet]
            else:
                raise MissingSheet(f"no sheet named {self.sheet!r}")
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


def read_rows(
    path: str | Path, columns: Columns, *, required: Iterable[str] = ()
) -> Iterator[tuple[int, dict[str, object]]]:
    return TableReader(path, columns, required=required).rows()


__all__ = ["Columns", "Header", "MissingSheet", "TableReader", "UnreadableFile", "match_header", "read_rows"]
