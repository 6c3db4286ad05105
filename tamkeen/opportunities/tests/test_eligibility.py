"""Eligibility: one pure function, no database. Stories about Muhammad (head of a Sabya household)."""

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.periods import age_on
from tamkeen.opportunities.eligibility import EDUCATION_ORDER, evaluate, is_eligible

TODAY = date(2026, 11, 29)

MUHAMMAD = {
    "gender": "M",
    "birth_date": date(1988, 5, 1),
    "education": "secondary",
    "national_id": "1000000008",
    "work_capacity": "able",
    "household_income": 1200,
    "certificates": ["Forklift licence"],
    "disability": "none",
}


def codes(failed):
    return [f.code for f in failed]


def test_no_conditions_means_everyone_is_eligible():
    assert evaluate({}, MUHAMMAD, TODAY) == []
    assert evaluate({}, {}, TODAY) == []


def test_hrdf_style_job_for_saudi_men_18_to_60_with_secondary_school():
    job = {
        "gender": "M",
        "min_age": 18,
        "max_age": 60,
        "min_education": "secondary",
        "nationality": "citizen",
    }
    assert is_eligible(job, MUHAMMAD, TODAY)


def test_every_failed_condition_is_explained_not_only_the_first():
    course = {
        "gender": "F",
        "min_age": 40,
        "min_education": "bachelor",
        "nationality": "resident",
        "work_capacities": ["rehabilitable"],
        "max_household_income": 1000,
        "required_certificate": "Nursing diploma",
    }
    failed = evaluate(course, MUHAMMAD, TODAY)
    assert codes(failed) == [
        "gender",
        "min_age",
        "min_education",
        "nationality",
        "work_capacity",
        "max_household_income",
        "required_certificate",
    ]
    assert all(f.message for f in failed)
    age = next(f for f in failed if f.code == "min_age")
    assert (age.expected, age.actual) == (40, 38)


def test_messages_are_in_arabic_when_arabic_is_active():
    with translation.override("ar"):
        failed = evaluate({"min_age": 40}, MUHAMMAD, TODAY)
    assert failed[0].code == "min_age"
    assert "40" in failed[0].message


def test_age_is_counted_on_the_day_not_the_year():
    assert age_on(date(2008, 11, 30), TODAY) == 17
    assert age_on(date(2008, 11, 29), TODAY) == 18
    assert codes(evaluate({"min_age": 18}, {"birth_date": date(2008, 11, 30)}, TODAY)) == ["min_age"]
    assert evaluate({"min_age": 18}, {"birth_date": date(2008, 11, 29)}, TODAY) == []


def test_unknown_facts_fail_with_their_own_explanation():
    failed = evaluate({"min_age": 18, "min_education": "primary", "max_household_income": 3000}, {}, TODAY)
    assert codes(failed) == ["age", "min_education", "max_household_income"]


def test_nationality_comes_from_the_national_id_first_digit():
    resident = {**MUHAMMAD, "national_id": "2000000006"}
    assert codes(evaluate({"nationality": "citizen"}, resident, TODAY)) == ["nationality"]
    assert evaluate({"nationality": "resident"}, resident, TODAY) == []
    assert evaluate({"nationality": "any"}, resident, TODAY) == []


def test_a_disability_alone_never_fails_a_condition():
    fatima = {**MUHAMMAD, "gender": "F", "disability": "physical"}
    assert evaluate({"is_disability_friendly": False}, fatima, TODAY) == []
    assert evaluate({"is_disability_friendly": True}, fatima, TODAY) == []
    with_needs = {**fatima, "accommodation_needs": ["mobility"]}
    assert codes(evaluate({"is_disability_friendly": True}, with_needs, TODAY)) == ["accommodation"]


def test_income_limit_is_inclusive_and_certificate_match_ignores_case():
    assert evaluate({"max_household_income": "1200.00"}, MUHAMMAD, TODAY) == []
    assert evaluate({"required_certificate": "forklift LICENCE"}, MUHAMMAD, TODAY) == []


def test_dataclasses_work_as_well_as_dicts():
    @dataclass
    class Conditions:
        min_age: int = 18
        max_age: int = 25

    @dataclass
    class Person:
        birth_date: date = date(1988, 5, 1)

    assert codes(evaluate(Conditions(), Person(), TODAY)) == ["max_age"]


@given(
    education=st.sampled_from(EDUCATION_ORDER),
    required=st.sampled_from(EDUCATION_ORDER),
)
def test_education_is_monotonic(education, required):
    ok = evaluate({"min_education": required}, {"education": education}, TODAY) == []
    assert ok == (EDUCATION_ORDER.index(education) >= EDUCATION_ORDER.index(required))


@given(
    birth=st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 1, 1)),
    low=st.integers(0, 90),
    span=st.integers(0, 40),
)
def test_age_range_agrees_with_age_on(birth, low, span):
    age = age_on(birth, TODAY)
    ok = evaluate({"min_age": low, "max_age": low + span}, {"birth_date": birth}, TODAY) == []
    assert ok == (low <= age <= low + span)
