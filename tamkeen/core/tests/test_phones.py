from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.phones import InvalidPhone, format_mobile_local, parse_mobile

E164 = "+966501234567"

ACCEPTED = [
    ("0501234567", E164),
    ("501234567", E164),
    ("966501234567", E164),
    ("+966501234567", E164),
    ("00966501234567", E164),
    ("050 123 4567", E164),
    ("050-123-4567", E164),
    ("+966 50 123 4567", E164),
    ("(050) 123-4567", E164),
    ("  0501234567  ", E164),
    ("٠٥٠١٢٣٤٥٦٧", E164),
    ("+٩٦٦٥٠١٢٣٤٥٦٧", E164),
    ("۰۵۰۱۲۳۴۵۶۷", E164),
    ("0551234567", "+966551234567"),
    ("0531234567", "+966531234567"),
    ("0541234567", "+966541234567"),
    ("0561234567", "+966561234567"),
    ("0591234567", "+966591234567"),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_accepted(value, expected):
    assert parse_mobile(value) == expected


REJECTED = [
    "",
    "   ",
    "0521234567",  # domain.md §7: 052 is not a mobile range.
    "+966521234567",
    "0126123456",  # Jeddah landline.
    "0173211234",  # Jazan landline.
    "920012345",  # unified (toll) number.
    "0800123456",
    "050123456",  # too short
    "05012345678",  # too long
    "+971501234567",  # UAE mobile
    "0501ABC567",  # phonenumbers would read letters as a vanity number
    "0501234567 ext 5",
    "0501234567#5",
    "mobile",
    "+",
]


@pytest.mark.parametrize("value", REJECTED)
def test_rejected(value):
    with pytest.raises(InvalidPhone):
        parse_mobile(value)


@pytest.mark.parametrize("value", [None, 501234567])
def test_rejects_non_text(value):
    with pytest.raises(InvalidPhone):
        parse_mobile(value)


def test_invalid_phone_is_a_value_error():
    assert issubclass(InvalidPhone, ValueError)
    assert InvalidPhone.code == "invalid_phone"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("+966501234567", "050 123 4567"), ("+966591112222", "059 111 2222"), ("0551234567", "055 123 4567")],
)
def test_format_local(value, expected):
    assert format_mobile_local(value) == expected


def test_format_local_rejects_garbage():
    with pytest.raises(InvalidPhone):
        format_mobile_local("+96612")


@given(st.text())
def test_parse_never_raises_anything_else(text):
    try:
        result = parse_mobile(text)
    except InvalidPhone:
        return
    assert result.startswith("+9665") and len(result) == 13 and result[1:].isdigit()


@given(st.sampled_from("013456789"), st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_every_accepted_form_agrees(second, rest):
    local = "05" + second + rest
    try:
        expected = parse_mobile(local)
    except InvalidPhone:
        return
    national = local[1:]
    for form in (
        national,
        "966" + national,
        "+966" + national,
        "00966" + national,
        f"{local[:3]} {local[3:]}",
    ):
        assert parse_mobile(form) == expected
    assert parse_mobile(format_mobile_local(expected)) == expected
