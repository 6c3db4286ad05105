"""Saudi national ID and iqama numbers (domain.md §7).

The Luhn rule is not officially published, so a checksum failure is reported as a distinct, softer problem
("probably mistyped") that a supervisor may override, rather than as a malformed number.
"""

from __future__ import annotations

from typing import Literal

from .digits import is_ascii_digits, normalise_digits

NationalIdProblem = Literal["missing", "not_ten_digits", "bad_first_digit", "checksum"]
NationalIdKind = Literal["citizen", "resident"]

_KINDS: dict[str, NationalIdKind] = {"1": "citizen", "2": "resident"}


def clean_national_id(value: str | int | None) -> str:
    """Strip whitespace and normalise digits.

    Returns the ten-digit string when well formed, otherwise the cleaned text unchanged so that error reports
    can show the clerk what was actually read.
    """
    if value is None:
        return ""
    return normalise_digits("".join(str(value).split()))


def _luhn_sum(digits: str) -> int:
    # Doubling the 1st, 3rd, 5th... digit from the left is standard Luhn for an even-length number: it is the
    # same as doubling every second digit counting from the check digit on the right.
    total = 0
    for index, char in enumerate(digits):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total


def luhn_check_digit(first_nine: str) -> str:
    """Return the tenth digit that makes ``first_nine`` a Luhn-valid ID (for synthetic data generators)."""
    first_nine = normalise_digits(first_nine)
    if len(first_nine) != 9 or not is_ascii_digits(first_nine):
        raise ValueError("first_nine must be exactly nine digits")
    return str((10 - _luhn_sum(first_nine) % 10) % 10)


def national_id_problem(value: str | int | None) -> NationalIdProblem | None:
    """None when the number is valid, else a reason code callers map to messages and import report codes."""
    cleaned = clean_national_id(value)
    if not cleaned:
        return "missing"
    if len(cleaned) != 10 or not is_ascii_digits(cleaned):
        return "not_ten_digits"
    if cleaned[0] not in _KINDS:
        return "bad_first_digit"
    if _luhn_sum(cleaned) % 10 != 0:
        return "checksum"
    return None


def is_valid_national_id(value: str | int | None) -> bool:
    return national_id_problem(value) is None


def national_id_kind(value: str | int | None) -> NationalIdKind:
    """ "citizen" for a national ID (1…), "resident" for an iqama (2…).

    Deliberately ignores the check digit: a supervisor may accept a checksum failure, and the number's kind is
    still known from its first digit.
    """
    problem = national_id_problem(value)
    if problem not in (None, "checksum"):
        raise ValueError(f"not a national ID or iqama number: {problem}")
    return _KINDS[clean_national_id(value)[0]]
