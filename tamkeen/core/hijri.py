"""Umm al-Qura Hijri calendar, delegated to ``hijridate`` (domain.md §7: never hand-roll the calendar).

Umm al-Qura months follow official tables, not arithmetic, so only a table-driven library is correct. Its
table covers 1343–1500 AH (1924-08-01 – 2077-11-16); outside that range every function raises ValueError
instead of guessing. Dates are always stored Gregorian; Hijri is for input and display.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from hijridate import Gregorian, Hijri

MIN_HIJRI_YEAR = 1343
MAX_HIJRI_YEAR = 1500


def _as_date(d: date) -> date:
    # A datetime is a date subclass; comparing or converting it as such would drag the time along.
    return d.date() if isinstance(d, datetime) else d


def to_hijri(d: date) -> tuple[int, int, int]:
    """(year, month, day) in Umm al-Qura for a Gregorian date; ValueError outside the supported table."""
    d = _as_date(d)
    return _to_hijri(d.year, d.month, d.day)


# A page of dates converts the same few hundred days over and over; the table lookup is pure.
@lru_cache(maxsize=8192)
def _to_hijri(year: int, month: int, day: int) -> tuple[int, int, int]:
    try:
        return Gregorian(year, month, day).to_hijri().datetuple()
    except (OverflowError, ValueError) as exc:
        raise ValueError(str(exc)) from exc


def from_hijri(year: int, month: int, day: int) -> date:
    """The Gregorian date of an Umm al-Qura date; ValueError when it does not exist or is out of range."""
    try:
        gregorian = Hijri(year, month, day, validate=True).to_gregorian()
    except (OverflowError, ValueError, TypeError) as exc:
        raise ValueError(str(exc)) from exc
    # hijridate returns its own date subclass; callers and the ORM should only ever see a plain date.
    return date(gregorian.year, gregorian.month, gregorian.day)


def hijri_year_range(year: int) -> tuple[date, date]:
    """Gregorian first and last day of an Umm al-Qura year (1440 → 2018-09-11 … 2019-08-30)."""
    first = from_hijri(year, 1, 1)
    last_month_length = Hijri(year, 12, 1).month_length()
    return first, from_hijri(year, 12, last_month_length)


def gregorian_year_range(year: int) -> tuple[date, date]:
    """First and last day of a Gregorian year; the counterpart of ``hijri_year_range`` for report filters."""
    return date(year, 1, 1), date(year, 12, 31)


def hijri_year_of(d: date) -> int:
    return to_hijri(d)[0]


def format_hijri(d: date, language: str = "ar") -> str:
    """Arabic "1440/01/01 هـ", otherwise "1440-01-01 AH": the forms readers expect in each language."""
    year, month, day = to_hijri(d)
    if (language or "").lower().startswith("ar"):
        return f"{year:04d}/{month:02d}/{day:02d} هـ"
    return f"{year:04d}-{month:02d}-{day:02d} AH"


def format_dual(d: date, language: str = "ar") -> str:
    """Hijri first, then Gregorian, for plain text: "1447/06/09 هـ (2025-11-30)".

    In Arabic the Gregorian date is wrapped in left-to-right isolates (LRI … PDI), or "2025-11-30" would read
    "30-11-2025" inside the right-to-left sentence.
    """
    gregorian = d.isoformat()
    if (language or "").lower().startswith("ar"):
        gregorian = f"\u2066{gregorian}\u2069"
    try:
        return f"{format_hijri(d, language)} ({gregorian})"
    except ValueError:
        return gregorian
