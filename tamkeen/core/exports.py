"""The one way the platform writes a spreadsheet (CSV or XLSX): every cell is inert.

A text cell that a spreadsheet program would read as a formula (it begins with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return) is prefixed with ``'``, and XLSX text cells are written as strings, never as formulas or error
values. Numbers stay numbers (a negative number is a number, not text); dates stay dates.

    with TableWriter("report.xlsx") as writer:      # or a text/binary stream and fmt="csv"/"xlsx"
        writer.writerow(["row", "column", "value"])
        writer.writerows(rows)

    return table_response(header, rows, fmt="xlsx", filename="figures-1446")   # a download, for views

A date column of an export for people has its Hijri twin before it (``hijri_cell``): Hijri first, as on the pages.
Files whose columns a contract fixes (the import reports, ``link``, ``kpi``) keep their columns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Literal

Format = Literal["csv", "xlsx"]

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# The contract's list, plus the full-width forms some spreadsheet programs fold into the ASCII ones.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Characters an XLSX file cannot hold at all (openpyxl refuses the whole workbook for one of them).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """The text as a spreadsheet must show it: with a leading ``'`` when it would otherwise start a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell_value(value: object) -> object:
    """A plain, inert cell value: numbers, booleans and dates as they are; everything else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, Decimal, date, time)):
        return value
    return neutralise(str(value))


def hijri_cell(value: date | datetime | None) -> str:
    """The Umm al-Qura date of a date or a moment (its day in Riyadh), as the text of the column an export puts
    before the Gregorian one: "1447/06/09 هـ" in Arabic, "1447-06-09 AH" in English; empty when out of the table."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from .hijri import format_hijri

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    try:
        return format_hijri(value, get_language() or "ar")
    except ValueError:
        return ""


def format_of(target: str | Path) -> Format:
    return "xlsx" if str(target).lower().endswith(".xlsx") else "csv"


class TableWriter:
    """Streams rows to a CSV or XLSX file.

    ``target`` is a path (the format follows its extension unless ``fmt`` says otherwise) or an open stream: a
    text stream for CSV (e.g. a command's stdout), a binary stream for XLSX. CSV paths are written in UTF-8 with
    a BOM by default so spreadsheet programs show Arabic; ``encoding="utf-8"`` leaves the BOM out.
    """

    def __init__(
        self,
        target: str | Path | IO,
        *,
        fmt: Format | None = None,
        sheet: str = "data",
        right_to_left: bool = False,
        encoding: str = "utf-8-sig",
        lineterminator: str = "\r\n",
    ) -> None:
        self.is_path = isinstance(target, (str, Path))
        self.fmt: Format = fmt or (format_of(target) if self.is_path else "csv")
        self.target = Path(target) if self.is_path else target
        self.rows = 0
        self._own_handle = None
        if self.fmt == "xlsx":
            from openpyxl import Workbook

            self._book = Workbook(write_only=True)
            self._sheet = self._book.create_sheet(sheet[:31] or "data")
            self._sheet.sheet_view.rightToLeft = right_to_left
            self._csv = None
        else:
            if self.is_path:
                self.target.parent.mkdir(parents=True, exist_ok=True)
                self._own_handle = self.target.open("w", encoding=encoding, newline="")
                stream = self._own_handle
            else:
                stream = target
            self._csv = csv.writer(stream, lineterminator=lineterminator)
            self._book = self._sheet = None

    def writerow(self, row: Iterable[object]) -> None:
        self.rows += 1
        values = [cell_value(value) for value in row]
        if self._csv is not None:
            self._csv.writerow(values)
        else:
            self._sheet.append([self._xlsx_cell(value) for value in values])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)

    def _xlsx_cell(self, value: object):
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, datetime) and value.tzinfo is not None:
            from django.utils import timezone

            # Excel has no time zones: the local time is what the reader expects to see.
            value = timezone.localtime(value).replace(tzinfo=None)
        if not isinstance(value, str):
            return value
        cell = WriteOnlyCell(self._sheet, value=_XLSX_ILLEGAL.sub("", value))
        # openpyxl would read "=…" as a formula and "#N/A" as an error value; text is text.
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        if self._book is not None:
            self._book.save(self.target)
            self._book = None
        if self._own_handle is not None:
            self._own_handle.close()
            self._own_handle = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None and self._book is not None:
            self._book = None  # nothing half-written is saved
        self.close()


def write_table(
    target: str | Path | IO,
    rows: Iterable[Iterable[object]],
    *,
    header: Iterable[object] | None = None,
    **options,
) -> int:
    """Writes ``header`` (when given) and ``rows``; returns the number of data rows written."""
    with TableWriter(target, **options) as writer:
        if header is not None:
            writer.writerow(header)
            writer.rows = 0
        writer.writerows(rows)
        return writer.rows


def table_bytes(
    rows: Iterable[Iterable[object]], *, fmt: Format, header: Iterable[object] | None = None, **options
) -> bytes:
    """The whole table as the bytes of a file (CSV in UTF-8 with a BOM)."""
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_table(buffer, rows, header=header, fmt="xlsx", **options)
        return buffer.getvalue()
    text = io.StringIO()
    write_table(text, rows, header=header, fmt="csv", **options)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def table_response(
    header: Iterable[object] | None,
    rows: Iterable[Iterable[object]],
    *,
    fmt: str,
    filename: str,
    sheet: str | None = None,
    right_to_left: bool = True,
):
    """A download of the table for a view: attachment, never cached (exports hold personal data)."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    fmt = "xlsx" if fmt == "xlsx" else "csv"
    options = {"sheet": sheet or filename, "right_to_left": right_to_left} if fmt == "xlsx" else {}
    response = HttpResponse(
        table_bytes(rows, fmt=fmt, header=header, **options),
        content_type=XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["Cache-Control"] = "no-store"
    return response


REJECTION_HEADER = ("row", "column", "value", "reason")


class RejectionReport:
    """The report every import writes (contracts/cli.md): one line per problem of a rejected row.

    ``None`` as a path keeps nothing (the lines are only counted). An import may add columns after the four
    (the outcome file adds the referral's current state). The values come from the uploaded file, so they go
    through the inert table writer like every other export."""

    def __init__(
        self, path: str | Path | None, *, header: Iterable[str] = REJECTION_HEADER, sheet: str = "rejected"
    ) -> None:
        self.path = Path(path) if path else None
        self.lines = 0
        self._writer = None
        if self.path is not None:
            self._writer = TableWriter(self.path, sheet=sheet)
            self._writer.writerow(header)

    def add(self, row: int, column: str, value: object, reason: str, *more: object) -> None:
        self.lines += 1
        if self._writer is not None:
            self._writer.writerow([row, column, "" if value is None else str(value), reason, *more])

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> RejectionReport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
