"""The pure row validator: every column, every date form, every row-level reason code; Hypothesis for the rest."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tamkeen.geography.selectors import governorate_key
from tamkeen.registry.roll.validation import (
    DUPLICATE_IN_FILE,
    HOUSEHOLD_WITH_TWO_HEADS,
    HOUSEHOLD_WITHOUT_HEAD,
    REASON_CODES,
    HouseholdKeys,
    OfficeRef,
    Reference,
    household_problems,
    validate_row,
)

from .rollfiles import COLUMNS, member_row

SBY = OfficeRef(1, "SBY", 9)
OTHER_REGION = OfficeRef(2, "RYD", 1)
REF = Reference(
    offices={"sby": SBY, "ryd": OTHER_REGION},
    governorates={
        9: {governorate_key(s): 11 for s in ("SAB", "صبيا", "Sabya", "صبياء")}
        | {governorate_key(s): 12 for s in ("فيفاء", "فيفا", "Fayfa")}
        | {governorate_key(s): 13 for s in ("الدائر", "الداير")},
        1: {governorate_key("الرياض"): 21},
    },
    today=date(2026, 11, 29),
    governorate_key=governorate_key,
)


def check(**fields):
    row = member_row("400100")
    row.update(fields)
    return validate_row(row, REF)


def reasons(result):
    return {(column, reason) for column, _value, reason in result.problems}


def test_a_good_row_cleans_every_column():
    result = check(
        national_id="1000000008", phone="0501234567", monthly_income="1,500", pension_amount="٢٠٠٠"
    )
    assert result.is_valid, result.problems
    values = result.values
    assert values["file_number"] == "400100"
    assert values["office_id"] == 1
    assert values["national_id"] == "1000000008"
    assert values["relation"] == "head"
    assert (values["first_name"], values["father_name"], values["grandfather_name"], values["family_name"]) == (
        "أحمد", "علي", "حسن", "المالكي",
    )  # fmt: skip
    assert values["name_key"] == "احمد علي حسن المالكي"
    assert values["gender"] == "M"
    assert values["birth_date"] == date(1990, 1, 15)
    assert values["phone"] == "+966501234567"
    assert values["education"] == "secondary"
    assert values["marital_status"] == "married"
    assert values["disability"] == "none"
    assert values["work_capacity"] == "able"
    assert values["governorate_id"] == 11
    assert values["monthly_income"] == Decimal("1500.00")
    assert values["pension_amount"] == Decimal("2000.00")


@pytest.mark.parametrize(
    ("column", "text", "code"),
    [
        ("relation", "رب الأسرة", "head"), ("relation", "زوجة", "wife"), ("relation", "زوج", "husband"),
        ("relation", "ابن", "son"), ("relation", "ابنة", "daughter"), ("relation", "أب", "father"),
        ("relation", "أم", "mother"), ("relation", "أخ", "brother"), ("relation", "أخت", "sister"),
        ("relation", "أخرى", "other"), ("relation", " HEAD ", "head"),
        ("gender", "ذكر", "M"), ("gender", "أنثى", "F"), ("gender", "f", "F"), ("gender", "M", "M"),
        ("education", "أمي", "none"), ("education", "ابتدائي", "primary"), ("education", "متوسط", "intermediate"),
        ("education", "ثانوي", "secondary"), ("education", "دبلوم", "diploma"), ("education", "بكالوريوس", "bachelor"),
        ("education", "ماجستير", "master"), ("education", "دكتوراه", "doctorate"),
        ("marital_status", "أعزب", "single"), ("marital_status", "عزباء", "single"),
        ("marital_status", "متزوجة", "married"), ("marital_status", "مطلق", "divorced"),
        ("marital_status", "أرملة", "widowed"),
        ("disability", "لا يوجد", "none"), ("disability", "حركية", "physical"), ("disability", "بصرية", "visual"),
        ("disability", "سمعية", "hearing"), ("disability", "ذهنية", "intellectual"),
        ("disability", "متعددة", "multiple"), ("disability", "أخرى", "other"), ("disability", "", "none"),
        ("work_capacity", "قادر على العمل", "able"), ("work_capacity", "قابل للتأهيل", "rehabilitable"),
        ("work_capacity", "غير قابل للتأهيل", "not_rehabilitable"), ("work_capacity", "not_rehabilitable", "not_rehabilitable"),
        ("education", "", ""), ("marital_status", "", ""), ("work_capacity", "", ""),
    ],
)  # fmt: skip
def test_coded_values_in_english_or_arabic(column, text, code):
    result = check(**{column: text})
    assert result.is_valid, result.problems
    assert result.values[column] == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-01-15", date(1990, 1, 15)),
        ("1990/01/15", date(1990, 1, 15)),
        ("15/01/1990", date(1990, 1, 15)),
        ("15-01-1990", date(1990, 1, 15)),
        ("5/1/1990", date(1990, 1, 5)),
        ("1405/07/12", date(1985, 4, 2)),
        ("12/07/1405", date(1985, 4, 2)),
        ("١٩٩٠-٠١-١٥", date(1990, 1, 15)),
        ("۱۴۰۵/۰۷/۱۲", date(1985, 4, 2)),
    ],
)
def test_date_forms(text, expected):
    result = check(birth_date=text)
    assert result.is_valid, result.problems
    assert result.values["birth_date"] == expected


def test_a_spreadsheet_date_cell_is_a_date():
    row = member_row("400100")
    row["birth_date"] = date(1990, 1, 15)
    assert validate_row(row, REF).values["birth_date"] == date(1990, 1, 15)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"first_name": ""}, ("first_name", "missing_required")),
        ({"family_name": "  "}, ("family_name", "missing_required")),
        ({"file_number": ""}, ("file_number", "missing_required")),
        ({"office_code": ""}, ("office_code", "missing_required")),
        ({"national_id": ""}, ("national_id", "missing_required")),
        ({"relation": ""}, ("relation", "missing_required")),
        ({"gender": ""}, ("gender", "missing_required")),
        ({"birth_date": ""}, ("birth_date", "missing_required")),
        ({"governorate": ""}, ("governorate", "missing_required")),
        ({"national_id": "1000000000"}, ("national_id", "invalid_national_id")),
        ({"national_id": "3000000008"}, ("national_id", "invalid_national_id")),
        ({"national_id": "12345"}, ("national_id", "invalid_national_id")),
        ({"birth_date": "1990-02-30"}, ("birth_date", "invalid_date")),
        ({"birth_date": "1700-01-01"}, ("birth_date", "invalid_date")),
        ({"birth_date": "yesterday"}, ("birth_date", "invalid_date")),
        ({"birth_date": "2090-01-01"}, ("birth_date", "future_date")),
        ({"phone": "0521234567"}, ("phone", "invalid_phone")),
        ({"phone": "12345"}, ("phone", "invalid_phone")),
        ({"office_code": "XXX"}, ("office_code", "unknown_office")),
        ({"governorate": "الرياض"}, ("governorate", "unknown_governorate")),  # another region's
        ({"governorate": "باريس"}, ("governorate", "unknown_governorate")),
        ({"relation": "cousin"}, ("relation", "unknown_value")),
        ({"gender": "X"}, ("gender", "unknown_value")),
        ({"education": "PhD in life"}, ("education", "unknown_value")),
        ({"marital_status": "complicated"}, ("marital_status", "unknown_value")),
        ({"disability": "yes"}, ("disability", "unknown_value")),
        ({"work_capacity": "maybe"}, ("work_capacity", "unknown_value")),
        ({"monthly_income": "a lot"}, ("monthly_income", "unknown_value")),
        ({"pension_amount": "-5"}, ("pension_amount", "unknown_value")),
        ({"file_number": "F-12"}, ("file_number", "unknown_value")),
        ({"first_name": "ا" * 61}, ("first_name", "unknown_value")),
    ],
)
def test_row_level_reason_codes(fields, expected):
    assert expected in reasons(check(**fields))


def test_several_problems_in_one_row_are_all_listed():
    result = check(national_id="1000000000", phone="nope", birth_date="2099-01-01")
    assert reasons(result) == {
        ("national_id", "invalid_national_id"),
        ("phone", "invalid_phone"),
        ("birth_date", "future_date"),
    }


def test_governorate_spelling_variants():
    assert check(governorate="فيفا").values["governorate_id"] == 12
    assert check(governorate="الداير").values["governorate_id"] == 13
    assert check(governorate="Sabya").values["governorate_id"] == 11


def test_a_supervisor_import_only_accepts_their_office():
    ref = Reference(**{**REF.__dict__, "only_office_id": 99})
    assert ("office_code", "unknown_office") in reasons(validate_row(member_row("1"), ref))


def test_absent_optional_columns_are_left_alone():
    row = {k: v for k, v in member_row("400100").items() if k not in ("phone", "education", "monthly_income")}
    values = validate_row(row, REF).values
    assert "phone" not in values and "education" not in values and "monthly_income" not in values


def test_household_rules():
    values = {"file_number": "7", "national_id": "1000000008", "relation": "son"}
    one_head = HouseholdKeys(head_rows=1)
    common = {"row_problems": [], "raw_national_id": "1000000008", "duplicate_ids": set()}
    assert household_problems(values=values, household=one_head, head_rejected=False, **common) == []
    assert household_problems(
        values=values, household=HouseholdKeys(head_rows=0), head_rejected=False, **common
    ) == [("file_number", "7", HOUSEHOLD_WITHOUT_HEAD)]
    assert household_problems(values=values, household=one_head, head_rejected=True, **common) == [
        ("file_number", "7", HOUSEHOLD_WITHOUT_HEAD)
    ]
    assert household_problems(
        values=values, household=HouseholdKeys(head_rows=2), head_rejected=False, **common
    ) == [("relation", "son", HOUSEHOLD_WITH_TWO_HEADS)]
    dup = {**common, "duplicate_ids": {"1000000008"}}
    assert household_problems(values=values, household=one_head, head_rejected=False, **dup) == [
        ("national_id", "1000000008", DUPLICATE_IN_FILE)
    ]


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "head", "رب الأسرة", "1000000008", "1405/07/12", "٠٥٠١٢٣٤٥٦٧", "SBY", "صبيا", "M"]
    ),
    st.dates().map(lambda d: d),
    st.integers().map(str),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(COLUMNS), cell))
def test_no_input_crashes_the_validator_and_every_rejection_has_a_reason(raw):
    result = validate_row(raw, REF)
    for column, _value, reason in result.problems:
        assert reason in REASON_CODES
        assert column in COLUMNS
    if result.is_valid:
        for column in (
            "file_number",
            "national_id",
            "relation",
            "first_name",
            "family_name",
            "gender",
            "birth_date",
        ):
            assert result.values[column]


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789+ -()٠١٢٣٤٥٦٧٨٩", max_size=18),
        st.builds(
            lambda prefix, body, form: form.format(n=prefix + body),
            st.sampled_from(
                ["50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "579", "5790", "5799"]
            ),
            st.text(alphabet="0123456789", min_size=6, max_size=8),
            st.sampled_from(["0{n}", "+966{n}", "966{n}", "00966{n}", "{n}", "0 {n}", "+966-{n}"]),
        ),
    )
)
@example("0579912345")
@example("0579012345")
@example("+966 57 991 2345")
def test_the_fast_phone_check_agrees_with_core_phones(text):
    from tamkeen.core.phones import InvalidPhone, parse_mobile
    from tamkeen.registry.roll.validation import clean_phone

    try:
        expected = parse_mobile(text)
    except InvalidPhone:
        expected = None
    assert clean_phone(text) == expected
