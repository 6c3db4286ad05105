"""The synthetic population: pure tests over plain dicts (no database)."""

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.identifiers import is_valid_national_id
from tamkeen.core.names import name_parts_key
from tamkeen.core.phones import parse_mobile
from tamkeen.registry.synthetic.people import generate_households, load_names, national_id

AS_OF = date(2026, 11, 29)
GOVERNORATES = [("JAZ", 190_000), ("SAB", 235_000), ("FAR", 18_000), ("TUW", 30_000), ("SAM", 155_000)]
OFFICES = {"JAZ": "JZN", "SAB": "SBY", "FAR": "FRS", "TUW": "SMT", "SAM": "SMT"}


def households(n=3000, seed=1440, **kwargs):
    return list(generate_households(n, seed, GOVERNORATES, OFFICES, as_of=AS_OF, **kwargs))


@pytest.fixture(scope="module")
def sample():
    return households()


@pytest.fixture(scope="module")
def members(sample):
    return [m for h in sample for m in h["members"]]


def years_between(earlier: date, later: date) -> float:
    return (later - earlier).days / 365.2425


def test_the_same_seed_gives_the_same_households_and_another_seed_others():
    assert households(200) == households(200)
    assert households(200) != households(200, seed=1441)


def test_it_streams_rather_than_building_a_list():
    stream = generate_households(10**9, 1, GOVERNORATES, OFFICES, as_of=AS_OF)
    assert next(stream)["members"]  # a billion households would not fit: only the first is made


def test_names_data_is_large_enough_and_says_where_it_comes_from():
    names = load_names()
    assert names["_source"]
    assert (
        len(names["male_given"]) >= 150 and len(names["female_given"]) >= 150 and len(names["family"]) >= 150
    )
    for key in ("male_given", "female_given", "family"):
        values = [name for name, _ in names[key]]
        assert len(values) == len(set(values)), key
        assert all(weight > 0 for _, weight in names[key])
    top_male = max(names["male_given"], key=lambda pair: pair[1])[0]
    assert top_male == "محمد"


def test_national_ids_are_valid_unique_and_mostly_citizens(members):
    ids = [m["national_id"] for m in members]
    assert all(is_valid_national_id(value) for value in ids)
    assert len(ids) == len(set(ids))
    residents = sum(value.startswith("2") for value in ids)
    assert 0 < residents < 0.05 * len(ids)


def test_id_offsets_give_disjoint_ids():
    first = {m["national_id"] for h in households(300) for m in h["members"]}
    second = {m["national_id"] for h in households(300, seed=7, id_offset=10_000) for m in h["members"]}
    assert not first & second


@given(
    st.integers(min_value=0, max_value=10**8 - 1),
    st.integers(min_value=0, max_value=10**8 - 1),
    st.sampled_from("12"),
)
def test_every_synthetic_id_is_valid_and_distinct_counters_never_collide(a, b, kind):
    assert is_valid_national_id(national_id(a, kind))
    assert national_id(a, kind)[0] == kind
    assert (national_id(a, kind) == national_id(b, kind)) == (a == b)


def test_file_numbers_follow_the_start_and_offices_match_governorates():
    result = households(50, start_file_number=5_000_000)
    assert [h["file_number"] for h in result] == [str(5_000_000 + i) for i in range(50)]
    assert all(h["office_code"] == OFFICES[h["governorate_code"]] for h in result)


def test_governorates_are_drawn_by_population(sample):
    counts = Counter(h["governorate_code"] for h in sample)
    assert counts["SAB"] > counts["SAM"] > counts["TUW"] > 0
    assert counts["FAR"] < counts["SAB"] / 5


def test_a_governorate_without_an_office_is_refused():
    with pytest.raises(ValueError, match="no office"):
        next(generate_households(1, 1, [("XXX", 1)], {}, as_of=AS_OF))


def test_exactly_one_head_per_household_listed_first(sample):
    for household in sample:
        relations = [m["relation"] for m in household["members"]]
        assert relations[0] == "head"
        assert relations.count("head") == 1


def test_household_sizes_look_like_social_security_households(sample):
    sizes = [len(h["members"]) for h in sample]
    assert 4.5 <= sum(sizes) / len(sizes) <= 6.5
    assert max(sizes) <= 25
    assert Counter(h["kind"] for h in sample)["couple"] > len(sample) / 2


def test_children_carry_their_fathers_names(sample):
    for household in sample:
        head, *others = household["members"]
        children = [m for m in others if m["relation"] in ("son", "daughter")]
        if head["gender"] == "M":
            for child in children:
                assert (child["father_name"], child["grandfather_name"], child["family_name"]) == (
                    head["first_name"],
                    head["father_name"],
                    head["family_name"],
                )
        elif children:  # a widow or divorced mother: the children share their (absent) father's names
            assert len({(c["father_name"], c["grandfather_name"], c["family_name"]) for c in children}) == 1
        for sibling in (m for m in others if m["relation"] in ("brother", "sister")):
            assert (sibling["father_name"], sibling["family_name"]) == (
                head["father_name"],
                head["family_name"],
            )
        for father in (m for m in others if m["relation"] == "father"):
            assert (father["first_name"], father["family_name"]) == (head["father_name"], head["family_name"])


def test_ages_are_plausible(sample):
    for household in sample:
        head = household["members"][0]
        assert head["age"] >= 18
        mothers = [m for m in household["members"] if m["relation"] == "wife"] or (
            [head] if head["gender"] == "F" else []
        )
        for member in household["members"]:
            assert member["birth_date"] < AS_OF
            assert 0 <= member["age"] <= 100
            assert (
                member["age"] == int(years_between(member["birth_date"], AS_OF) + 0.002)
                or abs(member["age"] - years_between(member["birth_date"], AS_OF)) < 1
            )
            if member["relation"] == "wife":
                assert member["age"] >= 18
            if member["relation"] in ("son", "daughter"):
                # born to one of the mothers of the household when she was 18–45
                assert any(
                    17.99 <= years_between(mother["birth_date"], member["birth_date"]) <= 45
                    for mother in mothers
                )
            if member["relation"] in ("father", "mother"):
                assert member["age"] >= head["age"] + 18


def test_both_genders_roughly_balanced(members):
    share = Counter(m["gender"] for m in members)["F"] / len(members)
    assert 0.45 <= share <= 0.55


def test_disability_at_realistic_rates_more_among_older_people(members):
    disabled = [m for m in members if m["disability"] != "none"]
    assert 0.03 <= len(disabled) / len(members) <= 0.08
    young = [m for m in members if m["age"] < 18]
    old = [m for m in members if m["age"] >= 60]
    rate = lambda group: sum(m["disability"] != "none" for m in group) / len(group)  # noqa: E731
    assert rate(old) > 2 * rate(young)
    types = Counter(m["disability"] for m in disabled)
    assert types["physical"] > types["multiple"] > types["intellectual"]
    assert types["visual"] > types["intellectual"]
    assert not any(m["is_disability_registered"] for m in members if m["disability"] == "none")


def test_work_capacity_for_adults_mostly_able(members):
    assert all(m["work_capacity"] == "" for m in members if m["age"] < 18)
    adults = [m for m in members if m["age"] >= 18]
    assert all(m["work_capacity"] in ("able", "rehabilitable", "not_rehabilitable") for m in adults)
    capacity = Counter(m["work_capacity"] for m in adults if m["age"] < 60 and m["disability"] == "none")
    assert capacity["able"] > 0.8 * sum(capacity.values())
    assert capacity["rehabilitable"] > capacity["not_rehabilitable"] > 0
    disabled = Counter(m["work_capacity"] for m in adults if m["disability"] != "none")
    assert disabled["able"] < 0.5 * sum(disabled.values())


def test_students_caregivers_and_employment_are_consistent(members):
    students = [m for m in members if m["is_full_time_student"]]
    assert students and all(18 <= m["age"] <= 25 and m["employment_status"] == "student" for m in students)
    assert all(m["employment_status"] == "student" for m in members if 6 <= m["age"] < 18)
    assert all(m["employment_status"] == "not_in_labour_force" for m in members if m["age"] >= 65)
    caregivers = [m for m in members if m["is_caregiver"]]
    assert caregivers and all(m["gender"] == "F" and m["age"] >= 18 for m in caregivers)
    platform = [m for m in members if m["is_on_employment_platform"]]
    assert platform and all(m["employment_status"] == "unemployed" for m in platform)
    assert all(m["employment_platform_date"] <= AS_OF for m in platform)
    assert {"employed", "self_employed", "unemployed"} <= {m["employment_status"] for m in members}


def test_education_follows_age(members):
    assert all(m["education"] == "" for m in members if m["age"] < 6)
    assert all(m["education"] == "primary" for m in members if 6 <= m["age"] < 15)
    old_women = Counter(m["education"] for m in members if m["age"] >= 55 and m["gender"] == "F")
    young_adults = Counter(m["education"] for m in members if 18 <= m["age"] < 25)
    assert old_women["none"] > 0.5 * sum(old_women.values())
    assert young_adults["none"] < 0.05 * sum(young_adults.values())


def test_marital_status_follows_relation(members):
    for member in members:
        if member["relation"] == "wife":
            assert member["marital_status"] == "married"
        if member["relation"] in ("son", "brother", "sister"):
            assert member["marital_status"] == "single"
        if member["relation"] == "daughter":
            assert member["marital_status"] in ("single", "divorced")


def test_phones_are_saudi_mobiles_in_e164_and_some_members_have_none(members):
    phones = [m["phone"] for m in members if m["phone"]]
    assert all(parse_mobile(phone) == phone for phone in phones[:5000])
    assert not any(m["phone"] for m in members if m["age"] < 15)
    assert 0.3 < len(phones) / len(members) < 0.9


def test_money_and_registration_dates_are_plausible(sample):
    for household in sample:
        assert 0 <= household["monthly_income"] <= 40_000
        assert 150 <= household["pension_amount"] <= 10_000
        head = household["members"][0]
        assert AS_OF - timedelta(days=15 * 366) <= household["registered_on"] <= AS_OF
        assert years_between(head["birth_date"], household["registered_on"]) >= 17.99
    assert sum(h["monthly_income"] == 0 for h in sample) > len(sample) / 3


def test_names_come_from_the_vocabulary_and_are_four_parts(members):
    names = load_names()
    male = {name for name, _ in names["male_given"]}
    female = {name for name, _ in names["female_given"]}
    family = {name for name, _ in names["family"]}
    for member in members:
        assert member["first_name"] in (male if member["gender"] == "M" else female)
        assert member["father_name"] in male and member["grandfather_name"] in male
        assert member["family_name"] in family
        assert (
            len(
                name_parts_key(
                    member["first_name"],
                    member["father_name"],
                    member["grandfather_name"],
                    member["family_name"],
                ).split()
            )
            >= 4
        )
