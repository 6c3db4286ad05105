"""A transition period keeps the length of the rule in force on its outcome's date, whatever is decided later."""

from datetime import date

import pytest

from tamkeen.cases import services
from tamkeen.cases.models import HouseholdTransition
from tamkeen.cases.rules import TRANSITION_RULE, TransitionPeriod, transition_ends_on
from tamkeen.cases.selectors import transition_period_on
from tamkeen.core.rules import dated_rule_set

pytestmark = pytest.mark.django_db


def test_the_end_of_a_transition_is_month_arithmetic_on_the_outcome_date():
    assert transition_ends_on(date(2026, 11, 1)) == date(2027, 11, 1)
    assert transition_ends_on(date(2026, 8, 31), TransitionPeriod(months=6)) == date(2027, 2, 28)
    assert transition_ends_on(date(2024, 2, 29), TransitionPeriod(months=12)) == date(2025, 2, 28)


def test_a_transition_started_under_the_old_rule_keeps_its_length(world):
    started = services.household_enter_transition(
        actor=None, household=world.household_frs, outcome_date=date(2026, 11, 1)
    )
    assert started.months == 12 and started.ends_on == date(2027, 11, 1)

    # A shorter period is decided later, from a future date: neither the open transition nor today's answer moves.
    dated_rule_set(
        actor=world.admin,
        name=TRANSITION_RULE,
        values={"months": 6},
        valid_from=date(2027, 1, 1),
        reason="قرار لاحق",
        today=date(2026, 11, 30),
    )
    started.refresh_from_db()
    assert (started.months, started.ends_on) == (12, date(2027, 11, 1))
    assert transition_period_on(date(2026, 11, 30)) == TransitionPeriod(months=12)

    later = services.household_enter_transition(
        actor=None, household=world.household_sby, outcome_date=date(2027, 2, 1)
    )
    assert later.months == 6 and later.ends_on == date(2027, 8, 1)
    assert HouseholdTransition.objects.get(pk=started.pk).months == 12
