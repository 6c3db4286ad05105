"""The report of rejected rows: CSV (UTF-8 with BOM, so spreadsheet programs show Arabic) or XLSX, by extension."""

from __future__ import annotations

import csv
from pathlib import Path

REPORT_HEADER = ("row", "column", "value", "reason")


class ReportWriter:
    """Streams report lines to disk; ``None`` as a path keeps nothing (counts only)."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.lines = 0
        self._handle = None
        self._csv = None
        self._book = None
        self._sheet = None
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.suffix.lower() == ".xlsx":
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet("rejected")
            self._sheet.append(list(REPORT_HEADER))
        else:
            self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._handle)
            self._csv.writerow(REPORT_HEADER)

    def add(self, row: int, column: str, value: object, reason: str) -> None:
        self.lines += 1
        line = [row, column, "" if value is None else str(value), reason]
        if self._csv is not None:
            self._csv.writerow(line)
        elif self._sheet is not None:
            self._sheet.append(line)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if self._book is not None:
            self._book.save(self.path)
            self._book = None

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
