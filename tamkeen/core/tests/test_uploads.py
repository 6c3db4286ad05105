"""The caps an uploaded spreadsheet must pass before any parser reads it."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tamkeen.core.uploads import UploadLimits, check_spreadsheet, count_xlsx_rows

LIMITS = UploadLimits(max_bytes=5 * 1024 * 1024, max_uncompressed_bytes=50 * 1024 * 1024, max_ratio=100,
                      max_rows=1000)  # fmt: skip


def xlsx(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("roll")
    for index in range(rows):
        sheet.append([index, "محمد", "1000000008"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def code_of(content: bytes, limits=LIMITS) -> str | None:
    try:
        check_spreadsheet(io.BytesIO(content), size=len(content), limits=limits)
    except ValidationError as error:
        return error.code
    return None


def test_an_xlsx_within_the_caps_passes():
    assert code_of(xlsx(1001)) is None  # a header and 1,000 rows


def test_an_xlsx_with_too_many_rows_is_refused_before_parsing():
    assert code_of(xlsx(1002)) == "too_many_rows"


def test_a_zip_bomb_is_refused_by_its_declared_sizes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b"<row>" + b" " * (30 * 1024 * 1024))
    content = buffer.getvalue()
    assert len(content) < 100 * 1024  # tiny on the wire
    assert code_of(content) == "xlsx_ratio"


def test_a_sheet_that_expands_past_the_cap_is_refused():
    small = UploadLimits(
        max_bytes=LIMITS.max_bytes, max_uncompressed_bytes=10_000, max_ratio=100, max_rows=1000
    )
    assert code_of(xlsx(500), limits=small) == "xlsx_too_large"


def test_a_large_file_is_refused_and_a_csv_is_counted_by_lines():
    assert code_of(b"x" * (LIMITS.max_bytes + 1)) == "too_large"
    assert code_of(b"a,b\n" + b"1,2\n" * 1000) is None
    assert code_of(b"a,b\n" + b"1,2\n" * 1001) == "too_many_rows"
    assert code_of(b"a,b\n" + b"1,2\n" * 1000 + b"1,2") == "too_many_rows"


def test_a_broken_zip_is_a_clear_refusal():
    assert code_of(b"PK\x03\x04 not really a zip") == "bad_xlsx"


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=4096))
def test_xlsx_rows_are_counted_exactly_whatever_the_chunking(rows, chunk_size):
    with zipfile.ZipFile(io.BytesIO(xlsx(rows))) as book:
        assert count_xlsx_rows(book, stop_after=10**9, chunk_size=chunk_size) == rows


@pytest.mark.parametrize("rows", [0, 1, 5])
def test_the_handle_is_rewound_for_the_reader(rows):
    handle = io.BytesIO(xlsx(rows))
    check_spreadsheet(handle, size=len(handle.getvalue()), limits=LIMITS)
    assert handle.tell() == 0
