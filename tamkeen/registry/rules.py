"""Who the empowerment programme is for (domain.md §1, §3): pure rules over plain values.

Target ages are 18–59 (inclusive) under the default rule; the ages are policy, so they are dated configuration
(``ScopeAges``, loaded for a day by ``tamkeen.registry.selectors.scope_ages_on``) and passed in. Members who cannot be rehabilitated are out of scope; within the target
ages, full-time students aged 18–25 and caregivers of a child, an elderly or a disabled member are exempt from
the job-search duty (also out of scope for referral, but for a different, reportable reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tamkeen.core.periods import age_on

TARGET_MIN_AGE = 18
TARGET_MAX_AGE = 59
STUDENT_EXEMPT_MIN_AGE = 18
STUDENT_EXEMPT_MAX_AGE = 25
SCOPE_RULE = "registry.programme_scope"  # the name of the dated rule (tamkeen.core.models.DatedRule)


@dataclass(frozen=True)
class ScopeAges:
    """The programme's target ages and the student exemption's ages, inclusive."""

    min_age: int = TARGET_MIN_AGE
    max_age: int = TARGET_MAX_AGE
    student_min_age: int = STUDENT_EXEMPT_MIN_AGE
    student_max_age: int = STUDENT_EXEMPT_MAX_AGE


DEFAULT_SCOPE_AGES = ScopeAges()


class ScopeReason(StrEnum):
    IN_SCOPE = "in_scope"
    UNDER_AGE = "under_age"
    OVER_AGE = "over_age"
    NOT_REHABILITABLE = "not_rehabilitable"
    STUDENT_EXEMPT = "student_exempt"
    CAREGIVER_EXEMPT = "caregiver_exempt"
    CAPACITY_UNKNOWN = "capacity_unknown"


def member_scope(
    age: int,
    work_capacity: str | None,
    is_student: bool,
    is_caregiver: bool,
    ages: ScopeAges = DEFAULT_SCOPE_AGES,
) -> tuple[bool, ScopeReason]:
    """(in_scope, reason_code) for a member; the first reason that applies wins, in this order:

    age outside 18–59 → not rehabilitable → student exemption (18–25) → caregiver exemption.
    An unknown work capacity (not yet assessed) stays in scope with the reason ``capacity_unknown`` so that
    the member is assessed rather than silently dropped.
    """
    if age < ages.min_age:
        return False, ScopeReason.UNDER_AGE
    if age > ages.max_age:
        return False, ScopeReason.OVER_AGE
    if work_capacity == "not_rehabilitable":
        return False, ScopeReason.NOT_REHABILITABLE
    if is_student and ages.student_min_age <= age <= ages.student_max_age:
        return False, ScopeReason.STUDENT_EXEMPT
    if is_caregiver:
        return False, ScopeReason.CAREGIVER_EXEMPT
    if not work_capacity:
        return True, ScopeReason.CAPACITY_UNKNOWN
    return True, ScopeReason.IN_SCOPE


def member_scope_on(member, on: date, ages: ScopeAges = DEFAULT_SCOPE_AGES) -> tuple[bool, ScopeReason]:
    """The same, for a Member (or anything with those attributes) on a given day, under ``ages``."""
    return member_scope(
        age_on(member.birth_date, on),
        member.work_capacity,
        member.is_full_time_student,
        member.is_caregiver,
        ages,
    )
