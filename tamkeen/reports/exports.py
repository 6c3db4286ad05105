"""Every dashboard table as CSV (UTF-8 with BOM, so spreadsheet programs show Arabic) or XLSX."""

import csv
import io

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    return "" if value is None else value if isinstance(value, (int, float)) else str(value)


def table_response(columns: list, rows: list[list], fmt: str, filename: str) -> HttpResponse:
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:31])
        sheet.sheet_view.rightToLeft = True
        sheet.append([str(c) for c in columns])
        for row in rows:
            sheet.append([_plain(v) for v in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(c) for c in columns])
        for row in rows:
            writer.writerow([_plain(v) for v in row])
        response = HttpResponse(
            ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
