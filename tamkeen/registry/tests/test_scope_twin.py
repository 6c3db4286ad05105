"""The programme's scope exists once as a pure rule and once as its SQL twin; they must agree."""

import random
from datetime import date, timedelta

import pytest

from tamkeen.core.periods import add_years
from tamkeen.registry.models import Member
from tamkeen.registry.rules import member_scope_on
from tamkeen.registry.selectors import members_in_programme_scope
from tests.personas import make_household, make_member

ON_DAYS = [date(2026, 11, 30), date(2028, 2, 29), date(2027, 2, 28), date(2026, 3, 1)]


def boundary_births(on: date) -> list[date]:
    """Birth dates a day either side of every age limit of the rule, and 29 February births."""
    births = [date(2008, 2, 29), date(2000, 2, 29), date(1968, 2, 29)]
    for age in (17, 18, 25, 26, 59, 60):
        edge = add_years(on, -age)
        births += [edge - timedelta(days=1), edge, edge + timedelta(days=1)]
    return births


@pytest.mark.django_db
@pytest.mark.parametrize("on", ON_DAYS)
def test_the_sql_twin_selects_exactly_the_members_the_pure_rule_puts_in_scope(world, on):
    rng = random.Random(on.toordinal())
    household = make_household("TWIN-1", world.sby, "SAB")
    births = boundary_births(on) + [on - timedelta(days=rng.randrange(10 * 365, 70 * 365)) for _ in range(80)]
    for n, birth in enumerate(births):
        make_member(
            household,
            "son",
            f"عضو{n}",
            "التوأم",
            birth_date=birth,
            work_capacity=rng.choice(["", *Member.WorkCapacity.values]),
            is_full_time_student=rng.random() < 0.4,
            is_caregiver=rng.random() < 0.15,
        )
    members = Member.objects.filter(household=household)

    expected = {member.pk for member in members if member_scope_on(member, on)[0]}
    assert set(members_in_programme_scope(members, on).values_list("pk", flat=True)) == expected
    assert 0 < len(expected) < len(births), "the sample has members on both sides"
