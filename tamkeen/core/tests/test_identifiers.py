from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.digits import normalise_digits
from tamkeen.core.identifiers import (
    clean_national_id,
    is_valid_national_id,
    luhn_check_digit,
    national_id_kind,
    national_id_problem,
)

# domain.md §7 test vectors.
VECTORS = [
    ("1000000008", True),
    ("1000000000", False),
    ("2000000006", True),
    ("1012345672", True),
    ("1123456780", True),
    ("2345678904", True),
    ("1012345678", False),
    ("١٠٠٠٠٠٠٠٠٨", True),
    ("۱۰۰۰۰۰۰۰۰۸", True),
    ("٢٣٤٥٦٧٨٩٠٤", True),
    ("١٠١٢٣٤٥٦٧٨", False),
]


@pytest.mark.parametrize(("value", "valid"), VECTORS)
def test_domain_vectors(value, valid):
    assert is_valid_national_id(value) is valid


PROBLEMS = [
    ("", "missing"),
    ("   ", "missing"),
    (None, "missing"),
    ("100000000", "not_ten_digits"),
    ("10000000080", "not_ten_digits"),
    ("10000O0008", "not_ten_digits"),
    ("1²00000008", "not_ten_digits"),
    ("1000-00000", "not_ten_digits"),
    ("3000000004", "bad_first_digit"),
    ("0000000000", "bad_first_digit"),
    ("1000000000", "checksum"),
    ("1012345678", "checksum"),
    ("1000000008", None),
    (" 1000 000 008 ", None),
    (1000000008, None),
    ("١٠٠٠٠٠٠٠٠٨", None),
]


@pytest.mark.parametrize(("value", "problem"), PROBLEMS)
def test_problem_codes(value, problem):
    assert national_id_problem(value) == problem


CLEANED = [
    (" 1000000008 ", "1000000008"),
    ("١٠٠٠ ٠٠٠ ٠٠٨", "1000000008"),
    ("12-34", "12-34"),
    (None, ""),
    (2000000006, "2000000006"),
]


@pytest.mark.parametrize(("value", "cleaned"), CLEANED)
def test_clean(value, cleaned):
    assert clean_national_id(value) == cleaned


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("1000000008", "citizen"),
        ("2000000006", "resident"),
        ("1000000000", "citizen"),
        ("٢٠٠٠٠٠٠٠٠٦", "resident"),
    ],
)
def test_kind(value, kind):
    assert national_id_kind(value) == kind


@pytest.mark.parametrize("value", ["", "123", "3000000004"])
def test_kind_rejects_malformed(value):
    with pytest.raises(ValueError):
        national_id_kind(value)


@pytest.mark.parametrize(
    ("first_nine", "digit"),
    [("100000000", "8"), ("200000000", "6"), ("101234567", "2"), ("112345678", "0"), ("234567890", "4")],
)
def test_luhn_check_digit(first_nine, digit):
    assert luhn_check_digit(first_nine) == digit


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "12345678x"])
def test_luhn_check_digit_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        luhn_check_digit(bad)


@given(st.sampled_from("12"), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_generated_ids_are_valid(first, rest):
    nine = first + rest
    assert is_valid_national_id(nine + luhn_check_digit(nine))


@given(st.sampled_from("12"), st.text(alphabet="0123456789", min_size=8, max_size=8), st.integers(1, 9))
def test_one_wrong_check_digit_is_caught(first, rest, delta):
    nine = first + rest
    wrong = str((int(luhn_check_digit(nine)) + delta) % 10)
    assert national_id_problem(nine + wrong) == "checksum"


@given(st.text())
def test_problem_never_raises(text):
    assert national_id_problem(text) in {None, "missing", "not_ten_digits", "bad_first_digit", "checksum"}


@given(st.text(alphabet="0123456789"))
def test_arabic_indic_digits_mean_the_same(ascii_digits):
    arabic = ascii_digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert national_id_problem(arabic) == national_id_problem(ascii_digits)


# Digit normalisation lives in digits.py; its examples sit here, next to its main user.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        ("رقم ١٢ و ۳۴", "رقم 12 و 34"),
        ("abc 123", "abc 123"),
        ("²", "²"),
        ("", ""),
    ],
)
def test_normalise_digits(text, expected):
    assert normalise_digits(text) == expected


@given(st.text())
def test_normalise_digits_properties(text):
    result = normalise_digits(text)
    assert len(result) == len(text)
    assert normalise_digits(result) == result
    assert not any(char in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹" for char in result)
