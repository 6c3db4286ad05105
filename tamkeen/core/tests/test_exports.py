"""Exports are inert: a cell a spreadsheet program would run as a formula is written as text."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tamkeen.core.exports import FORMULA_TRIGGERS, TableWriter, neutralise, table_bytes, write_table

ATTACKS = ['=HYPERLINK("http://evil","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "#N/A", "=1"]


@given(st.text())
def test_neutralised_text_never_starts_a_formula_and_keeps_what_was_typed(text):
    inert = neutralise(text)
    assert not inert.startswith(FORMULA_TRIGGERS)
    if text.startswith(FORMULA_TRIGGERS):
        assert inert == "'" + text
    else:
        assert inert == text
    assert neutralise(inert) == inert


@given(st.sampled_from(FORMULA_TRIGGERS), st.text())
def test_every_trigger_is_prefixed(trigger, rest):
    assert neutralise(trigger + rest) == "'" + trigger + rest


def test_csv_cells_are_neutralised_and_numbers_stay_numbers():
    stream = io.StringIO()
    write_table(
        stream, [[*ATTACKS, -5, Decimal("-2.50"), 3.5, None, date(2026, 1, 2)]], header=["a"], fmt="csv"
    )
    header, row = list(csv.reader(io.StringIO(stream.getvalue())))
    assert header == ["a"]
    assert row[: len(ATTACKS)] == [neutralise(value) for value in ATTACKS]
    assert row[len(ATTACKS) - 1] == "'=1"
    assert row[len(ATTACKS) :] == ["-5", "-2.50", "3.5", "", "2026-01-02"]


def test_xlsx_text_is_written_as_text_never_as_a_formula_or_an_error(tmp_path):
    path = tmp_path / "report.xlsx"
    with TableWriter(path) as writer:
        writer.writerow(["value", "number"])
        for value in ATTACKS:
            writer.writerow([value, -7])
        writer.writerow(["bell\x07 rings", Decimal("-1.25")])
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(min_row=2))
    for (text_cell, number_cell), value in zip(rows, ATTACKS, strict=False):
        # XML reads a carriage return back as a line feed; the leading quote is what matters.
        assert text_cell.data_type == "s" and text_cell.value == neutralise(value).replace("\r", "\n")
        assert number_cell.data_type == "n" and number_cell.value == -7
    assert rows[-1][0].value == "bell rings"
    assert rows[-1][1].value == -1.25


def test_table_bytes_csv_has_a_bom_so_arabic_shows():
    assert table_bytes([["محمد"]], fmt="csv").startswith("\ufeff".encode())


def test_a_hijri_cell_is_the_riyadh_day_in_the_readers_form():
    from datetime import UTC

    from django.utils import translation

    from tamkeen.core.exports import hijri_cell

    with translation.override("ar"):
        # 22:00 UTC on 30 August 2019 is already 1 Muharram 1441 in Riyadh.
        assert hijri_cell(datetime(2019, 8, 30, 22, 0, tzinfo=UTC)) == "1441/01/01 هـ"
        assert hijri_cell(None) == ""
    with translation.override("en"):
        assert hijri_cell(date(2019, 8, 30)) == "1440-12-29 AH"
