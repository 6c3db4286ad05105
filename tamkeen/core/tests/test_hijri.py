from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.hijri import (
    format_hijri,
    from_hijri,
    gregorian_year_range,
    hijri_year_of,
    hijri_year_range,
    to_hijri,
)

YEAR_RANGES = [
    (1440, date(2018, 9, 11), date(2019, 8, 30)),
    (1441, date(2019, 8, 31), date(2020, 8, 19)),
    (1343, date(1924, 8, 1), date(1925, 7, 22)),
    (1500, date(2076, 11, 27), date(2077, 11, 16)),
]


@pytest.mark.parametrize(("year", "first", "last"), YEAR_RANGES)
def test_hijri_year_range(year, first, last):
    assert hijri_year_range(year) == (first, last)


def test_consecutive_hijri_years_touch():
    for year in range(1343, 1500):
        assert hijri_year_range(year)[1] + timedelta(days=1) == hijri_year_range(year + 1)[0]


@pytest.mark.parametrize("year", [1342, 1501, 0])
def test_hijri_year_range_out_of_table(year):
    with pytest.raises(ValueError):
        hijri_year_range(year)


def test_gregorian_year_range():
    assert gregorian_year_range(2019) == (date(2019, 1, 1), date(2019, 12, 31))


CONVERSIONS = [
    (date(2018, 9, 11), (1440, 1, 1)),
    (date(2019, 8, 30), (1440, 12, 29)),
    (date(2019, 8, 31), (1441, 1, 1)),
    (date(1985, 3, 4), (1405, 6, 13)),
    (date(1924, 8, 1), (1343, 1, 1)),
    (date(2077, 11, 16), (1500, 12, 30)),
]


@pytest.mark.parametrize(("gregorian", "hijri"), CONVERSIONS)
def test_conversions_both_ways(gregorian, hijri):
    assert to_hijri(gregorian) == hijri
    assert from_hijri(*hijri) == gregorian
    assert type(from_hijri(*hijri)) is date


def test_to_hijri_accepts_datetime():
    assert to_hijri(datetime(2019, 8, 30, 23, 59)) == (1440, 12, 29)


@pytest.mark.parametrize("gregorian", [date(1924, 7, 31), date(2077, 11, 17), date(1900, 1, 1)])
def test_to_hijri_out_of_table(gregorian):
    with pytest.raises(ValueError):
        to_hijri(gregorian)


@pytest.mark.parametrize(
    "hijri", [(1440, 12, 30), (1440, 13, 1), (1440, 0, 1), (1440, 1, 0), (1342, 12, 29), (1501, 1, 1)]
)
def test_from_hijri_invalid(hijri):
    with pytest.raises(ValueError):
        from_hijri(*hijri)


def test_hijri_year_of():
    assert hijri_year_of(date(2019, 8, 30)) == 1440
    assert hijri_year_of(date(2019, 8, 31)) == 1441


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "1440/01/01 هـ"),
        ("ar-sa", "1440/01/01 هـ"),
        ("en", "1440-01-01 AH"),
        ("en-gb", "1440-01-01 AH"),
    ],
)
def test_format_hijri(language, expected):
    assert format_hijri(date(2018, 9, 11), language) == expected


def test_format_hijri_defaults_to_arabic():
    assert format_hijri(date(2018, 9, 11)) == "1440/01/01 هـ"


@given(st.dates(min_value=date(1924, 8, 1), max_value=date(2077, 11, 16)))
def test_round_trip(d):
    year, month, day = to_hijri(d)
    assert from_hijri(year, month, day) == d
    first, last = hijri_year_range(year)
    assert first <= d <= last


def test_plain_text_dates_read_hijri_first_with_the_gregorian_date_isolated_in_arabic():
    from tamkeen.core.hijri import format_dual

    assert format_dual(date(2018, 9, 11), "ar") == "1440/01/01 هـ (\u20662018-09-11\u2069)"
    assert format_dual(date(2018, 9, 11), "en") == "1440-01-01 AH (2018-09-11)"
    # Outside the Umm al-Qura table only the Gregorian date is true.
    assert format_dual(date(1900, 1, 1), "en") == "1900-01-01"
