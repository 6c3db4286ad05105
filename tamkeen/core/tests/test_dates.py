from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.dates import InvalidDate, parse_date

PARSED = [
    # Gregorian, every accepted form
    ("1985-03-04", date(1985, 3, 4)),
    ("1985/03/04", date(1985, 3, 4)),
    ("04/03/1985", date(1985, 3, 4)),
    ("04-03-1985", date(1985, 3, 4)),
    ("1985-3-4", date(1985, 3, 4)),
    ("4/3/1985", date(1985, 3, 4)),
    ("  1985-03-04 ", date(1985, 3, 4)),
    ("1900-01-01", date(1900, 1, 1)),
    ("2100-12-31", date(2100, 12, 31)),
    ("2024-02-29", date(2024, 2, 29)),
    # Hijri (Umm al-Qura), every accepted form
    ("1440/12/29", date(2019, 8, 30)),
    ("1440-12-29", date(2019, 8, 30)),
    ("29/12/1440", date(2019, 8, 30)),
    ("29-12-1440", date(2019, 8, 30)),
    ("1441/01/01", date(2019, 8, 31)),
    ("1405/07/12", date(1985, 4, 2)),
    # Arabic-Indic and Persian digits
    ("١٤٤٠/١٢/٢٩", date(2019, 8, 30)),
    ("١٩٨٥-٠٣-٠٤", date(1985, 3, 4)),
    ("۰۴/۰۳/۱۹۸۵", date(1985, 3, 4)),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parsed(text, expected):
    result = parse_date(text)
    assert result == expected
    assert type(result) is date


REJECTED = [
    "",
    "  ",
    "1985.03.04",  # not an accepted separator
    "1985-03/04",  # mixed separators
    "19850304",
    "85-03-04",  # two-digit year
    "1985-03",
    "1985-03-04-01",
    "1985-003-04",
    "1985-03-04T00:00",
    "1985-03-04 00:00:00",
    "1985-13-01",
    "1985-02-29",  # not a leap year
    "1440/12/30",  # 1440 Dhu al-Hijjah has 29 days
    "1440/13/01",
    "1899-12-31",  # between the calendars' ranges
    "2101-01-01",
    "1299/01/01",
    "1501/01/01",
    "1600-01-01",
    "1320/01/01",  # Hijri by the year, but before the Umm al-Qura table (1343)
    "0000-00-00",
    "-1985-03-04",
    "yesterday",
    "١٩٨٥/٠٢/٣٠",
]


@pytest.mark.parametrize("text", REJECTED)
def test_rejected(text):
    with pytest.raises(InvalidDate) as info:
        parse_date(text)
    assert info.value.code == "invalid_date"


@pytest.mark.parametrize("value", [None, 1985, 1985.0, b"1985-03-04"])
def test_rejects_other_types(value):
    with pytest.raises(InvalidDate):
        parse_date(value)


def test_date_and_datetime_pass_through():
    assert parse_date(date(1985, 3, 4)) == date(1985, 3, 4)
    result = parse_date(datetime(1985, 3, 4, 13, 30))
    assert result == date(1985, 3, 4)
    assert type(result) is date


def test_invalid_date_is_a_value_error():
    assert issubclass(InvalidDate, ValueError)


@given(st.text())
def test_any_text_parses_or_raises_invalid_date(text):
    try:
        result = parse_date(text)
    except InvalidDate:
        return
    assert type(result) is date
    assert 1900 <= result.year <= 2100 or 1924 <= result.year <= 2077


DATE_CHARS = st.text(alphabet="0123456789-/ ١٤٩۰۵", max_size=12)


@given(DATE_CHARS)
def test_date_like_text_parses_or_raises_invalid_date(text):
    with contextlib.suppress(InvalidDate):
        parse_date(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_gregorian_form_round_trips(d):
    for text in (
        d.isoformat(),
        d.strftime("%Y/%m/%d"),
        d.strftime("%d/%m/%Y"),
        d.strftime("%d-%m-%Y"),
    ):
        assert parse_date(text) == d


@given(st.dates(min_value=date(1924, 8, 1), max_value=date(2077, 11, 16)))
def test_hijri_text_round_trips(d):
    from tamkeen.core.hijri import to_hijri

    year, month, day = to_hijri(d)
    assert parse_date(f"{year}/{month:02d}/{day:02d}") == d
    assert parse_date(f"{day:02d}-{month:02d}-{year}") == d
