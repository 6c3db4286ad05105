"""Caps on uploaded spreadsheets, checked before any parser reads them.

A worker that parses whatever it is given can be held for hours by a small file: an XLSX is a zip, and a 1 MB zip
can expand to gigabytes of sheet XML and millions of rows. So before openpyxl (or the CSV reader) sees a file we
check, cheaply and without building anything in memory: the file's size; for an XLSX the sizes its zip declares
(in total and as a compression ratio); and the number of rows, counted on the raw bytes.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

CHUNK = 1 << 20
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int
    max_uncompressed_bytes: int
    max_ratio: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> UploadLimits:
        return cls(
            max_bytes=getattr(settings, "TAMKEEN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024),
            max_uncompressed_bytes=getattr(
                settings, "TAMKEEN_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024
            ),
            max_ratio=getattr(settings, "TAMKEEN_XLSX_MAX_RATIO", 100),
            max_rows=getattr(settings, "TAMKEEN_UPLOAD_MAX_ROWS", 500_000),
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def check_zip_bomb(zip_file: zipfile.ZipFile, limits: UploadLimits) -> None:
    """Refuses a zip whose declared sizes are too large in total or too compressed (a zip bomb)."""
    members = zip_file.infolist()
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise ValidationError(
            _("The spreadsheet expands to more than %(limit)s MB; split it into smaller files."),
            code="xlsx_too_large",
            params={"limit": _megabytes(limits.max_uncompressed_bytes)},
        )
    for member in members:
        # A real sheet compresses about ten times; hundreds of times means a file built to exhaust the reader.
        if member.file_size > CHUNK and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise ValidationError(
                _(
                    "The spreadsheet is not a normal XLSX file (it is compressed far more than any real sheet)."
                ),
                code="xlsx_ratio",
            )


def _first_sheet_name(zip_file: zipfile.ZipFile) -> str | None:
    """The zip member holding the workbook's first sheet (the one every import reads)."""
    names = set(zip_file.namelist())
    try:
        workbook = zip_file.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zip_file.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        workbook = rels = ""
    first = re.search(r"<(?:\w+:)?sheet\b[^>]*\br:id=\"([^\"]+)\"", workbook)
    if first:
        for relation in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
            tag = relation.group(0)
            if f'Id="{first.group(1)}"' in tag:
                target = re.search(r'Target="([^"]+)"', tag)
                if target:
                    path = target.group(1).lstrip("/")
                    path = path if path.startswith("xl/") else f"xl/{path}"
                    if path in names:
                        return path
    sheets = sorted(name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml"))
    return sheets[0] if sheets else None


def count_xlsx_rows(zip_file: zipfile.ZipFile, stop_after: int, *, chunk_size: int = CHUNK) -> int:
    """Rows of the first sheet, counted on its XML as it streams out of the zip; stops past ``stop_after``."""
    name = _first_sheet_name(zip_file)
    if name is None:
        return 0
    rows = 0
    tail = b""
    with zip_file.open(name) as sheet:
        while chunk := sheet.read(chunk_size):
            data = tail + chunk
            # A tag cut in two by the chunk boundary is found in the next round; one wholly inside the carried
            # tail was counted in this round's predecessor.
            rows += sum(1 for match in ROW_TAG.finditer(data) if match.end() > len(tail))
            tail = data[-16:]
            if rows > stop_after:
                break
    return rows


def count_text_rows(handle: IO[bytes], stop_after: int) -> int:
    """Lines of a CSV file, counted on its bytes (a quoted line break counts too, which only errs on the safe side)."""
    lines = 0
    last = b""
    while chunk := handle.read(CHUNK):
        lines += chunk.count(b"\n")
        last = chunk
        if lines > stop_after:
            break
    return lines + (1 if last and not last.endswith(b"\n") else 0)


def check_spreadsheet(handle: IO[bytes], *, size: int, limits: UploadLimits | None = None) -> None:
    """Raises ValidationError (translated, for the form) when the file passes a cap; rewinds the handle."""
    limits = limits or UploadLimits.from_settings()
    if size > limits.max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="too_large",
            params={"limit": _megabytes(limits.max_bytes)},
        )
    handle.seek(0)
    is_zip = handle.read(4) == b"PK\x03\x04"
    handle.seek(0)
    try:
        if is_zip:
            try:
                with zipfile.ZipFile(handle) as zip_file:
                    check_zip_bomb(zip_file, limits)
                    rows = count_xlsx_rows(zip_file, limits.max_rows + 1)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError):
                raise ValidationError(_("The file is not a readable XLSX file."), code="bad_xlsx") from None
        else:
            rows = count_text_rows(handle, limits.max_rows + 1)
    finally:
        handle.seek(0)
    # The header is one of the rows counted.
    if rows - 1 > limits.max_rows:
        raise ValidationError(
            ngettext(
                "The file has more than %(limit)s row; split it into smaller files.",
                "The file has more than %(limit)s rows; split it into smaller files.",
                limits.max_rows,
            ),
            code="too_many_rows",
            params={"limit": limits.max_rows},
        )


def check_uploaded_spreadsheet(upload, *, limits: UploadLimits | None = None):
    """For a form's ``clean_file``: the upload when it is within the caps, a ValidationError otherwise."""
    check_spreadsheet(upload, size=upload.size, limits=limits)
    return upload


def check_spreadsheet_path(path, *, limits: UploadLimits | None = None) -> None:
    """The same caps on a stored file (the worker checks again before reading: the form may have been bypassed)."""
    import os

    with open(path, "rb") as handle:
        check_spreadsheet(handle, size=os.fstat(handle.fileno()).st_size, limits=limits)
