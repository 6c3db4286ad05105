from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.registry.rules import ScopeReason, age_on, member_scope


@pytest.mark.parametrize(
    ("age", "capacity", "student", "caregiver", "expected"),
    [
        (17, "able", False, False, (False, ScopeReason.UNDER_AGE)),
        (18, "able", False, False, (True, ScopeReason.IN_SCOPE)),
        (59, "able", False, False, (True, ScopeReason.IN_SCOPE)),
        (60, "able", False, False, (False, ScopeReason.OVER_AGE)),
        (30, "rehabilitable", False, False, (True, ScopeReason.IN_SCOPE)),
        (30, "not_rehabilitable", False, False, (False, ScopeReason.NOT_REHABILITABLE)),
        (18, "able", True, False, (False, ScopeReason.STUDENT_EXEMPT)),
        (25, "able", True, False, (False, ScopeReason.STUDENT_EXEMPT)),
        (26, "able", True, False, (True, ScopeReason.IN_SCOPE)),  # the exemption ends at 25
        (40, "able", False, True, (False, ScopeReason.CAREGIVER_EXEMPT)),
        (20, "not_rehabilitable", True, True, (False, ScopeReason.NOT_REHABILITABLE)),
        (30, "", False, False, (True, ScopeReason.CAPACITY_UNKNOWN)),
        (30, None, False, False, (True, ScopeReason.CAPACITY_UNKNOWN)),
        (16, "able", True, True, (False, ScopeReason.UNDER_AGE)),
    ],
)
def test_member_scope(age, capacity, student, caregiver, expected):
    assert member_scope(age, capacity, student, caregiver) == expected


def test_age_on_counts_completed_years():
    assert age_on(date(2000, 6, 15), date(2018, 6, 14)) == 17
    assert age_on(date(2000, 6, 15), date(2018, 6, 15)) == 18
    assert age_on(date(2000, 2, 29), date(2018, 2, 28)) == 17
    assert age_on(date(2000, 2, 29), date(2018, 3, 1)) == 18


@given(
    st.integers(min_value=0, max_value=120),
    st.sampled_from(["able", "rehabilitable", "not_rehabilitable", "", None]),
    st.booleans(),
    st.booleans(),
)
def test_scope_is_consistent(age, capacity, student, caregiver):
    in_scope, reason = member_scope(age, capacity, student, caregiver)
    assert in_scope == (reason in (ScopeReason.IN_SCOPE, ScopeReason.CAPACITY_UNKNOWN))
    if in_scope:
        assert 18 <= age <= 59 and capacity != "not_rehabilitable" and not caregiver
