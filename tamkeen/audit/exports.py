"""The trail's spreadsheet export.

Written through this one function so it can move onto the project's shared export writer (tamkeen.core)
when that lands; until then it applies the same rule (security.md §5): a cell that a spreadsheet would read
as a formula is prefixed with an apostrophe, and text is written as text.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def export_response(
    columns: Sequence[str], rows: Iterable[Sequence], fmt: str, filename: str
) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])
        sheet.sheet_view.rightToLeft = True
        sheet.append([str(c) for c in columns])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=inert(value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, never a formula
                cells.append(cell)
            sheet.append(cells)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow([str(c) for c in columns])
            for row in rows:
                yield writer.writerow([inert(v) for v in row])

        response = StreamingHttpResponse(
            (line.encode("utf-8") for line in lines()), content_type="text/csv; charset=utf-8"
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
