"""Dates from files and forms (contracts/files.md): Hijri or Gregorian, told apart by the year.

Accepted text forms are exactly ``YYYY-MM-DD``, ``YYYY/MM/DD``, ``DD/MM/YYYY`` and ``DD-MM-YYYY`` (month
and day may have one or two digits, as spreadsheets often drop the leading zero), in any of ASCII,
Arabic-Indic or Persian digits. A year 1300–1500 is Umm al-Qura Hijri, 1900–2100 Gregorian; the gap
between the two ranges is what makes the year alone enough to tell the calendars apart, so anything else
is rejected, never guessed.
"""

from __future__ import annotations

from datetime import date, datetime

from .digits import is_ascii_digits, normalise_digits
from .hijri import from_hijri

HIJRI_YEARS = range(1300, 1501)
GREGORIAN_YEARS = range(1900, 2101)


class InvalidDate(ValueError):
    code = "invalid_date"


def _split(text: str) -> tuple[int, int, int]:
    separators = {char for char in text if char in "-/"}
    if len(separators) != 1:
        raise InvalidDate(f"not a date: {text!r}")
    parts = text.split(separators.pop())
    if len(parts) != 3 or not all(is_ascii_digits(part) for part in parts):
        raise InvalidDate(f"not a date: {text!r}")
    first, middle, last = parts
    if len(first) == 4 and 1 <= len(middle) <= 2 and 1 <= len(last) <= 2:
        return int(first), int(middle), int(last)
    if len(last) == 4 and 1 <= len(middle) <= 2 and 1 <= len(first) <= 2:
        return int(last), int(middle), int(first)
    raise InvalidDate(f"not a date: {text!r}")


def parse_date(value: str | date) -> date:
    """A Gregorian ``date`` from text in one of the accepted forms, or from a date/datetime (an XLSX cell).

    Raises ``InvalidDate`` (code ``invalid_date``) for anything else, including impossible days.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidDate(f"not a date: {value!r}")
    text = normalise_digits(value).strip()
    year, month, day = _split(text)
    try:
        if year in HIJRI_YEARS:
            return from_hijri(year, month, day)
        if year in GREGORIAN_YEARS:
            return date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(f"no such date: {text!r}") from exc
    raise InvalidDate(f"year out of range: {text!r}")
