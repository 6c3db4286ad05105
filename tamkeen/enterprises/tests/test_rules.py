"""Certificate validity and income from sales, as plain functions."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tamkeen.enterprises.rules import (
    certificate_expiry,
    is_due_for_renewal,
    monthly_income,
    monthly_totals,
    previous_months,
)


def test_a_certificate_is_valid_three_years():
    assert certificate_expiry(date(2024, 3, 10)) == date(2027, 3, 10)


def test_a_certificate_issued_on_29_february_expires_on_28_february():
    assert certificate_expiry(date(2024, 2, 29)) == date(2027, 2, 28)


def test_renewal_is_due_inside_the_notice_window_and_after_expiry():
    expires = date(2027, 3, 10)
    assert not is_due_for_renewal(expires, expires - timedelta(days=61))
    assert is_due_for_renewal(expires, expires - timedelta(days=60))
    assert is_due_for_renewal(expires, expires + timedelta(days=5))


def test_previous_months_cross_the_year_boundary():
    assert previous_months(date(2026, 2, 14), 3) == [(2025, 11), (2025, 12), (2026, 1)]


def test_monthly_income_averages_complete_months_counting_empty_ones_as_zero():
    sales = [
        (date(2026, 1, 5), Decimal("300")),
        (date(2026, 1, 20), Decimal("300")),
        (date(2025, 12, 3), Decimal("600")),
        (date(2026, 2, 1), Decimal("9999")),  # the current month is not complete: left out
        (date(2025, 6, 1), Decimal("9999")),  # before the window
    ]
    assert monthly_income(sales, today=date(2026, 2, 14), months=3) == Decimal("400.00")


sale = st.tuples(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    st.decimals(min_value=1, max_value=10_000, places=2),
)


@given(st.lists(sale, max_size=40), st.integers(min_value=1, max_value=24))
def test_monthly_income_times_months_is_the_window_total(sales, months):
    today = date(2026, 6, 15)
    window = set(previous_months(today, months))
    in_window = sum((amount for day, amount in sales if (day.year, day.month) in window), Decimal(0))
    income = monthly_income(sales, today=today, months=months)
    assert abs(income * months - in_window) <= Decimal("0.01") * months


@given(st.lists(sale, max_size=40))
def test_monthly_totals_keep_every_riyal(sales):
    assert sum(monthly_totals(sales).values(), Decimal(0)) == sum((a for _, a in sales), Decimal(0))
