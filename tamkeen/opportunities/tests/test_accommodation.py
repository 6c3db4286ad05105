"""Accommodation needs against accessibility features: pure rules, no database.

Fatima (Sabya) uses a wheelchair; Salem is deaf; Huda is blind; the rule must never exclude any of them for the
disability itself, only for a need an opportunity does not meet, and must say which.
"""

from datetime import date

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.opportunities.accessibility import FEATURES, NEED_KINDS, unmet_needs
from tamkeen.opportunities.eligibility import EDUCATION_ORDER, evaluate

TODAY = date(2026, 11, 29)
FATIMA = {
    "gender": "F",
    "birth_date": date(1994, 3, 2),
    "education": "secondary",
    "national_id": "1000000008",
    "work_capacity": "able",
    "household_income": 1500,
    "disability": "physical",
    "accommodation_needs": ["mobility"],
}
OFFICE_JOB = {"accessibility_features": ["step_free_access", "accessible_toilets"], "mode": "in_person"}


def test_mobility_is_met_by_step_free_access_with_an_accessible_toilet_or_by_remote_work():
    assert evaluate(OFFICE_JOB, FATIMA, TODAY) == []
    assert evaluate({"accessibility_features": ["remote_work"]}, FATIMA, TODAY) == []
    assert evaluate({"mode": "online"}, FATIMA, TODAY) == []
    stairs_only = evaluate({"accessibility_features": ["step_free_access"]}, FATIMA, TODAY)
    assert [f.code for f in stairs_only] == ["accommodation"]


def test_each_gap_is_named_in_arabic_and_english():
    salem = {**FATIMA, "gender": "M", "disability": "hearing", "accommodation_needs": ["hearing", "vision"]}
    with translation.override("en"):
        failed = evaluate(OFFICE_JOB, salem, TODAY)
    assert [f.expected for f in failed] == ["vision", "hearing"]
    assert "sign-language" in failed[1].message
    with translation.override("ar"):
        arabic = evaluate(OFFICE_JOB, salem, TODAY)
    assert "لغة الإشارة" in arabic[1].message
    assert "قارئ الشاشة" in arabic[0].message


def test_a_need_only_described_in_words_never_excludes():
    assert evaluate({}, {**FATIMA, "accommodation_needs": ["other"]}, TODAY) == []
    assert unmet_needs(["other"], []) == []


def test_cognitive_needs_are_met_by_plain_language_support_or_flexible_hours():
    assert unmet_needs(["cognitive"], ["easy_read"]) == []
    assert unmet_needs(["cognitive"], ["flexible_hours"]) == []
    assert unmet_needs(["cognitive"], ["remote_work"]) == ["cognitive"]


conditions = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["", "M", "F"]),
        "min_age": st.one_of(st.none(), st.integers(15, 40)),
        "max_age": st.one_of(st.none(), st.integers(40, 65)),
        "min_education": st.sampled_from(["", *EDUCATION_ORDER]),
        "work_capacities": st.lists(st.sampled_from(["able", "rehabilitable", "not_rehabilitable"])),
        "is_disability_friendly": st.booleans(),
        "accessibility_features": st.lists(st.sampled_from(FEATURES), unique=True),
        "mode": st.sampled_from(["in_person", "online"]),
    }
)
people = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(["M", "F"]),
        "birth_date": st.dates(date(1960, 1, 1), date(2010, 1, 1)),
        "education": st.sampled_from(EDUCATION_ORDER),
        "work_capacity": st.sampled_from(["able", "rehabilitable", ""]),
        "disability": st.sampled_from(["physical", "visual", "hearing", "intellectual", "multiple", "other"]),
        "accommodation_needs": st.lists(st.sampled_from(NEED_KINDS), unique=True),
    }
)


@given(opportunity=conditions, person=people)
def test_no_one_is_excluded_by_disability_alone(opportunity, person):
    """Whoever has no need the opportunity cannot meet is judged exactly as if they had no disability."""
    gaps = unmet_needs(
        person["accommodation_needs"],
        opportunity["accessibility_features"],
        is_online=opportunity["mode"] == "online",
    )
    failed = evaluate(opportunity, person, TODAY)
    without_disability = evaluate(
        opportunity, {**person, "disability": "none", "accommodation_needs": []}, TODAY
    )
    if not gaps:
        assert failed == without_disability
    else:
        assert [f.expected for f in failed if f.code == "accommodation"] == gaps
        assert [f for f in failed if f.code != "accommodation"] == without_disability
