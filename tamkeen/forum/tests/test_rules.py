"""Badge codes, check-in days and the 90-day conversion, as plain functions."""

import secrets
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.forum.models import SHORT_CODE_ALPHABET, SHORT_CODE_LENGTH
from tamkeen.forum.rules import Fact, check_in_day, conversion, conversion_window, rate, read_badge_code

short_codes = st.text(alphabet=SHORT_CODE_ALPHABET, min_size=SHORT_CODE_LENGTH, max_size=SHORT_CODE_LENGTH)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@given(short_codes, st.booleans(), st.booleans(), st.booleans())
def test_a_short_code_reads_back_however_it_is_typed(code, lower, spaced, arabic_digits):
    typed = code.lower() if lower else code
    if spaced:
        typed = f" {typed[:3]} - {typed[3:]} "
    if arabic_digits:
        typed = typed.translate(ARABIC_INDIC)
    assert read_badge_code(typed).value == code
    assert read_badge_code(typed).kind == "short"


def test_a_scanned_token_is_read_as_a_token():
    token = secrets.token_urlsafe(24)
    assert read_badge_code(token).kind == "token"
    assert read_badge_code(token).value == token


def test_codes_that_cannot_be_badges_are_refused():
    assert read_badge_code("") is None
    assert read_badge_code("ABC") is None
    assert read_badge_code("AB0I1O") is None  # 0, 1, I and O are never issued
    assert read_badge_code("<script>alert(1)</script>") is None


def test_a_check_in_counts_on_the_forum_day_it_happened():
    days = [date(2026, 10, 1), date(2026, 10, 2)]
    assert check_in_day(datetime(2026, 10, 2, 9, 30), days) == date(2026, 10, 2)
    assert check_in_day(datetime(2026, 10, 3, 9, 30), days) is None


def test_conversion_counts_each_attendee_once_per_step_within_90_days():
    window = conversion_window(date(2026, 10, 1), date(2026, 10, 2))
    assert window == (date(2026, 10, 1), date(2026, 12, 31))
    facts = [
        Fact(1, "referred", date(2026, 10, 2), "EMP-DEMO", "employment"),
        Fact(1, "referred", date(2026, 10, 9), "TRN-DEMO", "training"),
        Fact(1, "hired", date(2026, 11, 20), "EMP-DEMO", "employment"),
        Fact(2, "financed", date(2027, 1, 5), "FIN-SDB", "entrepreneurship"),  # after the window
        Fact(3, "referred", date(2026, 10, 2), "EMP-DEMO", "employment"),  # did not attend
        Fact(2, "enrolled", date(2026, 9, 1), "TRN-DEMO", "training"),  # before the forum
    ]
    result = conversion([1, 2], facts, window=window)
    assert result["attendees"] == 2
    assert result["overall"] == {"referred": 1, "enrolled": 0, "hired": 1, "financed": 0}
    assert result["by_entity"]["EMP-DEMO"] == {"referred": 1, "enrolled": 0, "hired": 1, "financed": 0}
    assert result["by_entity"]["TRN-DEMO"]["referred"] == 1
    assert "FIN-SDB" not in result["by_entity"]
    assert result["by_track"]["employment"]["hired"] == 1


@given(
    st.lists(
        st.tuples(
            st.integers(1, 20),
            st.sampled_from(["referred", "enrolled", "hired", "financed"]),
            st.dates(min_value=date(2026, 9, 1), max_value=date(2027, 2, 1)),
        ),
        max_size=60,
    ),
    st.sets(st.integers(1, 20)),
)
def test_no_step_ever_exceeds_the_attendees(rows, attendees):
    facts = [Fact(member, step, on, "E", "T") for member, step, on in rows]
    result = conversion(attendees, facts, window=conversion_window(date(2026, 10, 1), date(2026, 10, 2)))
    assert all(0 <= n <= len(attendees) for n in result["overall"].values())


def test_rate_of_nothing_is_zero():
    assert rate(0, 0) == 0.0
    assert rate(1, 3) == 33.3
