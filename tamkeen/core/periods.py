"""Calendar arithmetic on Gregorian dates, written once: ages, months and years later.

A 29 February birthday turns over on 1 March in a common year; a date a month or a year later keeps its day
unless the target month is shorter, when it becomes that month's last day.
"""

import calendar
from datetime import date
from functools import lru_cache


def age_on(birth_date: date, on: date) -> int:
    """Completed years on a given day."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


# The dashboard's retention table asks it for every hire of the year and each mark (3, 6, 12 months): ~800 calls
# a page over a few hundred distinct start days.
@lru_cache(maxsize=8192)
def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def latest_birth_date_for_age(age: int, on: date) -> date:
    """The latest birth date of someone at least ``age`` on ``on``: age_on(b, on) >= age  <=>  b <= this.

    It is what turns an age rule into a birth-date range a database index can use."""
    return add_years(on, -age)
