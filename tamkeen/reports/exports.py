"""Every dashboard table as CSV (UTF-8 with BOM, so spreadsheet programs show Arabic) or XLSX, through the
platform's inert table writer."""

from django.http import HttpResponse

from tamkeen.core.exports import table_response as inert_table_response


def table_response(columns: list, rows: list[list], fmt: str, filename: str) -> HttpResponse:
    return inert_table_response([str(c) for c in columns], rows, fmt=fmt, filename=filename)
