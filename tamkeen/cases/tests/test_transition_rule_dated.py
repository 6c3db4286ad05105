"""A transition period keeps the length of the rule in force on its outcome's date, whatever is decided later."""

from datetime import date

import pytest

from tamkeen.cases import services
from tamkeen.cases.models import HouseholdTransition, TransitionRule

pytestmark = pytest.mark.django_db


def test_a_transition_started_under_the_old_rule_keeps_its_length(world):
    started = services.household_enter_transition(
        actor=None, household=world.household_frs, outcome_date=date(2026, 11, 1)
    )
    assert started.months == 12 and started.ends_on == date(2027, 11, 1)

    # A shorter period is decided later, from a future date: neither the open transition nor today's answer moves.
    TransitionRule.objects.create(months=6, effective_from=date(2027, 1, 1), legal_reference="قرار لاحق")
    started.refresh_from_db()
    assert (started.months, started.ends_on) == (12, date(2027, 11, 1))
    assert TransitionRule.months_on(date(2026, 11, 30)) == 12

    later = services.household_enter_transition(
        actor=None, household=world.household_sby, outcome_date=date(2027, 2, 1)
    )
    assert later.months == 6 and later.ends_on == date(2027, 8, 1)
    assert HouseholdTransition.objects.get(pk=started.pk).months == 12
