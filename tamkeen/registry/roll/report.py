"""The report of rejected rows: CSV (UTF-8 with BOM, so spreadsheet programs show Arabic) or XLSX, by extension."""

from __future__ import annotations

from pathlib import Path

from tamkeen.core.exports import TableWriter

REPORT_HEADER = ("row", "column", "value", "reason")


class ReportWriter:
    """Streams report lines to disk; ``None`` as a path keeps nothing (counts only).

    The values come from the uploaded file, so they go through the platform's inert table writer."""

    def __init__(self, path: str | Path | None) -> None:
        self.path = Path(path) if path else None
        self.lines = 0
        self._writer = None
        if self.path is None:
            return
        self._writer = TableWriter(self.path, sheet="rejected")
        self._writer.writerow(REPORT_HEADER)

    def add(self, row: int, column: str, value: object, reason: str) -> None:
        self.lines += 1
        if self._writer is not None:
            self._writer.writerow([row, column, "" if value is None else str(value), reason])

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
