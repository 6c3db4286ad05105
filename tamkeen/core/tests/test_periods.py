from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.core.periods import add_months, add_years, age_on, latest_birth_date_for_age

days = st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 12, 31))


def test_a_29_february_birthday_turns_over_on_1_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20


def test_months_and_years_later_keep_the_day_or_take_the_shorter_months_last():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 3, 15), -3) == date(2024, 12, 15)
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@given(birth=days, on=days, age=st.integers(min_value=0, max_value=90))
def test_the_birth_date_bound_is_exactly_the_age_rule(birth, on, age):
    assert (age_on(birth, on) >= age) == (birth <= latest_birth_date_for_age(age, on))


@given(birth=days, on=days)
def test_age_grows_by_one_on_each_birthday(birth, on):
    if birth <= on <= date(2100, 12, 30):
        assert age_on(birth, on + timedelta(days=1)) - age_on(birth, on) in (0, 1)
